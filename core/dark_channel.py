"""Classic single-image dehazing by the dark channel prior, the no-AI baseline.

K. He, J. Sun and X. Tang, "Single Image Haze Removal Using Dark Channel Prior", CVPR 2009 and
IEEE TPAMI 33(12), 2011, with the transmission refined by the guided filter (He, Sun and Tang,
ECCV 2010) instead of soft matting, as the TPAMI guided-filter paper recommends.

Hazy image model: I = J·t + A·(1 − t). Steps: dark channel of I → airlight A from the haziest
pixels → transmission t = 1 − ω·dark(I / A) → guided-filter refinement → J = (I − A) / max(t, t₀) + A.
"""

from __future__ import annotations

import time
from dataclasses import asdict, dataclass
from typing import Any

import numpy as np

from core.errors import AKNetError
from core.guided_filter import guided_filter
from core.progress import CancelToken, ProgressCallback, RunReport

PAPER = (
    'K. He, J. Sun, X. Tang, "Single Image Haze Removal Using Dark Channel Prior", CVPR 2009 / IEEE TPAMI 2011; '
    'refinement: K. He, J. Sun, X. Tang, "Guided Image Filtering", ECCV 2010 / IEEE TPAMI 2013'
)
AIRLIGHT_MODES = ("brightest", "mean")
# Rec. 601 luma weights: the grey guide of the guided filter (MATLAB's rgb2gray, as in the authors' code).
_LUMA = np.array([0.299, 0.587, 0.114], dtype=np.float32)
_MIN_AIRLIGHT = 1e-3  # keeps I / A finite on black images


@dataclass(frozen=True)
class DarkChannelConfig:
    """Parameters of the dark channel prior method; the defaults are the papers' values.

    airlight: 'brightest' (the paper: among the top `top_fraction` dark-channel pixels, the input
    pixel of highest intensity) or 'mean' (a common robust variant: those pixels averaged per channel).
    """

    patch_size: int = 15
    omega: float = 0.95
    top_fraction: float = 0.001
    airlight: str = "brightest"
    guided_radius: int = 60
    guided_eps: float = 1e-3
    t0: float = 0.1

    def __post_init__(self) -> None:
        if self.patch_size < 1 or self.patch_size % 2 == 0:
            raise ValueError(f"patch_size must be odd and at least 1, got {self.patch_size}")
        if not 0.0 < self.omega <= 1.0:
            raise ValueError(f"omega must be in (0, 1], got {self.omega}")
        if not 0.0 < self.top_fraction <= 1.0:
            raise ValueError(f"top_fraction must be in (0, 1], got {self.top_fraction}")
        if self.airlight not in AIRLIGHT_MODES:
            raise ValueError(f"airlight must be one of {AIRLIGHT_MODES}, got {self.airlight!r}")
        if self.guided_radius < 0:
            raise ValueError(f"guided_radius must be ≥ 0 (0 turns refinement off), got {self.guided_radius}")
        if self.guided_eps <= 0:
            raise ValueError(f"guided_eps must be positive, got {self.guided_eps}")
        if not 0.0 < self.t0 < 1.0:
            raise ValueError(f"t0 must be in (0, 1), got {self.t0}")


@dataclass
class DehazeResult:
    """The dehazed image with the estimates that produced it."""

    restored: np.ndarray  # H×W×3 float32 in [0, 1]
    airlight: np.ndarray  # (3,) float32
    transmission: np.ndarray  # H×W float32, refined, before the t₀ floor


def _running_min(values: np.ndarray, size: int, axis: int) -> np.ndarray:
    """Minimum over the `size` entries around each index along `axis` (first index − size//2 onwards);
    entries outside the array do not count. Windows are doubled (1, 2, 4, ...) and the last two overlap,
    so a 15-wide window takes 4 np.minimum passes instead of 14."""
    values = np.moveaxis(values, axis, 0)
    length = values.shape[0]
    before = size // 2
    window = np.full((length + size - 1, *values.shape[1:]), np.inf, dtype=values.dtype)
    window[before : before + length] = values
    width = 1
    while 2 * width <= size:  # window[i] = minimum of the padded entries i .. i + width − 1
        window = np.minimum(window[:-width], window[width:])
        width *= 2
    if width < size:
        window = np.minimum(window[:length], window[size - width : size - width + length])
    return np.ascontiguousarray(np.moveaxis(window[:length], 0, axis))


def min_filter(image: np.ndarray, patch_size: int) -> np.ndarray:
    """Minimum of an H×W float32 map over the patch_size × patch_size square around each pixel; windows at
    the edge take the minimum of the pixels inside the image (erosion with a flat square)."""
    if patch_size == 1:
        return image.copy()
    return _running_min(_running_min(image, patch_size, 0), patch_size, 1)


def dark_channel(image: np.ndarray, patch_size: int = 15) -> np.ndarray:
    """The dark channel of an H×W×3 image: minimum over colour channels, then over a square patch."""
    return min_filter(np.ascontiguousarray(image.min(axis=2), dtype=np.float32), patch_size)


def _top_indices(values: np.ndarray, count: int) -> np.ndarray:
    """Flat indices of `count` largest entries of `values` (ties at the threshold filled in scan order)."""
    flat = values.ravel()
    threshold = np.partition(flat, flat.size - count)[flat.size - count]
    above = np.flatnonzero(flat > threshold)
    ties = np.flatnonzero(flat == threshold)[: count - above.size]
    return np.concatenate([above, ties])


def estimate_airlight(
    image: np.ndarray, dark: np.ndarray, top_fraction: float = 0.001, mode: str = "brightest"
) -> np.ndarray:
    """Atmospheric light A (3 floats) from the haziest pixels: the top `top_fraction` of the dark channel."""
    count = max(1, round(dark.size * top_fraction))
    candidates = image.reshape(-1, 3)[_top_indices(dark, count)]
    if mode == "brightest":
        airlight = candidates[np.argmax(candidates.sum(axis=1))]
    elif mode == "mean":
        airlight = candidates.mean(axis=0)
    else:
        raise ValueError(f"airlight mode must be one of {AIRLIGHT_MODES}, got {mode!r}")
    return np.maximum(np.asarray(airlight, dtype=np.float32), _MIN_AIRLIGHT)


def estimate_transmission(
    image: np.ndarray, airlight: np.ndarray, omega: float = 0.95, patch_size: int = 15
) -> np.ndarray:
    """Coarse transmission t = 1 − ω·dark(I / A), H×W float32."""
    normalised = np.divide(image[..., 0], airlight[0], dtype=np.float32)
    for channel in (1, 2):
        np.minimum(normalised, image[..., channel] / airlight[channel], out=normalised)
    transmission = min_filter(normalised, patch_size)
    transmission *= -omega
    transmission += 1.0
    return transmission


def recover_radiance(image: np.ndarray, transmission: np.ndarray, airlight: np.ndarray, t0: float = 0.1) -> np.ndarray:
    """Scene radiance J = (I − A) / max(t, t₀) + A, clipped to [0, 1], H×W×3 float32."""
    floor = np.clip(transmission, t0, 1.0)[..., None]
    restored = np.subtract(image, airlight, dtype=np.float32)
    restored /= floor
    restored += airlight
    return np.clip(restored, 0.0, 1.0, out=restored)


def grey(image: np.ndarray) -> np.ndarray:
    """Luma of an H×W×3 float image, H×W float32."""
    luma = image[..., 0] * _LUMA[0]
    luma += image[..., 1] * _LUMA[1]
    luma += image[..., 2] * _LUMA[2]
    return luma.astype(np.float32, copy=False)


def dehaze(
    image: np.ndarray,
    config: DarkChannelConfig | None = None,
    progress: ProgressCallback | None = None,
    cancel: CancelToken | None = None,
) -> DehazeResult:
    """Dehaze an RGB float image (H×W×3 in [0, 1]) by the dark channel prior; the result keeps its size."""
    config = config or DarkChannelConfig()
    image = np.ascontiguousarray(image, dtype=np.float32)
    if image.ndim != 3 or image.shape[2] != 3:
        raise AKNetError(f"Expected an RGB image of shape H×W×3, got {image.shape}.")

    def step(fraction: float, message: str) -> None:
        if cancel is not None:
            cancel.raise_if_cancelled()
        if progress is not None:
            progress(fraction, message)

    step(0.0, "Dark channel")
    dark = dark_channel(image, config.patch_size)
    step(0.15, "Atmospheric light")
    airlight = estimate_airlight(image, dark, config.top_fraction, config.airlight)
    del dark
    step(0.25, "Transmission")
    transmission = estimate_transmission(image, airlight, config.omega, config.patch_size)
    if config.guided_radius > 0:
        step(0.4, "Refining transmission")
        transmission = guided_filter(grey(image), transmission, config.guided_radius, config.guided_eps)
    step(0.8, "Recovering scene")
    restored = recover_radiance(image, transmission, airlight, config.t0)
    step(1.0, "Done")
    return DehazeResult(restored, airlight, transmission)


class ClassicDehazer:
    """Dark channel prior dehazing behind the same interface as core.restorer.Restorer."""

    device_label = "CPU (classic)"

    def __init__(self, config: DarkChannelConfig | None = None) -> None:
        self.config = config or DarkChannelConfig()
        self.last_report: RunReport | None = None
        self.last_airlight: np.ndarray | None = None

    @property
    def description(self) -> dict[str, Any]:
        """Method, task and parameters, shaped like Restorer.description (no weights, no parameters)."""
        return {
            "weights": None,
            "format": "classic",
            "task": "classic-dehaze",
            "config": asdict(self.config),
            "parameters": 0,
            "metadata": {
                "method": "dark channel prior, guided-filter refinement",
                "reference": PAPER,
                **asdict(self.config),
            },
        }

    def restore(
        self, image: np.ndarray, progress: ProgressCallback | None = None, cancel: CancelToken | None = None
    ) -> np.ndarray:
        """Dehaze an RGB float32 image (H×W×3 in [0, 1]); the result has the same shape, in [0, 1]."""
        start = time.perf_counter()
        result = dehaze(image, self.config, progress, cancel)
        self.last_airlight = result.airlight
        self.last_report = RunReport(self.device_label, False, time.perf_counter() - start)
        return result.restored
