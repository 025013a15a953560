"""Synthetic defocus blur: disk and ring (doughnut) PSFs whose radius varies over the image with a
smooth depth map around a random focal plane (as in DPDD's real defocus pairs).

Documented ranges (DefocusRanges defaults), drawn uniformly unless noted:
- largest blur radius 1–10 px; the radius at each pixel is that times |depth − focus| / max|depth − focus|,
  with the focal depth 0–1 (so part of the photo may stay sharp); with probability 0.2 the whole
  photo is blurred by one radius (nothing in focus);
- PSF shape: a filled disk with probability 0.6, else a ring: a disk whose rim (outside 0.5–0.85 of
  the radius) is 1.5–3× brighter than its centre, as cat's-eye / spherical-aberration bokeh;
- blur runs in linear light (gamma 2.2) with probability 0.5, which makes highlights bloom into bokeh;
- Gaussian noise σ 0–0.01 afterwards.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass
from typing import Any

import cv2
import numpy as np

from training.degradations.fields import add_noise, as_generator, random_depth, to_gamma, to_linear
from training.degradations.snow import disk_kernel


@dataclass(frozen=True)
class DefocusRanges:
    """Ranges the defocus parameters are drawn from (the documented defaults)."""

    max_radius: tuple[float, float] = (1.0, 10.0)
    focus: tuple[float, float] = (0.0, 1.0)
    uniform_probability: float = 0.2
    ring_probability: float = 0.4
    ring_inner: tuple[float, float] = (0.5, 0.85)
    ring_gain: tuple[float, float] = (1.5, 3.0)
    linear_light_probability: float = 0.5
    noise_sigma: tuple[float, float] = (0.0, 0.01)

    def to_dict(self) -> dict[str, Any]:
        """The ranges as JSON-ready data (for weights metadata)."""
        return asdict(self)


def psf(radius: float, shape: str = "disk", inner: float = 0.7, gain: float = 2.0) -> np.ndarray:
    """A normalised defocus PSF: a filled disk, or a ring whose rim outside inner·radius is `gain`× brighter."""
    if radius < 0.5:
        return np.ones((1, 1), np.float32)
    kernel = disk_kernel(radius)
    if shape == "ring":
        inside = disk_kernel(inner * radius)
        pad = (kernel.shape[0] - inside.shape[0]) // 2
        inside = np.pad(inside, pad)
        kernel = kernel * gain - inside * (gain - 1)
    return (kernel / kernel.sum()).astype(np.float32)


def blur_by_radius_map(
    image: np.ndarray, radius_map: np.ndarray, max_radius: float, shape: str, inner: float, gain: float
) -> np.ndarray:
    """Blur each pixel by its own radius: blur at integer-spaced radius levels and interpolate between them."""
    levels = np.linspace(0.0, max_radius, max(2, math.ceil(max_radius) + 1))
    position = np.clip(radius_map / max_radius * (len(levels) - 1), 0, len(levels) - 1 - 1e-6)
    lower = np.floor(position).astype(np.int32)
    fraction = (position - lower)[..., None].astype(np.float32)
    result = np.zeros_like(image)
    for level_index, radius in enumerate(levels):
        weight = np.where(lower[..., None] == level_index, 1 - fraction, 0) + np.where(
            lower[..., None] == level_index - 1, fraction, 0
        )
        if not weight.any():
            continue
        kernel = psf(float(radius), shape, inner, gain)
        blurred = cv2.filter2D(image, -1, kernel, borderType=cv2.BORDER_REFLECT) if kernel.size > 1 else image
        result += blurred * weight.astype(np.float32)
    return result


def synthesize(
    clean: np.ndarray,
    rng: np.random.Generator | int | None = None,
    ranges: DefocusRanges | None = None,
    depth: np.ndarray | None = None,
) -> tuple[np.ndarray, dict[str, Any]]:
    """Blur a clean float32 H×W×3 image in [0, 1] out of focus; returns (blurred image, parameters used)."""
    rng = as_generator(rng)
    ranges = ranges or DefocusRanges()
    clean = np.asarray(clean, np.float32)
    height, width = clean.shape[:2]
    max_radius = float(rng.uniform(*ranges.max_radius))
    uniform = bool(rng.random() < ranges.uniform_probability)
    focus = float(rng.uniform(*ranges.focus))
    shape = "ring" if rng.random() < ranges.ring_probability else "disk"
    inner = float(rng.uniform(*ranges.ring_inner))
    gain = float(rng.uniform(*ranges.ring_gain))
    linear = bool(rng.random() < ranges.linear_light_probability)
    noise = float(rng.uniform(*ranges.noise_sigma))
    if uniform:
        radius_map = np.full((height, width), max_radius, np.float32)
        depth_info: dict[str, Any] = {"source": "none"}
    else:
        if depth is None:
            depth, depth_info = random_depth(rng, height, width)
            depth_info["source"] = "random"
        else:
            depth_info = {"source": "given"}
        distance = np.abs(np.asarray(depth, np.float32) - focus)
        radius_map = max_radius * distance / max(float(distance.max()), 1e-6)
    scene = to_linear(clean) if linear else clean
    blurred = blur_by_radius_map(scene, radius_map, max_radius, shape, inner, gain)
    blurred = to_gamma(blurred) if linear else np.clip(blurred, 0, 1)
    blurred = add_noise(blurred, rng, noise)
    params = {
        "kind": "defocus",
        "max_radius": max_radius,
        "uniform": uniform,
        "focus": focus,
        "psf": shape,
        "ring_inner": inner,
        "ring_gain": gain,
        "linear_light": linear,
        "noise_sigma": noise,
        "depth": depth_info,
        "radius_mean": float(radius_map.mean()),
    }
    return blurred.astype(np.float32), params
