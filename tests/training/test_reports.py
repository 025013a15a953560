"""What a run reports: the CSV log (kept consistent on resume), the PNG plot and the progress line."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from PIL import Image

from training.log import TrainingLog
from training.plot import plot_training, smooth
from training.progress_bar import ProgressBar


def test_the_log_keeps_only_rows_up_to_the_resumed_step(tmp_path: Path) -> None:
    log = TrainingLog(tmp_path / "log.csv")
    for step in (10, 20, 30):
        log.add(step=step, loss=1.0 / step, lr=2e-4)
    log.add(step=20, valid_psnr=21.5, valid_ssim=0.8)
    log.flush()
    resumed = TrainingLog(tmp_path / "log.csv", keep_until_step=20)
    assert resumed.series("loss") == [(10, 0.1), (20, 0.05)]
    assert resumed.series("valid_psnr") == [(20, 21.5)]
    fresh = TrainingLog(tmp_path / "log.csv")
    assert fresh.rows == []


def test_the_plot_is_a_png_with_both_panels(tmp_path: Path) -> None:
    loss = [(step, 1 / (1 + step / 50)) for step in range(10, 1000, 10)]
    path = plot_training(loss, [(200, 18.0), (400, 19.5)], tmp_path / "plot.png")
    with Image.open(path) as image:
        pixels = image.convert("RGB")
        assert image.size == (900, 600)
        red = sum(1 for x in range(900) for y in range(300, 600, 2) if pixels.getpixel((x, y)) == (214, 39, 40))
    assert red > 50  # the PSNR line is drawn
    assert plot_training([], [], tmp_path / "empty.png").is_file()  # a run with no data yet still gets a picture
    assert smooth([3.0, 2.0, 1.0]) == [3.0, 2.0, 1.0]  # short runs are shown as they are


def test_the_loss_curve_is_a_bias_corrected_moving_average() -> None:
    assert smooth([4.0, 0.0, 0.0], weight=0.5) == pytest.approx([4.0, 4 / 3, 4 / 7])
    assert smooth([2.0] * 100) == pytest.approx([2.0] * 100)  # no pull towards zero at the start
    noisy = [1.0 + 0.5 * (-1) ** i for i in range(400)]
    trend = smooth(noisy)[50:]
    assert max(trend) - min(trend) < 0.05 and sum(trend) / len(trend) == pytest.approx(1.0, abs=0.01)


def test_progress_is_measured_by_steps_or_by_the_time_budget() -> None:
    stream = io.StringIO()
    bar = ProgressBar(100, stream)
    bar.update(10, 2.0, "loss 0.5")
    bar.update(20, 2.0, "loss 0.4", force=True, budget=(300.0, 600.0))
    first, second = stream.getvalue().splitlines()
    assert first.startswith("step 10/100 (10%)") and first.endswith("eta 0:45")
    assert second.startswith("step 20 (50%)") and second.endswith("eta 5:00")
