"""Synthetic falling snow: layers of flakes and streaks of several sizes over the photo (as in
Snow100K and CSD), with wind-driven motion blur, varying density and an optional veil.

Documented ranges (SnowRanges defaults), drawn uniformly unless noted:
- layers: 2–4, from far (small, dense) to near (large, sparse); flake radius 0.5–4.5 px, the layers
  spread over that range; snowfall intensity 0.1–1 per image; density per layer
  3–150 flakes per 10,000 px, scaled by the intensity and falling as 1/radius² beyond 1 px;
- wind angle −40°…40° from vertical (per-layer jitter ±8°); motion-blur length = radius × 0–8 px
  (0: round flakes, large: streaks); opacity per layer 0.55–1.0; flake brightness 0.85–1.0 with a
  bluish tint up to 0.05;
- veil (scattered light in snowfall): with probability 0.5, a blend towards the snow colour of 0–0.25;
- flakes out of focus near the lens (as in real photos shot with a long lens or a wide aperture): with
  probability 0.5, sparse large soft translucent disks, radius 5–24 px, 0.05–1.0 per 10,000 px, opacity
  0.15–0.6, each with its own brightness 0.5–1;
- Gaussian noise σ 0–0.008.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass
from typing import Any

import cv2
import numpy as np

from training.degradations.fields import add_noise, as_generator, smooth_field


@dataclass(frozen=True)
class SnowRanges:
    """Ranges the snow parameters are drawn from (the documented defaults)."""

    layers: tuple[int, int] = (2, 4)
    radius: tuple[float, float] = (0.5, 4.5)
    density: tuple[float, float] = (3.0, 150.0)
    wind_degrees: tuple[float, float] = (-40.0, 40.0)
    layer_angle_jitter: float = 8.0
    streak_factor: tuple[float, float] = (0.0, 8.0)
    opacity: tuple[float, float] = (0.55, 1.0)
    brightness: tuple[float, float] = (0.85, 1.0)
    blue_tint: tuple[float, float] = (0.0, 0.05)
    veil_probability: float = 0.5
    veil: tuple[float, float] = (0.0, 0.25)
    near_probability: float = 0.5
    near_radius: tuple[float, float] = (5.0, 24.0)
    near_density: tuple[float, float] = (0.05, 1.0)
    near_opacity: tuple[float, float] = (0.15, 0.6)
    noise_sigma: tuple[float, float] = (0.0, 0.008)

    def to_dict(self) -> dict[str, Any]:
        """The ranges as JSON-ready data (for weights metadata)."""
        return asdict(self)


def disk_kernel(radius: float) -> np.ndarray:
    """An anti-aliased filled disk of the given radius (peak 1), 4×4 supersampled."""
    half = math.ceil(radius)
    offsets = (np.arange(4) + 0.5) / 4 - 0.5
    coords = np.arange(-half, half + 1, dtype=np.float32)
    yy = (coords[:, None, None, None] + offsets[None, None, :, None]) ** 2
    xx = (coords[None, :, None, None] + offsets[None, None, None, :]) ** 2
    return ((yy + xx) <= radius**2 + 1e-6).mean(axis=(2, 3)).astype(np.float32)


def motion_kernel(length: float, angle_degrees: float) -> np.ndarray:
    """A normalised line kernel of the given length along the given angle from vertical."""
    if length < 1.0:
        return np.ones((1, 1), np.float32)
    size = math.ceil(length) | 1
    kernel = np.zeros((size * 4, size * 4), np.float32)
    centre = size * 2
    theta = math.radians(angle_degrees)
    dy, dx = math.cos(theta) * length * 2, math.sin(theta) * length * 2
    cv2.line(
        kernel,
        (round(centre - dx), round(centre - dy)),
        (round(centre + dx), round(centre + dy)),
        1.0,
        thickness=2,
        lineType=cv2.LINE_AA,
    )
    kernel = cv2.resize(kernel, (size, size), interpolation=cv2.INTER_AREA)
    return kernel / max(float(kernel.sum()), 1e-8)


def flake_layer(
    rng: np.random.Generator, height: int, width: int, radius: float, density: float, streak: float, angle: float
) -> np.ndarray:
    """One layer's coverage in [0, 1]: random points grown into soft disks, then motion-blurred."""
    probability = min(density / 10_000, 0.5)
    margin = math.ceil(radius + streak) + 2
    h, w = height + 2 * margin, width + 2 * margin  # flakes may enter from outside the frame
    points = (rng.random((h, w), dtype=np.float32) < probability).astype(np.float32)
    points *= rng.uniform(0.6, 1.0, (h, w)).astype(np.float32)
    if radius > 0.75:
        layer = cv2.filter2D(points, -1, disk_kernel(radius), borderType=cv2.BORDER_CONSTANT)
        layer = cv2.GaussianBlur(layer, (0, 0), 0.25 * radius + 0.3)
    else:
        layer = cv2.GaussianBlur(points, (0, 0), 0.6) * 2.5
    if streak >= 1.0:
        kernel = motion_kernel(streak, angle)
        # Streaks spread a flake's light; keep them visible but fainter than a still flake.
        layer = cv2.filter2D(layer, -1, kernel, borderType=cv2.BORDER_CONSTANT) * math.sqrt(streak)
    return np.clip(layer[margin : margin + height, margin : margin + width], 0, 1)


def near_lens_layer(rng: np.random.Generator, height: int, width: int, radius: float, density: float) -> np.ndarray:
    """Coverage in [0, 1] of out-of-focus flakes close to the lens: sparse large disks with soft edges."""
    probability = min(density / 10_000, 0.05)
    margin = math.ceil(radius) + 2
    h, w = height + 2 * margin, width + 2 * margin
    points = (rng.random((h, w), dtype=np.float32) < probability).astype(np.float32)
    points *= rng.uniform(0.5, 1.0, (h, w)).astype(np.float32)
    layer = cv2.filter2D(points, -1, disk_kernel(radius), borderType=cv2.BORDER_CONSTANT)
    layer = cv2.GaussianBlur(layer, (0, 0), 0.15 * radius)
    return np.clip(layer[margin : margin + height, margin : margin + width], 0, 1)


def synthesize(
    clean: np.ndarray, rng: np.random.Generator | int | None = None, ranges: SnowRanges | None = None
) -> tuple[np.ndarray, dict[str, Any]]:
    """Add falling snow to a clean float32 H×W×3 image in [0, 1]; returns (snowy image, parameters used)."""
    rng = as_generator(rng)
    ranges = ranges or SnowRanges()
    clean = np.asarray(clean, np.float32)
    height, width = clean.shape[:2]
    count = int(rng.integers(ranges.layers[0], ranges.layers[1] + 1))
    wind = float(rng.uniform(*ranges.wind_degrees))
    streak_factor = float(rng.uniform(*ranges.streak_factor))
    intensity = float(rng.uniform(0.1, 1.0))  # how heavy the snowfall is, shared by the layers
    brightness = float(rng.uniform(*ranges.brightness))
    blue = float(rng.uniform(*ranges.blue_tint))
    colour = np.clip(np.array([brightness - blue, brightness - blue / 2, brightness], np.float32), 0, 1)
    low, high = ranges.radius
    coverage = np.zeros((height, width), np.float32)
    layers = []
    for index in range(count):
        # Spread layers from small/far to large/near, each with its own draw inside its band.
        band = (low + (high - low) * index / count, low + (high - low) * (index + 1) / count)
        radius = float(rng.uniform(*band))
        area_factor = 1 / max(radius, 1.0) ** 2
        share = min(1.0, intensity * float(rng.uniform(0.5, 1.5)) * area_factor)
        density = float(ranges.density[0] + (ranges.density[1] - ranges.density[0]) * share)
        angle = wind + float(rng.uniform(-ranges.layer_angle_jitter, ranges.layer_angle_jitter))
        streak = radius * streak_factor * float(rng.uniform(0.7, 1.3))
        opacity = float(rng.uniform(*ranges.opacity))
        layer = flake_layer(rng, height, width, radius, density, streak, angle)
        coverage = 1 - (1 - coverage) * (1 - opacity * layer)
        layers.append({"radius": radius, "density": density, "angle": angle, "streak": streak, "opacity": opacity})
    veil = float(rng.uniform(*ranges.veil)) if rng.random() < ranges.veil_probability else 0.0
    snowy = clean
    if veil > 0:
        veil_map = veil * (0.6 + 0.8 * smooth_field(rng, height, width, cells=3))[..., None]
        snowy = snowy * (1 - veil_map) + colour * veil_map
    near = None
    if rng.random() < ranges.near_probability:
        near = {
            "radius": float(rng.uniform(*ranges.near_radius)),
            "density": float(rng.uniform(*ranges.near_density)),
            "opacity": float(rng.uniform(*ranges.near_opacity)),
        }
        layer = near_lens_layer(rng, height, width, near["radius"], near["density"])
        coverage = 1 - (1 - coverage) * (1 - near["opacity"] * layer)
    snowy = snowy * (1 - coverage[..., None]) + colour * coverage[..., None]
    noise = float(rng.uniform(*ranges.noise_sigma))
    snowy = add_noise(snowy, rng, noise)
    params = {
        "kind": "snow",
        "wind_degrees": wind,
        "streak_factor": streak_factor,
        "intensity": intensity,
        "colour": [float(v) for v in colour],
        "layers": layers,
        "veil": veil,
        "near_lens": near,
        "noise_sigma": noise,
        "coverage_mean": float(coverage.mean()),
    }
    return snowy.astype(np.float32), params
