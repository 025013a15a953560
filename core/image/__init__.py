"""Photo files: the one place the app, the CLI and the trainer read and write images.

This module holds what every part shares: the suffixes read and written, which files count as
images, and LoadedImage, a decoded photo with what a faithful save needs. The work lives in:
- core.image.read: decoding files to float RGB (read_image, thumbnail, image_info);
- core.image.write: saving float RGB atomically in each format (write_image, to_uint);
- core.image.encode: the PNG and TIFF encoders for 8- and 16-bit pixels;
- core.image.metadata: EXIF orientation, ICC colour spaces, PNG chunks and TIFF tags, at the byte level;
- core.image.xmp_iptc: XMP, IPTC and resolution; core.image.provenance: the note saying what made a file.
Each function has one home and is imported from it; this module imports none of them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

IMAGE_SUFFIXES = frozenset({".jpg", ".jpeg", ".png", ".tif", ".tiff", ".webp", ".bmp", ".heic", ".heif", ".avif"})
READ_ONLY_SUFFIXES = frozenset({".heic", ".heif", ".avif"})
"""Read but not written: a result 'in the same format' as such a photo is written as JPEG (SAME_FORMAT_FALLBACK)."""
SAME_FORMAT_FALLBACK = ".jpg"

HIGH_DEPTH_GREY_MODES = frozenset({"I;16", "I;16L", "I;16B", "I;16N", "I", "F"})  # Pillow's modes
GREY_MODES = HIGH_DEPTH_GREY_MODES | {"1", "L", "LA", "La"}


@dataclass(eq=False)
class LoadedImage:
    """A decoded photo: upright float RGB plus what a faithful save needs."""

    rgb: np.ndarray = field(repr=False)  # float32 H×W×3 in [0, 1], EXIF orientation applied
    alpha: np.ndarray | None = field(default=None, repr=False)  # H×W uint8 or uint16, as stored
    bit_depth: int = 8
    icc_profile: bytes | None = field(default=None, repr=False)
    exif: bytes | None = field(default=None, repr=False)  # raw, Orientation as in the source
    xmp: bytes | None = field(default=None, repr=False)  # the XMP packet
    iptc: bytes | None = field(default=None, repr=False)  # raw IPTC-NAA records
    dpi: tuple[float, float] | None = None  # resolution in dots per inch, where the file says
    format: str = "PNG"
    mode: str = "RGB"  # the source's Pillow mode
    path: Path | None = None
    frames: int = 1  # frames (pages) in the file; only the first is read

    @property
    def size(self) -> tuple[int, int]:
        """(width, height) of the upright image."""
        return self.rgb.shape[1], self.rgb.shape[0]

    @property
    def is_grey(self) -> bool:
        """Whether the source is a greyscale photo (with or without alpha)."""
        return self.mode in GREY_MODES


def is_image_file(path: Path) -> bool:
    """True for a regular, visible file with an image suffix we read (not a `.part` temporary)."""
    path = Path(path)
    if path.name.startswith(".") or ".part" in (s.lower() for s in path.suffixes):
        return False
    try:
        return path.suffix.lower() in IMAGE_SUFFIXES and path.is_file()
    except OSError:
        return False
