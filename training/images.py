"""Reading and writing training images through core.image, and compact in-memory storage."""

from __future__ import annotations

from pathlib import Path

import numpy as np


def read_stored(path: Path, max_side: int = 0) -> np.ndarray:
    """An image as compact H×W×3 storage (uint8, or uint16 for 16-bit files), optionally shrunk."""
    from core.image.read import read_image

    loaded = read_image(Path(path))
    rgb = loaded.rgb
    if max_side and max(rgb.shape[:2]) > max_side:
        rgb = resize_to_fit(rgb, max_side)
    return to_stored(rgb, 16 if getattr(loaded, "bit_depth", 8) == 16 else 8)


def resize_to_fit(rgb: np.ndarray, max_side: int) -> np.ndarray:
    """Shrink (area interpolation) so the long side is at most `max_side`."""
    import cv2

    height, width = rgb.shape[:2]
    scale = max_side / max(height, width)
    size = (max(1, round(width * scale)), max(1, round(height * scale)))
    return cv2.resize(rgb, size, interpolation=cv2.INTER_AREA)


def to_stored(rgb: np.ndarray, bit_depth: int = 8) -> np.ndarray:
    """Float RGB in [0, 1] → uint8 (or uint16) storage."""
    top = 65535 if bit_depth == 16 else 255
    dtype = np.uint16 if bit_depth == 16 else np.uint8
    return (np.clip(rgb, 0, 1) * top + 0.5).astype(dtype)


def to_float(stored: np.ndarray) -> np.ndarray:
    """uint8/uint16 storage (or float) → float32 RGB in [0, 1]."""
    if stored.dtype == np.uint8:
        return stored.astype(np.float32) * np.float32(1 / 255)
    if stored.dtype == np.uint16:
        return stored.astype(np.float32) * np.float32(1 / 65535)
    return stored.astype(np.float32, copy=False)


def write_png(path: Path, rgb: np.ndarray) -> Path:
    """Write float RGB in [0, 1] as an 8-bit PNG (atomically; replaces an existing file)."""
    from core.image.write import write_image

    return write_image(Path(path), np.clip(rgb, 0, 1).astype(np.float32), bit_depth=8, overwrite=True)


def image_size(path: Path) -> tuple[int, int] | None:
    """Upright (width, height) from the file header without decoding; None when it is not a readable image."""
    from core.errors import ImageReadError
    from core.image.read import image_info

    try:
        return tuple(image_info(Path(path))["size"])  # type: ignore[return-value]
    except (ImageReadError, OSError, ValueError):
        return None


def photos_in(folder: Path) -> list[Path]:
    """Every image file under `folder` (subfolders included), sorted."""
    from core.image import IMAGE_SUFFIXES

    return sorted(p for p in Path(folder).rglob("*") if p.is_file() and p.suffix.lower() in IMAGE_SUFFIXES)
