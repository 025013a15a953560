"""The classic methods each model is measured against: what a user can do today without it.

- dehaze: the dark channel prior (core.dark_channel, default parameters);
- desnow: a median filter, the tool an editor offers for specks (sizes 3, 5 and 7 tried);
- defocus: an unsharp mask, the sharpening a photographer would reach for (radius σ 1, 2, 4 px ×
  amount 0.5, 1, 2 tried).

An evaluation scores every candidate of a task on the whole set and keeps the best by mean PSNR (the best
one setting for the set, as a user would pick one setting for a folder); each candidate has `.restore(rgb)`
and `.description`, like the Restorer. Which task uses which is in training.tasks.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import cv2
import numpy as np

from core.dark_channel import ClassicDehazer


@dataclass(frozen=True)
class MedianFilter:
    """A square median filter over each colour channel (8-bit, as image editors apply it)."""

    size: int

    def restore(self, rgb: np.ndarray) -> np.ndarray:
        pixels = np.round(np.clip(rgb, 0, 1) * 255).astype(np.uint8)
        return cv2.medianBlur(np.ascontiguousarray(pixels), self.size).astype(np.float32) / 255

    @property
    def label(self) -> str:
        return f"median {self.size}×{self.size}"

    @property
    def description(self) -> dict[str, Any]:
        return {"method": "median filter", "size": self.size}


@dataclass(frozen=True)
class UnsharpMask:
    """x + amount · (x − Gaussian(x, σ = radius)), clipped to [0, 1]."""

    radius: float
    amount: float

    def restore(self, rgb: np.ndarray) -> np.ndarray:
        image = np.ascontiguousarray(rgb, dtype=np.float32)
        blurred = cv2.GaussianBlur(image, (0, 0), self.radius, borderType=cv2.BORDER_REFLECT)
        return np.clip(image + self.amount * (image - blurred), 0, 1)

    @property
    def label(self) -> str:
        return f"unsharp σ {self.radius:g}, amount {self.amount:g}"

    @property
    def description(self) -> dict[str, Any]:
        return {"method": "unsharp mask", "radius": self.radius, "amount": self.amount}


class DarkChannel(ClassicDehazer):
    """The dark channel prior with its default parameters, labelled like the other baselines."""

    label = "dark channel prior"


def dark_channel() -> list[DarkChannel]:
    """The dehazing baseline: the dark channel prior with its default parameters."""
    return [DarkChannel()]


def median_filters() -> list[MedianFilter]:
    """The desnowing baselines: median filters of 3, 5 and 7 pixels."""
    return [MedianFilter(size) for size in (3, 5, 7)]


def unsharp_masks() -> list[UnsharpMask]:
    """The defocus baselines: unsharp masks of radius 1, 2 and 4 px at amounts 0.5, 1 and 2."""
    return [UnsharpMask(radius, amount) for radius in (1.0, 2.0, 4.0) for amount in (0.5, 1.0, 2.0)]
