"""Synthetic haze by the atmospheric scattering model: I = J·t + A·(1 − t), t = exp(−β·d).

Documented ranges (HazeRanges defaults), drawn uniformly unless noted:
- β (scattering coefficient): 0.5–2.2, except for a light-haze share of the draws (15%) where it is 0.05–0.5,
  so that a model also learns to leave clear and lightly hazy photos (and their shadows) alone; one uniform
  draw picks both (the lowest 15% of it maps to the light range);
- depth d = offset + span·depth01, offset 0.1–0.5, span 0.5–1.2, where depth01 ∈ [0, 1] is the given
  depth map or a random smooth proxy (horizon ramp + low-frequency field + blurred luminance; for
  training crops it is drawn for the whole photo and cut to the crop);
  so d ∈ [0.1, 1.7] and t = exp(−β·d) lies in [0.03, 0.97] (clipped below at 0.03);
- non-uniform density: β is modulated by (1 + a·(2·field − 1)), a 0–0.4 (patchy haze, as in NH-HAZE);
- airlight A: grey level 0.7–1.0 plus a per-channel tint in ±0.08 (neutral, bluish or yellowish
  smog), clipped to [0.55, 1.0];
- the model runs in linear light (gamma 2.2) with probability 0.3, else on the gamma-encoded image
  (as RESIDE does); Gaussian noise σ 0–0.01 is added afterwards.
The evaluation-style haze (t = exp(−β·(0.3+d)), β 0.8–1.8, A 0.78–0.95) lies inside these ranges.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

import numpy as np

from training.degradations.fields import (
    add_noise,
    as_generator,
    normalise,
    random_depth,
    smooth_field,
    to_gamma,
    to_linear,
)

MIN_TRANSMISSION = 0.03


@dataclass(frozen=True)
class HazeRanges:
    """Ranges the haze parameters are drawn from (the documented defaults)."""

    beta: tuple[float, float] = (0.5, 2.2)
    light_share: float = 0.15
    light_beta: tuple[float, float] = (0.05, 0.5)
    depth_offset: tuple[float, float] = (0.1, 0.5)
    depth_span: tuple[float, float] = (0.5, 1.2)
    nonuniformity: tuple[float, float] = (0.0, 0.4)
    airlight_grey: tuple[float, float] = (0.7, 1.0)
    airlight_tint: float = 0.08
    linear_light_probability: float = 0.3
    noise_sigma: tuple[float, float] = (0.0, 0.01)

    def to_dict(self) -> dict[str, Any]:
        """The ranges as JSON-ready data (for weights metadata)."""
        return asdict(self)


def sample_airlight(rng: np.random.Generator, ranges: HazeRanges) -> np.ndarray:
    """A bright, slightly tinted airlight colour (RGB)."""
    grey = rng.uniform(*ranges.airlight_grey)
    style = rng.choice(["neutral", "blue", "yellow"], p=[0.5, 0.25, 0.25])
    direction = {"neutral": (0.0, 0.0, 0.0), "blue": (-0.6, -0.1, 0.7), "yellow": (0.6, 0.3, -0.8)}[str(style)]
    strength = rng.uniform(0.0, 1.0)
    tint = np.asarray(direction) * strength * ranges.airlight_tint
    tint += rng.uniform(-0.25, 0.25, 3) * ranges.airlight_tint
    tint = np.clip(tint, -ranges.airlight_tint, ranges.airlight_tint)
    return np.clip(grey + tint, 0.55, 1.0).astype(np.float32)


def draw_beta(u: float, ranges: HazeRanges) -> float:
    """β for a uniform draw u ∈ [0, 1): the light-haze range for the lowest `light_share` of u, else the main one."""
    if u < ranges.light_share:
        low, high = ranges.light_beta
        return low + (high - low) * u / ranges.light_share
    low, high = ranges.beta
    return low + (high - low) * (u - ranges.light_share) / (1 - ranges.light_share)


def synthesize(
    clean: np.ndarray,
    rng: np.random.Generator | int | None = None,
    ranges: HazeRanges | None = None,
    depth: np.ndarray | None = None,
    normalise_depth: bool = True,
    with_map: bool = False,
) -> tuple[np.ndarray, dict[str, Any]]:
    """Add haze to a clean float32 H×W×3 image in [0, 1]; returns (hazy image, parameters used).

    `depth` (H×W, larger is farther) is rescaled to [0, 1] unless `normalise_depth` is False, in which
    case it must already be in [0, 1] (e.g. a crop of a whole-photo depth map, which keeps its level).
    `with_map` adds the transmission map itself (H×W float32) as params["transmission_map"] (not JSON)."""
    rng = as_generator(rng)
    ranges = ranges or HazeRanges()
    clean = np.asarray(clean, np.float32)
    height, width = clean.shape[:2]
    if depth is not None:
        depth = np.asarray(depth, np.float32)
        depth01 = normalise(depth) if normalise_depth else np.clip(depth, 0, 1)
        depth_info = {"source": "given", "normalised": normalise_depth}
    else:
        depth01, depth_info = random_depth(rng, height, width, clean)
        depth_info["source"] = "random"
    beta = draw_beta(float(rng.uniform()), ranges)
    offset = float(rng.uniform(*ranges.depth_offset))
    span = float(rng.uniform(*ranges.depth_span))
    patchiness = float(rng.uniform(*ranges.nonuniformity))
    airlight = sample_airlight(rng, ranges)
    linear = bool(rng.random() < ranges.linear_light_probability)
    noise = float(rng.uniform(*ranges.noise_sigma))

    patches = smooth_field(rng, height, width, cells=int(rng.integers(1, 4)), octaves=2)
    beta_map = beta * (1 + patchiness * (2 * patches - 1))
    transmission = np.exp(-beta_map * (offset + span * depth01)).astype(np.float32)
    transmission = np.maximum(transmission, MIN_TRANSMISSION)[..., None]
    scene = to_linear(clean) if linear else clean
    light = to_linear(airlight) if linear else airlight
    hazy = scene * transmission + light * (1 - transmission)
    hazy = to_gamma(hazy) if linear else hazy
    hazy = add_noise(hazy, rng, noise)
    params = {
        "kind": "haze",
        "beta": beta,
        "depth_offset": offset,
        "depth_span": span,
        "nonuniformity": patchiness,
        "airlight": [float(v) for v in airlight],
        "linear_light": linear,
        "noise_sigma": noise,
        "depth": depth_info,
        "transmission": {
            "min": float(transmission.min()),
            "mean": float(transmission.mean()),
            "max": float(transmission.max()),
        },
    }
    if with_map:
        params["transmission_map"] = transmission[..., 0]
    return hazy, params
