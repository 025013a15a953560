"""core.metrics against values worked out by hand and an independent SSIM written out from its definition."""

from __future__ import annotations

import math

import numpy as np
import pytest

from core.metrics import psnr, ssim
from tests.conftest import smooth_image


def reference_ssim(a: np.ndarray, b: np.ndarray) -> float:
    """SSIM of Wang et al. (2004) from the formula: 11×11 Gaussian window (σ 1.5), valid filtering, K1 0.01,
    K2 0.03, data range 1, the map averaged over pixels and channels. Float64 numpy, one channel at a time."""
    x = np.arange(11) - 5
    g = np.exp(-(x**2) / (2 * 1.5**2))
    g /= g.sum()

    def blur(image: np.ndarray) -> np.ndarray:
        rows = np.stack([np.convolve(row, g, mode="valid") for row in image])
        return np.stack([np.convolve(column, g, mode="valid") for column in rows.T]).T

    c1, c2, scores = 0.01**2, 0.03**2, []
    for channel in range(a.shape[2]):
        p, q = a[..., channel].astype(np.float64), b[..., channel].astype(np.float64)
        mu_p, mu_q = blur(p), blur(q)
        var_p, var_q = blur(p * p) - mu_p**2, blur(q * q) - mu_q**2
        cov = blur(p * q) - mu_p * mu_q
        value = ((2 * mu_p * mu_q + c1) * (2 * cov + c2)) / ((mu_p**2 + mu_q**2 + c1) * (var_p + var_q + c2))
        scores.append(value.mean())
    return float(np.mean(scores))


def test_psnr_by_hand():
    target = np.full((8, 10, 3), 0.5, np.float32)
    assert psnr(target + 0.1, target) == pytest.approx(20.0, abs=1e-4)  # MSE 0.01
    assert psnr(target + 0.01, target) == pytest.approx(40.0, abs=1e-3)
    assert psnr(target, target) == math.inf
    assert psnr(np.full_like(target, 1.7), np.ones_like(target)) == math.inf  # the output is clamped first
    assert psnr(np.full_like(target, -0.4), np.zeros_like(target)) == math.inf  # at both ends
    assert ssim(np.full_like(target, -0.4), np.zeros_like(target)) == pytest.approx(1.0)
    assert ssim(np.full_like(target, 1.6), np.ones_like(target)) == pytest.approx(1.0)


def test_ssim_follows_its_definition(rng):
    clean = smooth_image(rng, 64, 80)
    noisy = np.clip(clean + rng.normal(0, 0.08, clean.shape), 0, 1).astype(np.float32)
    darker = (clean * 0.7).astype(np.float32)
    for other in (noisy, darker):
        assert ssim(other, clean) == pytest.approx(reference_ssim(other, clean), abs=1e-6)
    assert ssim(clean, clean) == pytest.approx(1.0, abs=1e-9)
    assert ssim(noisy, clean) < 0.9


@pytest.mark.parametrize("height", [512, 384])  # 384 / 256 = 1.5 rounds to 2: pooled too
def test_ssim_of_a_large_photo_is_taken_at_about_256_pixels(rng, height):
    clean = smooth_image(rng, height, 600)  # averaged over 2×2 blocks first, as published
    noisy = np.clip(clean + rng.normal(0, 0.1, clean.shape), 0, 1).astype(np.float32)

    def halve(image: np.ndarray) -> np.ndarray:
        return image.reshape(height // 2, 2, 300, 2, 3).mean(axis=(1, 3))

    assert ssim(noisy, clean) == pytest.approx(reference_ssim(halve(noisy), halve(clean)), abs=1e-6)
    assert ssim(noisy, clean) != pytest.approx(reference_ssim(noisy, clean), abs=1e-3)  # pooling matters here
