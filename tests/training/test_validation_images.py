"""scripts/validation_images.py: per-image figures on a run's held-out photos, rebuilt from its config.json."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import torch

from tests.test_evaluate_scripts import load_script
from training.__main__ import main as train_main


def test_per_image_figures_match_the_trainer_s_validation(clean_folder: Path, tmp_path: Path, capsys) -> None:
    run = tmp_path / "run"
    code = train_main(
        ["--mode", "train", "--clean", str(clean_folder), "--input-prior", "dark-channel", "--model", "tiny",
         "--crop_size", "32", "--batch_size", "2", "--steps", "2", "--valid-count", "1", "--valid-size", "32",
         "--output-dir", str(run), "--workers", "0", "--device", "cpu"]
    )  # fmt: skip
    assert code == 0
    capsys.readouterr()
    script = load_script("validation_images")
    assert script.main(["--run", str(run), str(run / "last.pt")]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "| image | input | dark-channel | last.pt (step 2) |"
    held_out = json.loads((run / "config.json").read_text())["data"]["validation_photos"]
    row = lines[2].strip("|").split("|")
    assert row[0].strip() == held_out[0]
    hazy, prior, model = (float(cell) for cell in row[1:])
    assert prior > hazy  # the dark channel prior removes some of the haze
    trained = torch.load(run / "last.pt", weights_only=True)["validation"]["psnr"]
    assert model == pytest.approx(trained, abs=0.006)  # the trainer's own figure for that checkpoint
    assert script.main(["--run", str(tmp_path / "nothing"), str(run / "last.pt")]) == 2
