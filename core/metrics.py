"""Image quality metrics, computed the way the published AKNet evaluation computes them."""

from __future__ import annotations

import math

import numpy as np
import torch
from torch.nn import functional as F


def _as_tensor(image: np.ndarray | torch.Tensor) -> torch.Tensor:
    """H×W×3 numpy or N×3×H×W / 3×H×W tensor → N×3×H×W float64 tensor."""
    tensor = torch.from_numpy(np.asarray(image)).permute(2, 0, 1) if isinstance(image, np.ndarray) else image
    if tensor.ndim == 3:
        tensor = tensor.unsqueeze(0)
    return tensor.double()


def psnr(restored: np.ndarray | torch.Tensor, target: np.ndarray | torch.Tensor) -> float:
    """PSNR in dB of the output clamped to [0, 1] against the target (data range 1)."""
    a, b = _as_tensor(restored).clamp(0, 1), _as_tensor(target)
    mse = float(F.mse_loss(a, b))
    return float("inf") if mse == 0 else 10 * math.log10(1.0 / mse)


def _gaussian_window(size: int = 11, sigma: float = 1.5) -> torch.Tensor:
    coords = torch.arange(size, dtype=torch.float64) - size // 2
    g = torch.exp(-(coords**2) / (2 * sigma**2))
    return g / g.sum()


def ssim(restored: np.ndarray | torch.Tensor, target: np.ndarray | torch.Tensor) -> float:
    """SSIM as published: clamp, average-pool so the short side is about 256 px, then Gaussian SSIM
    (11×11, σ 1.5, valid filtering, K = 0.01 / 0.03) averaged over channels."""
    a, b = _as_tensor(restored).clamp(0, 1), _as_tensor(target)
    height, width = a.shape[-2:]
    ratio = max(1, round(min(height, width) / 256))
    if ratio > 1:
        size = (int(height / ratio), int(width / ratio))
        a, b = F.adaptive_avg_pool2d(a, size), F.adaptive_avg_pool2d(b, size)
    return _gaussian_ssim(a, b)


def _gaussian_ssim(a: torch.Tensor, b: torch.Tensor) -> float:
    channels = a.shape[1]
    g = _gaussian_window()
    window_h = g.view(1, 1, 1, -1).repeat(channels, 1, 1, 1)
    window_v = g.view(1, 1, -1, 1).repeat(channels, 1, 1, 1)

    def blur(x: torch.Tensor) -> torch.Tensor:
        if x.shape[-1] >= g.numel():
            x = F.conv2d(x, window_h, groups=channels)
        if x.shape[-2] >= g.numel():
            x = F.conv2d(x, window_v, groups=channels)
        return x

    c1, c2 = 0.01**2, 0.03**2
    mu_a, mu_b = blur(a), blur(b)
    var_a = blur(a * a) - mu_a**2
    var_b = blur(b * b) - mu_b**2
    cov = blur(a * b) - mu_a * mu_b
    luminance = (2 * mu_a * mu_b + c1) / (mu_a**2 + mu_b**2 + c1)
    contrast = (2 * cov + c2) / (var_a + var_b + c2)
    return float((luminance * contrast).mean())
