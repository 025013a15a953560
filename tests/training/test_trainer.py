"""The trainer: it learns, resumes exactly, stops cleanly, and its files load in the app's core."""

from __future__ import annotations

import csv
import math
import os
import random
import signal
import time
from pathlib import Path

import numpy as np
import pytest
import torch
from PIL import Image

from core.errors import AKNetError
from core.network.checkpoint import load_checkpoint
from core.restorer import Restorer
from tests.training.conftest import tiny_config
from training.data import build_run_data
from training.losses import aknet_loss
from training.trainer import Trainer


def _mean_loss(trainer: Trainer, data) -> float:
    trainer.model.eval()
    total = 0.0
    with torch.no_grad():
        for index in range(len(data.train.pairs)):
            degraded, clean = data.train.load(index)
            x = torch.from_numpy(degraded.astype(np.float32) / 255).permute(2, 0, 1)[None]
            y = torch.from_numpy(clean.astype(np.float32) / 255).permute(2, 0, 1)[None]
            loss, _ = aknet_loss(trainer.model(x), y)
            total += float(loss)
    return total / len(data.train.pairs)


@pytest.mark.slow
def test_a_few_steps_lower_the_loss(paired_folder: Path, tmp_path: Path) -> None:
    config = tiny_config(tmp_path / "run", data_dir=str(paired_folder), steps=10, learning_rate=1e-3, valid_count=1)
    data = build_run_data(config)
    trainer = Trainer(config, data)
    before = _mean_loss(trainer, data)
    result = trainer.fit()
    after = _mean_loss(trainer, data)
    assert result.stopped == "finished" and result.step == 10
    assert after < 0.8 * before
    # Reports of the run: a CSV log with a row per step plus validations, a plot, exported weights.
    with open(tmp_path / "run" / "log.csv", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert [int(r["step"]) for r in rows if r["loss"]] == list(range(1, 11))
    assert rows[-1]["valid_psnr"] and float(rows[-1]["valid_psnr"]) > 5
    with Image.open(tmp_path / "run" / "plot.png") as plot:
        assert plot.size[0] >= 600
    assert result.exported == tmp_path / "run" / "dehaze.safetensors"


@pytest.mark.slow
def test_a_resumed_run_reproduces_the_uninterrupted_one(
    paired_folder: Path, tmp_path: Path, deterministic: None
) -> None:
    straight_config = tiny_config(tmp_path / "a", data_dir=str(paired_folder))
    straight = Trainer(straight_config, build_run_data(straight_config))
    straight.record_losses = True
    uninterrupted = straight.fit(export=False)

    config = tiny_config(tmp_path / "b", data_dir=str(paired_folder))
    first = Trainer(config, build_run_data(config))
    first.record_losses = True
    half = first.fit(until_step=3, export=False)
    assert half.step == 3 and half.checkpoint == tmp_path / "b" / "last.pt"
    # Something else uses the global generators in between, as a new process would start afresh.
    torch.rand(100), np.random.rand(7)

    resumed_config = tiny_config(tmp_path / "b", data_dir=str(paired_folder), resume=str(half.checkpoint))
    second = Trainer(resumed_config, build_run_data(resumed_config))
    second.record_losses = True
    rest = second.fit(export=False)

    assert half.losses + rest.losses == uninterrupted.losses
    for key, value in straight.model.state_dict().items():
        assert torch.equal(value, second.model.state_dict()[key]), key
    adam_a, adam_b = straight.optimizer.state_dict()["state"], second.optimizer.state_dict()["state"]
    assert all(torch.equal(adam_a[i]["exp_avg_sq"], adam_b[i]["exp_avg_sq"]) for i in adam_a)
    with open(tmp_path / "b" / "log.csv", newline="") as handle:
        steps = [int(r["step"]) for r in csv.DictReader(handle) if r["loss"]]
    assert steps == [1, 2, 3, 4, 5, 6]


def _record_batches(trainer: Trainer, disturb: bool) -> list[torch.Tensor]:
    """Make train_step keep a copy of each batch; with `disturb`, reseed the global generators before each."""
    batches, step_once, draws = [], trainer.train_step, iter(range(1000, 2000))

    def recording_step(degraded, clean, *args, **kwargs):
        batches.append(torch.cat([degraded, clean]).clone())
        if disturb:
            seed = next(draws)
            random.seed(seed), np.random.seed(seed), torch.manual_seed(seed)
        return step_once(degraded, clean, *args, **kwargs)

    trainer.train_step = recording_step
    return batches


def test_a_resumed_run_draws_the_same_crops_whatever_the_global_generators_hold(
    clean_folder: Path, tmp_path: Path
) -> None:
    # Synthetic crops and their degradations come from per-sample generators, never from the global
    # ones: so resuming stays exact even if restoring the global generators' state were forgotten.
    def config(run: str, **overrides):
        return tiny_config(tmp_path / run, clean_dirs=[str(clean_folder)], steps=4, task="desnow", **overrides)

    straight = Trainer(config("a"), build_run_data(config("a")))
    expected = _record_batches(straight, disturb=False)
    straight.fit(export=False)

    first = Trainer(config("b"), build_run_data(config("b")))
    drawn = _record_batches(first, disturb=True)
    half = first.fit(until_step=2, export=False)
    resumed = config("b", resume=str(half.checkpoint))
    second = Trainer(resumed, build_run_data(resumed))
    random.seed(99), np.random.seed(99), torch.manual_seed(99)  # as if their state had not been restored
    later = _record_batches(second, disturb=True)
    second.fit(export=False)
    drawn += later
    assert len(drawn) == len(expected) == 4
    for got, want in zip(drawn, expected, strict=True):
        torch.testing.assert_close(got, want, rtol=0, atol=0)
    assert not torch.equal(expected[0], expected[1])


def test_training_checkpoints_are_plain_and_load_in_core(paired_folder: Path, tmp_path: Path) -> None:
    config = tiny_config(tmp_path / "run", data_dir=str(paired_folder), steps=2)
    trainer = Trainer(config, build_run_data(config))
    result = trainer.fit(export=False)
    state = torch.load(result.checkpoint, map_location="cpu", weights_only=True)
    assert state["step"] == 2 and state["network"] == {"base_channels": 16, "num_blocks": 2, "kernel_size": 31}
    checkpoint = load_checkpoint(result.checkpoint)  # the app's loader reads the 'model' entry
    model = checkpoint.build_model()
    for key, value in trainer.model.state_dict().items():
        assert torch.equal(value, model.state_dict()[key])


@pytest.mark.slow
def test_exported_weights_load_in_core_with_their_metadata(clean_folder: Path, tmp_path: Path) -> None:
    config = tiny_config(tmp_path / "run", clean_dirs=[str(clean_folder)], task="defocus", steps=3, valid_count=1)
    trainer = Trainer(config, build_run_data(config))
    result = trainer.fit()
    checkpoint = load_checkpoint(result.exported)
    assert checkpoint.task == "defocus"
    assert checkpoint.config == config.network_config()
    meta = checkpoint.metadata
    assert meta["training"]["steps"] == 3 and meta["training"]["batch_size"] == 2
    assert meta["data"]["kind"] == "synthetic" and meta["data"]["folders"][0]["images"] == 4
    assert "max_radius" in meta["data"]["degradation_ranges"]
    assert meta["validation"]["images"] == 1 and np.isfinite(meta["validation"]["psnr"])
    assert meta["training"]["hardware"]["device"].startswith("CPU")
    # Float16 weights, equal to the trained ones up to that rounding, and the app restores with them.
    best = torch.load(tmp_path / "run" / "best.pt", weights_only=True)["model"]
    for key, value in checkpoint.state_dict.items():
        torch.testing.assert_close(value.float(), best[key].half().float())
    restored = Restorer(checkpoint, device="cpu", tile="off").restore(np.full((32, 40, 3), 0.5, np.float32))
    assert restored.shape == (32, 40, 3)


def test_each_step_uses_the_scheduled_learning_rate(paired_folder: Path, tmp_path: Path) -> None:
    # The rate the optimiser holds when it steps, not only the one the trainer reports: linear warm-up
    # over 3 steps, then cosine down to --min-learning-rate at the last step.
    peak, floor, warmup, total = 1e-3, 2e-4, 3, 9
    config = tiny_config(
        tmp_path / "run", data_dir=str(paired_folder), steps=total, warmup_steps=warmup,
        learning_rate=peak, min_learning_rate=floor,
    )  # fmt: skip
    trainer = Trainer(config, build_run_data(config))
    used: list[float] = []
    trainer.optimizer.register_step_pre_hook(lambda optimizer, *_: used.append(optimizer.param_groups[0]["lr"]))
    trainer.fit(export=False)
    expected = [peak * (s + 1) / warmup for s in range(warmup)]
    expected += [floor + (peak - floor) * (1 + math.cos(math.pi * (s - warmup) / (total - warmup))) / 2
                 for s in range(warmup, total)]  # fmt: skip
    assert used == pytest.approx(expected, rel=1e-9)
    with open(tmp_path / "run" / "log.csv", newline="") as handle:
        logged = {int(r["step"]): float(r["lr"]) for r in csv.DictReader(handle) if r["lr"]}
    assert logged == {s + 1: pytest.approx(lr, rel=1e-5) for s, lr in enumerate(expected)}


def test_a_time_budget_stops_saves_and_exports(paired_folder: Path, tmp_path: Path) -> None:
    config = tiny_config(tmp_path / "run", data_dir=str(paired_folder), steps=None, num_epoch=10_000, max_minutes=0.02)
    result = Trainer(config, build_run_data(config)).fit()
    assert result.stopped == "time budget"
    saved = torch.load(tmp_path / "run" / "last.pt", weights_only=True)
    assert saved["step"] == result.step > 0
    assert 0.02 * 60 <= saved["elapsed_seconds"] < 0.02 * 60 + 30  # stopped at the budget, not long after
    assert result.exported is not None and result.exported.is_file()
    assert result.validation is not None and result.validation["step"] == result.step


def test_ctrl_c_saves_a_checkpoint_to_resume_from(paired_folder: Path, tmp_path: Path) -> None:
    config = tiny_config(tmp_path / "run", data_dir=str(paired_folder), steps=50)
    trainer = Trainer(config, build_run_data(config))
    step_once = trainer.train_step

    def step_then_interrupt(*args, **kwargs):
        figures = step_once(*args, **kwargs)
        if trainer.step == 4:
            os.kill(os.getpid(), signal.SIGINT)
        return figures

    trainer.train_step = step_then_interrupt
    result = trainer.fit()
    assert result.stopped == "interrupted" and result.step == 4
    assert result.exported is None
    assert torch.load(result.checkpoint, weights_only=True)["step"] == 4
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler


def test_resuming_with_another_architecture_is_refused(paired_folder: Path, tmp_path: Path) -> None:
    from core.errors import CheckpointError

    config = tiny_config(tmp_path / "run", data_dir=str(paired_folder), steps=1)
    result = Trainer(config, build_run_data(config)).fit(export=False)
    other = tiny_config(tmp_path / "run", data_dir=str(paired_folder), base_channels=8, resume=str(result.checkpoint))
    with pytest.raises(CheckpointError, match="same --model"):
        Trainer(other, build_run_data(other))


def test_periodic_checkpoints_record_the_time_trained_up_to_them(paired_folder: Path, tmp_path: Path) -> None:
    # A run that dies between saves resumes from the last periodic checkpoint: its time budget and its
    # time-based cosine position must go on from there, not from when the dead process started.
    config = tiny_config(tmp_path / "run", data_dir=str(paired_folder), steps=4, save_every=2)
    trainer = Trainer(config, build_run_data(config))
    step_once = trainer.train_step

    def slow_step(*args, **kwargs):
        figures = step_once(*args, **kwargs)
        time.sleep(0.2)
        return figures

    trainer.train_step = slow_step
    trainer.fit(export=False)
    periodic = torch.load(tmp_path / "run" / "checkpoints" / "step_0000002.pt", weights_only=True)
    final = torch.load(tmp_path / "run" / "last.pt", weights_only=True)
    assert 0.4 <= periodic["elapsed_seconds"] < final["elapsed_seconds"]
    assert final["elapsed_seconds"] == pytest.approx(trainer.elapsed)


def test_bf16_on_the_cpu_is_opt_in_and_still_learns(paired_folder: Path, tmp_path: Path) -> None:
    from training.runtime import choose_runtime

    plain = tiny_config(tmp_path / "plain", data_dir=str(paired_folder), device="cpu")
    assert choose_runtime(plain).amp_dtype is None  # auto: float32 on the CPU
    config = tiny_config(tmp_path / "run", data_dir=str(paired_folder), steps=6, learning_rate=1e-3, amp="bf16")
    data = build_run_data(config)
    trainer = Trainer(config, data)
    assert trainer.runtime.amp_dtype == torch.bfloat16 and trainer.runtime.hardware()["precision"] == "bf16"
    before = _mean_loss(trainer, data)
    result = trainer.fit()
    assert result.stopped == "finished" and np.isfinite(_mean_loss(trainer, data))
    assert _mean_loss(trainer, data) < before
    assert all(p.dtype == torch.float32 for p in trainer.model.parameters())  # float32 master weights
    assert load_checkpoint(result.exported).metadata["training"]["hardware"]["precision"] == "bf16"


def test_haze_supervision_adds_each_heads_airlight_and_transmission_error_to_the_loss(
    clean_folder: Path, tmp_path: Path
) -> None:
    """With --airlight-weight / --transmission-weight the synthetic pairs carry the airlight and transmission map the
    haze was made with, and a step's loss is the image loss plus each weight times the heads' mean L1 against them
    (the map area-averaged to each head's size; the same batch and weights, computed apart)."""
    from core.network.haze_model import haze_parameters
    from training.datasets import degrade, sample_rng

    def config_of(run: str, **overrides):
        return tiny_config(tmp_path / run, clean_dirs=[str(clean_folder)], task="dehaze", **overrides)

    config = config_of("run", output="haze", airlight_weight=2.0, transmission_weight=0.5)
    data = build_run_data(config)
    linear: dict[bool, tuple[int, int, int]] = {}  # a sample hazed in linear light and one in gamma space
    for seed in range(40):
        key = (seed % 3, seed, 0)  # (photo, seed, draw)
        rng = sample_rng(key)
        crop, depth = data.train.clean_crop(key[0], rng)
        linear.setdefault(degrade(data.train.synthesize, crop, rng, data.train.ranges, depth)[1]["linear_light"], key)
    keys = [linear[False], linear[True]]
    samples = [data.train[key] for key in keys]
    # The targets returned are those that made this very sample (the sample's own generator, drawn again).
    for key, (degraded, _, airlight, transmission) in zip(keys, samples, strict=True):
        rng = sample_rng(key)
        crop, depth = data.train.clean_crop(key[0], rng)
        hazy, params = degrade(data.train.synthesize, crop, rng, data.train.ranges, depth, with_map=True)
        assert torch.equal(degraded, torch.from_numpy(hazy).permute(2, 0, 1))
        assert airlight.tolist() == pytest.approx(params["airlight"])
        assert transmission.shape == (1, *hazy.shape[:2])
        if params["linear_light"]:
            assert torch.isnan(transmission).all()
        else:
            assert torch.equal(transmission[0], torch.from_numpy(params["transmission_map"]))
            assert float(transmission.min()) < 0.95  # a real map, not a constant
    trainer = Trainer(config, data)
    batch, target, lights, maps = (torch.stack(parts) for parts in zip(*samples, strict=True))
    trainer.model.train()
    with torch.no_grad():
        heads = trainer.model.heads(batch)
        image_loss, _ = aknet_loss(trainer.model(batch), target)
    air = sum(float((haze_parameters(raw)[1].flatten(1) - lights).abs().mean()) for raw in heads) / 3
    trans = 0.0
    for raw in heads:
        predicted = haze_parameters(raw)[0]
        wanted = torch.nn.functional.adaptive_avg_pool2d(maps, predicted.shape[-2:])
        known = ~torch.isnan(wanted)
        trans += float((predicted - wanted)[known].abs().mean()) / 3
    expected = float(image_loss) + 2.0 * air + 0.5 * trans
    figures = trainer.train_step(batch, target, None, lights, maps)
    assert float(figures["loss"]) == pytest.approx(expected, rel=1e-5)
    # Without the options the pairs are (hazy, clean) as before, and they are refused where no haze is known.
    assert len(build_run_data(config_of("plain", output="haze")).train[keys[0]]) == 2
    for option in ("airlight_weight", "transmission_weight"):
        with pytest.raises(AKNetError, match="--transmission-weight"):
            config_of("image", **{option: 1.0})
