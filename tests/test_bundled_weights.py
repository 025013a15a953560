"""The weights the app ships: each loads through the real loader with its metadata, fits the size budget,
and restores its task's bundled sample photo from the command line and through the app's self-test."""

from __future__ import annotations

import cv2
import numpy as np
import pytest

from core.cli import main
from core.image.read import read_image
from core.network.checkpoint import load_checkpoint
from core.resources import resource_path
from core.tasks import TASKS, bundled_weights, task_available
from tests.conftest import self_test

SHIPPED = [name for name, task in TASKS.items() if not task.classic and task_available(name)]


def specks(rgb: np.ndarray) -> float:
    """Share of pixels much brighter than their 7×7 neighbourhood's median: flakes of falling snow."""
    grey = np.ascontiguousarray(rgb.mean(axis=2) * 255).astype(np.uint8)
    return float(((grey.astype(np.int16) - cv2.medianBlur(grey, 7)) > 25).mean())


def sharpness(rgb: np.ndarray) -> float:
    """Variance of the Laplacian of the grey image: how much fine detail there is."""
    return float(cv2.Laplacian(np.ascontiguousarray(rgb.mean(axis=2)), cv2.CV_32F).var())


def test_every_task_ships_weights():
    assert set(SHIPPED) == {"dehaze", "desnow", "defocus"}


@pytest.mark.parametrize("task", SHIPPED)
def test_bundled_weights_load_with_their_metadata(task):
    path = bundled_weights(task)
    assert path.stat().st_size <= 20 * 2**20
    checkpoint = load_checkpoint(path)
    meta = checkpoint.metadata
    assert checkpoint.task == task and checkpoint.source_format == "aknet-studio"
    assert {"training", "data", "validation", "provenance"} <= set(meta)
    assert meta["training"]["steps"] > 0 and meta["training"]["hardware"]["device"]
    assert meta["data"]["kind"] == "synthetic" and meta["data"]["degradation_ranges"]
    assert meta["validation"]["psnr"] > 20


def test_desnow_from_the_command_line_removes_the_samples_flakes(tmp_path, capsys):
    sample = resource_path("samples", "snowy_rocket.jpg")
    target = tmp_path / "restored.png"
    assert main(["restore", str(sample), "-o", str(target), "--task", "desnow", "--device", "cpu"]) == 0
    before, after = read_image(sample).rgb, read_image(target).rgb
    assert after.shape == before.shape
    assert specks(after) < 0.4 * specks(before)  # most flakes gone (the clean photo's own highlights stay)
    coarse = [cv2.GaussianBlur(image.mean(axis=2), (0, 0), 8).ravel() for image in (before, after)]
    assert np.corrcoef(*coarse)[0, 1] > 0.95  # the scene itself unchanged


@pytest.mark.slow
def test_self_test_passes_with_the_bundled_desnow_weights():
    done = self_test("--task", "desnow")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "desnow.safetensors" in done.stdout and "snowy_rocket.jpg" in done.stdout


def test_defocus_from_the_command_line_sharpens_the_sample(tmp_path):
    sample = resource_path("samples", "blurry_rocket.jpg")
    target = tmp_path / "restored.png"
    assert main(["restore", str(sample), "-o", str(target), "--task", "defocus", "--device", "cpu"]) == 0
    before, after = read_image(sample).rgb, read_image(target).rgb
    assert after.shape == before.shape
    assert sharpness(after) > 1.5 * sharpness(before)
    coarse = [cv2.GaussianBlur(image.mean(axis=2), (0, 0), 8).ravel() for image in (before, after)]
    assert np.corrcoef(*coarse)[0, 1] > 0.98  # the same scene, only sharper


@pytest.mark.slow
def test_self_test_passes_with_the_bundled_defocus_weights():
    done = self_test("--task", "defocus")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "defocus.safetensors" in done.stdout and "blurry_rocket.jpg" in done.stdout
