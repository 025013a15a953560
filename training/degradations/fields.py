"""Smooth random fields and depth proxies shared by the degradation generators."""

from __future__ import annotations

import cv2
import numpy as np


def as_generator(rng: np.random.Generator | int | None) -> np.random.Generator:
    """A numpy Generator from a Generator, an integer seed or None (fresh entropy)."""
    return rng if isinstance(rng, np.random.Generator) else np.random.default_rng(rng)


def normalise(values: np.ndarray) -> np.ndarray:
    """Rescale to [0, 1] (a constant array becomes all zeros)."""
    low, high = float(values.min()), float(values.max())
    if high - low < 1e-12:
        return np.zeros_like(values, dtype=np.float32)
    return ((values - low) / (high - low)).astype(np.float32)


def smooth_field(rng: np.random.Generator, height: int, width: int, cells: int = 4, octaves: int = 3) -> np.ndarray:
    """A smooth random field in [0, 1]: coarse noise grids upsampled bicubically, summed over octaves."""
    total = np.zeros((height, width), np.float32)
    amplitude = 1.0
    for octave in range(octaves):
        n = cells * 2**octave  # cells along the short side
        grid_h = max(2, round(n * height / min(height, width)))
        grid_w = max(2, round(n * width / min(height, width)))
        grid = rng.standard_normal((grid_h + 2, grid_w + 2)).astype(np.float32)
        # Resize with a one-cell margin and crop it, so the field has no edge artefacts.
        big = cv2.resize(grid, (width * (grid_w + 2) // grid_w, height * (grid_h + 2) // grid_h), cv2.INTER_CUBIC)
        top, left = (big.shape[0] - height) // 2, (big.shape[1] - width) // 2
        total += amplitude * big[top : top + height, left : left + width]
        amplitude *= 0.5
    return normalise(total)


def blurred_luminance(image: np.ndarray, fraction: float = 0.05) -> np.ndarray:
    """Luminance blurred by a Gaussian of about `fraction` of the short side, in [0, 1] (computed small)."""
    height, width = image.shape[:2]
    luma = image[..., 0] * 0.299 + image[..., 1] * 0.587 + image[..., 2] * 0.114
    scale = min(1.0, 96 / min(height, width))
    size = (max(1, round(width * scale)), max(1, round(height * scale)))
    small = cv2.resize(luma, size, interpolation=cv2.INTER_AREA)
    sigma = max(0.5, fraction * min(small.shape))
    small = cv2.GaussianBlur(small, (0, 0), sigma, borderType=cv2.BORDER_REFLECT)
    return np.clip(cv2.resize(small, (width, height), interpolation=cv2.INTER_LINEAR), 0, 1).astype(np.float32)


def vertical_ramp(rng: np.random.Generator, height: int, width: int) -> tuple[np.ndarray, dict]:
    """Distance growing towards a random horizon: far at the top for most draws, else from a side or the bottom."""
    horizon = float(rng.uniform(0.6, 1.4))
    power = float(rng.uniform(0.6, 1.8))
    direction = str(rng.choice(["top", "top", "top", "top", "top", "left", "right", "bottom"]))
    length = height if direction in ("top", "bottom") else width
    ramp = np.clip(1 - np.arange(length, dtype=np.float32) / (length * horizon), 0, 1) ** power
    if direction in ("bottom", "right"):
        ramp = ramp[::-1]
    field = np.broadcast_to(ramp[:, None] if direction in ("top", "bottom") else ramp[None, :], (height, width))
    return np.ascontiguousarray(field, np.float32), {"horizon": horizon, "power": power, "far_side": direction}


def random_depth(
    rng: np.random.Generator, height: int, width: int, image: np.ndarray | None = None
) -> tuple[np.ndarray, dict]:
    """A plausible smooth depth map in [0, 1] (0 near, 1 far): a random mix of a vertical ramp, a
    low-frequency random field and (when an image is given) its blurred luminance (bright sky is far)."""
    ramp, ramp_info = vertical_ramp(rng, height, width)
    field = smooth_field(rng, height, width, cells=int(rng.integers(1, 5)), octaves=2)
    weights = rng.uniform(0.0, 1.0, 3).astype(np.float32)
    weights[0] += 0.5  # the horizon ramp carries most outdoor depth
    if image is None:
        weights[2] = 0.0
    weights /= weights.sum()
    depth = weights[0] * ramp + weights[1] * field
    if image is not None:
        depth = depth + weights[2] * blurred_luminance(image)
    info = {"ramp": ramp_info, "weights": {"ramp": float(weights[0]), "field": float(weights[1])}}
    if image is not None:
        info["weights"]["luminance"] = float(weights[2])
    return normalise(depth), info


def to_linear(image: np.ndarray) -> np.ndarray:
    """sRGB-like gamma 2.2 to linear light."""
    return np.power(np.clip(image, 0, 1), 2.2, dtype=np.float32)


def to_gamma(image: np.ndarray) -> np.ndarray:
    """Linear light back to gamma 2.2."""
    return np.power(np.clip(image, 0, 1), 1 / 2.2, dtype=np.float32)


def add_noise(image: np.ndarray, rng: np.random.Generator, sigma: float) -> np.ndarray:
    """Add Gaussian noise of standard deviation `sigma` and clip to [0, 1]."""
    if sigma <= 0:
        return np.clip(image, 0, 1).astype(np.float32)
    noisy = image + rng.standard_normal(image.shape, dtype=np.float32) * np.float32(sigma)
    return np.clip(noisy, 0, 1).astype(np.float32)
