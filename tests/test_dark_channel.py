"""The classic dark channel prior dehazer and its guided filter."""

from __future__ import annotations

import numpy as np
import pytest
from numpy.lib.stride_tricks import sliding_window_view

from core.dark_channel import (
    ClassicDehazer,
    DarkChannelConfig,
    dark_channel,
    dehaze,
    estimate_airlight,
)
from core.errors import AKNetError, CancelledError
from core.guided_filter import box_mean, box_mean_reference, guided_filter
from core.metrics import psnr, ssim
from core.progress import CancelToken
from core.restorer import RunReport
from tests.conftest import smooth_image

AIRLIGHT = np.array([0.85, 0.88, 0.92], dtype=np.float32)


def haze_free_scene(rng: np.random.Generator, height: int = 160, width: int = 240) -> np.ndarray:
    """A colourful clean image that obeys the dark channel prior (some channel is dark in every patch)."""
    base = smooth_image(rng, height, width)
    return np.clip(1.2 * (base - 0.9 * base.min(axis=2, keepdims=True)), 0, 1).astype(np.float32)


def hazy_scene(rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(hazy, clean, transmission) by the scattering model I = J·t + A·(1 − t): near ground, far sky."""
    clean = haze_free_scene(rng)
    height, width = clean.shape[:2]
    sky = height // 8
    clean[:sky] = 0.9 * AIRLIGHT + 0.05
    rows = np.linspace(0, 1, height, dtype=np.float32)[:, None]
    transmission = np.broadcast_to(0.25 + 0.6 * rows, (height, width)).copy()
    transmission[:sky] = 0.03
    hazy = clean * transmission[..., None] + AIRLIGHT * (1 - transmission[..., None])
    return hazy.astype(np.float32), clean, transmission


def plain_patch_minimum(image: np.ndarray, patch_size: int) -> np.ndarray:
    """Dark channel written out: channel minimum, then the minimum over each in-image patch."""
    radius = patch_size // 2
    padded = np.pad(image.min(axis=2), radius, constant_values=np.inf)
    return sliding_window_view(padded, (patch_size, patch_size)).min(axis=(2, 3))


@pytest.mark.parametrize("patch_size", [1, 5, 15])
def test_dark_channel_equals_the_plain_patch_minimum(rng, patch_size):
    image = rng.random((23, 31, 3), dtype=np.float32)
    np.testing.assert_array_equal(dark_channel(image, patch_size), plain_patch_minimum(image, patch_size))


@pytest.mark.parametrize("radius", [0, 1, 4, 60])
def test_box_mean_equals_the_cumulative_sum_reference(rng, radius):
    image = rng.random((37, 53), dtype=np.float32)
    np.testing.assert_allclose(box_mean(image, radius), box_mean_reference(image, radius), rtol=1e-5, atol=1e-6)


def test_guided_filter_with_the_input_as_guide_and_tiny_eps_returns_the_input(rng):
    image = smooth_image(rng, 48, 64)[..., 0]
    np.testing.assert_allclose(guided_filter(image, image, radius=4, eps=1e-8), image, atol=2e-3)


def test_guided_filter_with_huge_eps_is_a_double_box_mean(rng):
    guide, source = rng.random((40, 50), dtype=np.float32), rng.random((40, 50), dtype=np.float32)
    # With eps → ∞ the local slope a → 0, so q = mean(b) = mean(mean(p)).
    expected = box_mean_reference(box_mean_reference(source, 3), 3)
    np.testing.assert_allclose(guided_filter(guide, source, radius=3, eps=1e6), expected, atol=1e-4)


def test_guided_filter_keeps_a_step_edge_of_the_guide(rng):
    guide = np.zeros((40, 40), np.float32)
    guide[:, 20:] = 1.0
    noisy = guide + rng.normal(0, 0.05, guide.shape).astype(np.float32)
    filtered = guided_filter(guide, noisy, radius=8, eps=1e-3)
    assert filtered[:, 18].mean() < 0.1 and filtered[:, 21].mean() > 0.9
    assert np.abs(filtered - guide).std() < np.abs(noisy - guide).std() / 2


def test_airlight_is_recovered_from_synthetic_haze(rng):
    hazy, _, _ = hazy_scene(rng)
    dehazer = ClassicDehazer()
    dehazer.restore(hazy)
    np.testing.assert_allclose(dehazer.last_airlight, AIRLIGHT, atol=0.03)


def test_airlight_ignores_a_small_bright_object():
    # A white lamp smaller than the patch has a low dark channel, so the paper's rule skips it.
    image = np.zeros((60, 60, 3), np.float32)
    image[..., 0] = 0.6
    image[:15, :] = 0.7  # the haze-opaque region
    image[40:43, 40:43] = 1.0
    airlight = estimate_airlight(image, dark_channel(image, 15), 0.001, "brightest")
    np.testing.assert_allclose(airlight, 0.7, atol=1e-6)


def test_mean_airlight_averages_the_haziest_pixels():
    image = np.zeros((100, 100, 3), np.float32)
    image[:, :50] = 0.9
    image[:, :50, 0] = np.linspace(0.8, 1.0, 100, dtype=np.float32)[:, None]
    dark = image.min(axis=2)
    mean = estimate_airlight(image, dark, top_fraction=0.5, mode="mean")
    brightest = estimate_airlight(image, dark, top_fraction=0.5, mode="brightest")
    assert mean[0] == pytest.approx(0.9, abs=1e-3) and brightest[0] == pytest.approx(1.0)


def test_dehazing_improves_psnr_and_ssim_a_lot(rng):
    hazy, clean, _ = hazy_scene(rng)
    restored = ClassicDehazer().restore(hazy)
    assert restored.dtype == np.float32 and restored.shape == hazy.shape
    assert psnr(restored, clean) > psnr(hazy, clean) + 8
    assert ssim(restored, clean) > ssim(hazy, clean) + 0.1


def test_estimated_transmission_follows_the_true_one(rng):
    hazy, _, transmission = hazy_scene(rng)
    estimate = dehaze(hazy).transmission
    ground = slice(hazy.shape[0] // 4, None)  # below the sky, where the prior holds
    assert np.corrcoef(estimate[ground].ravel(), transmission[ground].ravel())[0, 1] > 0.8
    assert np.abs(estimate[ground] - transmission[ground]).mean() < 0.08


def test_a_haze_free_image_stays_nearly_unchanged(rng):
    clean = haze_free_scene(rng)
    result = dehaze(clean)
    assert np.median(result.transmission) > 0.85
    assert psnr(result.restored, clean) > 28
    assert ssim(result.restored, clean) > 0.88


@pytest.mark.parametrize(
    "image",
    [
        np.zeros((40, 50, 3), np.float32),
        np.ones((40, 50, 3), np.float32),
        np.full((40, 50, 3), 0.4, np.float32),
        np.repeat(np.linspace(0, 1, 40 * 50, dtype=np.float32).reshape(40, 50, 1), 3, axis=2),
        np.random.default_rng(0).random((7, 5, 3), dtype=np.float32),
        np.full((1, 1, 3), 0.3, np.float32),
        np.full((2, 300, 3), 0.8, np.float32),
    ],
    ids=["black", "white", "constant", "greyscale", "smaller-than-patch", "one-pixel", "one-row-strip"],
)
def test_degenerate_images_give_finite_output(image):
    restored = ClassicDehazer().restore(image)
    assert restored.shape == image.shape and restored.dtype == np.float32
    assert np.isfinite(restored).all() and restored.min() >= 0 and restored.max() <= 1


def test_a_constant_image_comes_back_unchanged():
    image = np.full((30, 30, 3), 0.4, np.float32)
    np.testing.assert_allclose(ClassicDehazer().restore(image), image, atol=1e-5)


def test_greyscale_input_stays_grey(rng):
    hazy, _, _ = hazy_scene(rng)
    grey_hazy = np.repeat(hazy.mean(axis=2, keepdims=True), 3, axis=2)
    restored = ClassicDehazer().restore(grey_hazy)
    assert np.abs(restored - restored[..., :1]).max() < 1e-5


def test_float64_input_is_accepted(rng):
    hazy, _, _ = hazy_scene(rng)
    np.testing.assert_allclose(ClassicDehazer().restore(hazy.astype(np.float64)), ClassicDehazer().restore(hazy))


def test_a_non_rgb_array_is_refused():
    with pytest.raises(AKNetError, match="H×W×3"):
        ClassicDehazer().restore(np.zeros((10, 10), np.float32))


def test_progress_runs_from_zero_to_one(rng):
    reports: list[tuple[float, str]] = []
    ClassicDehazer().restore(smooth_image(rng, 32, 32), progress=lambda f, m: reports.append((f, m)))
    fractions = [fraction for fraction, _ in reports]
    assert fractions[0] == 0.0 and fractions[-1] == 1.0 and fractions == sorted(fractions) and len(fractions) >= 4


def test_cancel_during_the_work_stops_it(rng):
    token = CancelToken()
    steps: list[str] = []

    def progress(fraction: float, message: str) -> None:
        steps.append(message)
        if fraction >= 0.25:
            token.cancel()

    dehazer = ClassicDehazer()
    with pytest.raises(CancelledError):
        dehazer.restore(smooth_image(rng, 32, 32), progress=progress, cancel=token)
    assert "Recovering scene" not in steps and dehazer.last_report is None


def test_an_already_cancelled_token_stops_before_any_work(rng):
    token = CancelToken()
    token.cancel()
    steps: list[str] = []
    with pytest.raises(CancelledError):
        ClassicDehazer().restore(smooth_image(rng, 32, 32), progress=lambda f, m: steps.append(m), cancel=token)
    assert steps == []


def test_the_dehazer_describes_itself_like_a_restorer(rng):
    dehazer = ClassicDehazer(DarkChannelConfig(omega=0.9))
    assert dehazer.device_label == "CPU (classic)"
    description = dehazer.description
    assert description["weights"] is None and description["parameters"] == 0
    assert description["format"] == "classic" and description["task"] == "classic-dehaze"
    assert description["metadata"]["omega"] == 0.9 and "Dark Channel Prior" in description["metadata"]["reference"]
    dehazer.restore(smooth_image(rng, 16, 16))
    assert isinstance(dehazer.last_report, RunReport) and dehazer.last_report.device == "CPU (classic)"
    assert dehazer.last_report.seconds >= 0 and not dehazer.last_report.tiled


def test_the_paper_values_are_the_defaults():
    config = DarkChannelConfig()
    assert (config.patch_size, config.omega, config.top_fraction, config.t0) == (15, 0.95, 0.001, 0.1)
    assert (config.guided_radius, config.guided_eps, config.airlight) == (60, 1e-3, "brightest")


@pytest.mark.parametrize(
    "bad", [{"patch_size": 4}, {"omega": 0}, {"t0": 1.0}, {"guided_eps": 0}, {"airlight": "max"}, {"top_fraction": 2}]
)
def test_config_refuses_values_outside_their_range(bad):
    with pytest.raises(ValueError):
        DarkChannelConfig(**bad)
