"""Turning numpy images into what the screen shows: 8-bit RGB32 QImages in a pyramid of halvings.

These functions only use numpy and QImage, so they run on worker threads (QPixmap would not).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from PySide6.QtGui import QImage

PYRAMID_MIN_SIDE = 256  # stop halving once the short side would fall below this


def to_uint8(rgb: np.ndarray) -> np.ndarray:
    """An H×W×3 uint8 copy of a float [0, 1], uint16 or uint8 RGB image, rounded."""
    if rgb.dtype == np.uint8:
        return rgb
    if rgb.dtype == np.uint16:
        return ((rgb.astype(np.uint32) * 255 + 32767) // 65535).astype(np.uint8)
    scaled = np.clip(rgb, 0.0, 1.0, dtype=np.float32) * np.float32(255.0) + np.float32(0.5)
    return scaled.astype(np.uint8)


def to_uint16(rgb: np.ndarray) -> np.ndarray:
    """An H×W×3 uint16 copy of a float [0, 1] RGB image (how results are kept between restore and save)."""
    scaled = np.clip(rgb, 0.0, 1.0, dtype=np.float32) * np.float32(65535.0) + np.float32(0.5)
    return scaled.astype(np.uint16)


def to_float(rgb: np.ndarray) -> np.ndarray:
    """A float32 [0, 1] view of a uint8, uint16 or float RGB image."""
    if rgb.dtype == np.uint16:
        return rgb.astype(np.float32) / np.float32(65535.0)
    if rgb.dtype == np.uint8:
        return rgb.astype(np.float32) / np.float32(255.0)
    return rgb.astype(np.float32, copy=False)


@dataclass
class DisplayImage:
    """An image ready to paint: QImages at full, half, quarter… resolution (level k is 2**-k scale)."""

    width: int
    height: int
    levels: list[QImage]
    buffers: list[np.ndarray] = field(default_factory=list, repr=False)  # keep the pixels the QImages use

    def level_for(self, scale: float) -> int:
        """The smallest level that still has at least one pixel per screen pixel at this zoom."""
        level = 0
        while level + 1 < len(self.levels) and scale <= 0.5 ** (level + 1):
            level += 1
        return level


def _rgb32(rgb8: np.ndarray) -> tuple[QImage, np.ndarray]:
    """A QImage (Format_RGB32) over a new B,G,R,255 buffer; the buffer must outlive the image."""
    height, width = rgb8.shape[:2]
    bgra = np.empty((height, width, 4), dtype=np.uint8)
    bgra[..., 0] = rgb8[..., 2]
    bgra[..., 1] = rgb8[..., 1]
    bgra[..., 2] = rgb8[..., 0]
    bgra[..., 3] = 255
    image = QImage(bgra.data, width, height, width * 4, QImage.Format.Format_RGB32)
    return image, bgra


def half_size(rgb8: np.ndarray) -> np.ndarray:
    """An H×W×C uint8 image at half its size (⌊H/2⌋×⌊W/2⌋), each pixel the rounded mean of a 2×2 block."""
    height, width = rgb8.shape[0] // 2 * 2, rgb8.shape[1] // 2 * 2
    total = rgb8[0:height:2, 0:width:2].astype(np.uint16)
    total += rgb8[1:height:2, 0:width:2]
    total += rgb8[0:height:2, 1:width:2]
    total += rgb8[1:height:2, 1:width:2]
    total += 2
    total >>= 2
    return total.astype(np.uint8)


def display_image(rgb: np.ndarray, min_side: int = PYRAMID_MIN_SIDE) -> DisplayImage:
    """Convert an RGB image (float, uint16 or uint8) into a DisplayImage with its pyramid."""
    if rgb.ndim == 2:
        rgb = np.repeat(rgb[..., None], 3, axis=2)
    rgb8 = np.ascontiguousarray(to_uint8(rgb[..., :3]))
    height, width = rgb8.shape[:2]
    levels, buffers = [], []
    current = rgb8
    while True:
        image, buffer = _rgb32(current)
        levels.append(image)
        buffers.append(buffer)
        h, w = current.shape[:2]
        if min(h, w) // 2 < min_side:
            break
        current = half_size(current)
    return DisplayImage(width, height, levels, buffers)
