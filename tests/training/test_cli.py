"""The command lines: published `python -m training --mode train|test`, and `aknet train|eval|synth`."""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

import numpy as np
import pytest

from core.cli import build_parser
from core.image.read import read_image
from core.metrics import psnr, ssim
from core.restorer import Restorer
from training import cli
from training.__main__ import main


def test_aknet_finds_the_training_subcommands() -> None:
    parser = build_parser()
    args = parser.parse_args(["train", "--data_dir", "D", "--steps", "5", "--crop-size", "64", "--model", "tiny"])
    assert args.handler is cli.run_train and args.steps == 5 and args.crop_size == 64
    config = cli.config_from_args(args)
    assert config.output_dir == "runs/dehaze" and config.learning_rate == 2e-4 and config.batch_size == 8
    assert config.holdout_seed is None
    held = parser.parse_args(["train", "--data_dir", "D", "--seed", "12", "--holdout-seed", "7"])
    assert (cli.config_from_args(held).seed, cli.config_from_args(held).holdout_seed) == (12, 7)
    assert parser.parse_args(["eval", "--data_dir", "D", "--test_model", "w.pkl"]).handler is cli.run_eval
    assert parser.parse_args(["synth", "--clean", "C", "--output", "O"]).handler is cli.run_synth


def test_published_defaults_are_the_published_recipe() -> None:
    from training.__main__ import published_parser

    args = published_parser().parse_args(["--mode", "train", "--data_dir", "D"])
    assert (args.batch_size, args.learning_rate, args.num_epoch, args.save_freq, args.valid_freq, args.seed) == (
        8,
        2e-4,
        500,
        50,
        30,
        100,
    )
    config = cli.config_from_args(args)
    assert (config.crop_size, config.grad_clip, config.fft_weight, config.min_learning_rate) == (256, 0.01, 0.1, 1e-6)
    floor = published_parser().parse_args(["--mode", "train", "--data_dir", "D", "--min-learning-rate", "3e-5"])
    assert cli.config_from_args(floor).min_learning_rate == 3e-5


def test_benchmark_times_steps_with_the_training_options_and_writes_nothing(tmp_path: Path, capsys) -> None:
    argv = ["train", "--benchmark", "--model", "tiny", "--batch-size", "2", "--crop-size", "32", "--device", "cpu"]
    argv += ["--plain-kernels", "--output-dir", str(tmp_path / "run")]
    assert cli.config_from_args(build_parser().parse_args(argv)).fast_paths is False
    assert main(argv) == 0
    figures = json.loads(capsys.readouterr().out)
    assert (figures["task"], figures["batch"], figures["crop"], figures["steps_timed"]) == ("dehaze", 2, 32, 5)
    assert figures["steps_per_second"] > 0 and figures["synthesis_ms_per_sample"] > 0
    assert not (tmp_path / "run").exists()


@pytest.mark.slow
def test_synth_train_and_test_from_the_command_line(clean_folder: Path, tmp_path: Path, capsys) -> None:
    dataset, run, results = tmp_path / "dataset", tmp_path / "run", tmp_path / "results"
    synth = ["synth", "--clean", f"{clean_folder}:2", "--output", str(dataset), "--test-count", "1", "--workers", "1"]
    assert main(synth) == 0
    manifest = json.loads((dataset / "synthesis.json").read_text())
    assert manifest["counts"] == {"train": 6, "test": 1, "unreadable": 0}
    assert len(list((dataset / "train" / "hazy").glob("*.png"))) == 6
    assert sorted(p.name for p in (dataset / "test" / "gt").iterdir()) == sorted(
        p.name for p in (dataset / "test" / "hazy").iterdir()
    )
    capsys.readouterr()

    code = main(
        ["--mode", "train", "--data_dir", str(dataset), "--model", "tiny", "--crop_size", "32", "--batch_size", "2",
         "--num_epoch", "2", "--output-dir", str(run), "--workers", "0", "--device", "cpu"]
    )  # fmt: skip
    assert code == 0
    summary = json.loads(capsys.readouterr().out)
    assert summary["stopped"] == "finished" and summary["step"] == 2 * 3  # 2 epochs of ⌈6 / 2⌉ steps
    weights = Path(summary["weights"])
    assert weights.is_file() and (run / "config.json").is_file()

    code = main(
        ["--mode", "test", "--data_dir", str(dataset), "--test_model", str(weights), "--result_dir", str(results),
         "--save_image", "--device", "cpu"]
    )  # fmt: skip
    assert code == 0
    out = capsys.readouterr().out
    (restored_path,) = results.glob("*.png")
    with open(results / "results.csv", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert [r["image"] for r in rows] == [f"{restored_path.stem}.png", "mean"]
    assert re.search(r"Average over 1 images: PSNR [\d.]+ dB", out)
    # The figures are the published metrics of the app's own restoration of that image.
    hazy = read_image(dataset / "test" / "hazy" / restored_path.name).rgb
    clean = read_image(dataset / "test" / "gt" / restored_path.name).rgb
    restored = Restorer(weights, device="cpu", tile="off").restore(hazy)
    assert float(rows[0]["psnr"]) == pytest.approx(psnr(restored, clean), abs=1e-4)
    assert float(rows[0]["ssim"]) == pytest.approx(ssim(restored, clean), abs=1e-5)
    saved = read_image(restored_path).rgb
    assert np.abs(saved - restored).max() <= 1 / 255 + 1e-6


def test_errors_are_reported_in_plain_words(tmp_path: Path, capsys) -> None:
    assert main(["--mode", "train", "--data_dir", str(tmp_path / "nowhere"), "--device", "cpu"]) == 2
    assert "not found" in capsys.readouterr().err
    assert main(["--mode", "test", "--data_dir", str(tmp_path), "--test_model", "x.pkl"]) == 2
    assert "error:" in capsys.readouterr().err
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "keep.txt").write_text("mine")
    assert main(["synth", "--clean", str(tmp_path), "--output", str(tmp_path / "out")]) == 2
    assert "not empty" in capsys.readouterr().err


def test_a_model_trained_on_a_prior_carries_it_to_the_test_and_the_app(paired_folder: Path, tmp_path: Path, capsys):
    run, results = tmp_path / "run", tmp_path / "results"
    code = main(
        ["--mode", "train", "--data_dir", str(paired_folder), "--input-prior", "dark-channel", "--model", "tiny",
         "--crop_size", "32", "--batch_size", "2", "--steps", "2", "--output-dir", str(run), "--workers", "0",
         "--device", "cpu"]
    )  # fmt: skip
    assert code == 0
    weights = Path(json.loads(capsys.readouterr().out)["weights"])
    restorer = Restorer(weights, device="cpu", tile="off")
    assert restorer.input_prior == "dark-channel"
    assert main(["--mode", "test", "--data_dir", str(paired_folder), "--test_model", str(weights),
                 "--result_dir", str(results), "--device", "cpu"]) == 0  # fmt: skip
    with open(results / "results.csv", newline="") as handle:
        first = next(csv.DictReader(handle))
    hazy = read_image(paired_folder / "test" / "hazy" / first["image"]).rgb
    clean = read_image(paired_folder / "test" / "gt" / first["image"]).rgb
    assert float(first["psnr"]) == pytest.approx(psnr(restorer.restore(hazy), clean), abs=1e-4)
    # Fine-tuning those weights without the prior would train them on inputs they were not made for.
    code = main(
        ["--mode", "train", "--data_dir", str(paired_folder), "--init-weights", str(weights), "--model", "tiny",
         "--steps", "1", "--output-dir", str(tmp_path / "run2"), "--workers", "0", "--device", "cpu"]
    )  # fmt: skip
    assert code == 2
    assert "--input-prior" in capsys.readouterr().err


def test_synth_test_only_writes_the_photos_training_holds_out(tmp_path: Path, capsys) -> None:
    from tests.training.conftest import write_photos
    from training.config import TrainConfig
    from training.data import build_run_data

    clean = tmp_path / "clean"
    write_photos(clean, 12)  # at least 10 photos, so that 2 are held out (a fifth at most)
    output = tmp_path / "eval"
    argv = ["synth", "--clean", f"{clean}:3", "--output", str(output), "--task", "desnow", "--seed", "11"]
    assert main([*argv, "--test-count", "2", "--test-only", "--workers", "1"]) == 0
    assert not (output / "train").exists()
    written = sorted(p.name for p in (output / "test" / "snow").iterdir())
    assert sorted(p.name for p in (output / "test" / "gt").iterdir()) == written and len(written) == 2
    config = TrainConfig(task="desnow", clean_dirs=[f"{clean}:3"], seed=11, valid_count=2, output_dir=str(tmp_path))
    reference = build_run_data(config)
    held_out = reference.info["validation_photos"]
    assert written == sorted(f"clean_{Path(name).stem}_0.png" for name in held_out)
    # Another training seed holds other photos out, unless the held-out photos keep their own seed.
    other_seeds = [TrainConfig(**{**vars(config), "seed": seed}) for seed in range(12, 16)]
    assert any(build_run_data(c).info["validation_photos"] != held_out for c in other_seeds)
    for other in other_seeds:
        kept = build_run_data(TrainConfig(**{**vars(other), "holdout_seed": 11}))
        assert kept.info["validation_photos"] == held_out and kept.info["holdout_seed"] == 11
        assert all(np.array_equal(a[0], b[0]) for a, b in zip(kept.valid.pairs, reference.valid.pairs, strict=True))


def test_extra_clean_photos_train_without_moving_the_held_out_photos(tmp_path: Path) -> None:
    from core.cli import build_parser
    from tests.training.conftest import write_photos
    from training.cli import config_from_args
    from training.data import build_run_data

    clean, extra = tmp_path / "clean", tmp_path / "extra"
    write_photos(clean, 12)
    write_photos(extra, 5)
    args = ["train", "--clean", str(clean), "--valid-count", "2", "--seed", "3", "--output-dir", str(tmp_path)]
    reference = build_run_data(config_from_args(build_parser().parse_args(args)))
    with_extra = build_run_data(config_from_args(build_parser().parse_args([*args, "--extra-clean", f"{extra}:2"])))
    # The held-out photos (and their validation pairs) are the same; the extra photos train, twice each.
    assert with_extra.info["validation_photos"] == reference.info["validation_photos"]
    assert all(np.array_equal(a[0], b[0]) for a, b in zip(with_extra.valid.pairs, reference.valid.pairs, strict=True))
    assert len(with_extra.train.names) == len(reference.train.names) + 10
    assert with_extra.info["training_photos"] == 10 + 5 and with_extra.info["extra_folders"][0]["weight"] == 2
    # Added to --clean instead, the same photos would move the held-out choice: what the option is for.
    moved = build_run_data(config_from_args(build_parser().parse_args([*args, "--clean", str(extra)])))
    assert moved.info["validation_photos"] != reference.info["validation_photos"]


def test_a_haze_output_model_trains_and_the_app_restores_with_it(clean_folder: Path, tmp_path: Path, capsys):
    run = tmp_path / "run"
    code = main(
        ["train", "--task", "dehaze", "--clean", str(clean_folder), "--output", "haze", "--model", "tiny",
         "--crop-size", "32", "--batch-size", "2", "--steps", "2", "--valid-count", "1", "--valid-every", "2",
         "--output-dir", str(run), "--workers", "0", "--device", "cpu"]
    )  # fmt: skip
    assert code == 0
    result = json.loads(capsys.readouterr().out)
    restorer = Restorer(Path(result["weights"]), device="cpu")
    assert restorer.checkpoint.config.output == "haze"
    # Validation scores the model as the app runs it: the PSNR of restoring the held-out pair (the exported
    # weights are float16, hence the tolerance).
    hazy, clean = (image.permute(1, 2, 0).numpy() for image in _validation_pair(run))
    assert result["validation"]["psnr"] == pytest.approx(psnr(restorer.restore(hazy), clean), abs=0.01)
    # Haze output models haze: other tasks and input priors are refused before anything runs.
    for extra in (["--task", "desnow"], ["--input-prior", "dark-channel"]):
        code = main(["train", "--clean", str(clean_folder), "--output", "haze", "--steps", "1", *extra,
                     "--output-dir", str(tmp_path / "refused"), "--device", "cpu"])  # fmt: skip
        assert code == 2
        assert "--output haze" in capsys.readouterr().err


def _validation_pair(run: Path):
    from training.config import TrainConfig
    from training.data import build_run_data

    config = TrainConfig(**json.loads((run / "config.json").read_text())["config"])
    return build_run_data(config).valid[0]
