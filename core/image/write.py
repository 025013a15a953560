"""Writing photos: float RGB in [0, 1] to PNG, TIFF, JPEG, WebP or BMP, keeping a source's alpha and metadata.

Every save is atomic (core.atomic): a failed save leaves no partial file and keeps an existing
one as it was, and an existing file is only replaced when asked. The byte-level EXIF, ICC,
PNG-chunk and TIFF-tag work lives in core.image.metadata; reading lives in core.image.read.

What is written, per format:
- PNG and TIFF: 8 or 16 bits, alpha, ICC and EXIF. core.image.encode encodes the pixels (PNG
  Paeth-filtered, TIFF deflated with the horizontal predictor); the ICC profile and EXIF are added
  as PNG chunks (iCCP, eXIf) or as TIFF tags (IFD0 is rewritten at the end).
- JPEG (quality, 4:4:4 chroma at quality >= 90, optimised), WebP (lossy, quality): 8 bits with
  ICC and EXIF; WebP keeps alpha, JPEG drops it.
- BMP: 8-bit RGB, no metadata.
Besides ICC and EXIF, a source's XMP, IPTC and resolution (DPI) are kept where the format has a place for them
(core.image.xmp_iptc), and a provenance note (software, task, model; core.image.provenance) is added. With
strip_metadata, EXIF, XMP, IPTC and the note are left out (privacy: no camera, place or time); the ICC profile
(the photo's colours) and the resolution stay.
Output is always colour (RGB, or RGBA with alpha), also for greyscale sources (whose restoration
core.batch.restore_loaded makes neutral: R = G = B). An ICC profile
is only embedded when it describes RGB (a greyscale or CMYK source's profile is not carried;
CMYK pixels are converted to sRGB on reading). EXIF keeps everything but the stale thumbnail
(IFD1), with Orientation set to 1 because the pixels are already turned upright.
A 16-bit source saved as JPEG, WebP or BMP with bit_depth None/'same' becomes 8-bit; an explicit
bit_depth=16 for those formats is an ImageWriteError.
"""

from __future__ import annotations

import errno
import logging
import struct
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from PIL import Image

from core.atomic import atomic_path, same_file
from core.errors import ImageWriteError
from core.image import LoadedImage
from core.image.encode import encode_png, encode_tiff
from core.image.metadata import exif_for_output, icc_colour_space, png_with_metadata, write_tiff_with_metadata
from core.image.provenance import SOFTWARE, Provenance
from core.image.xmp_iptc import IPTC_TAG, XMP_TAG, jpeg_iptc_segment, png_text_chunks, tiff_resolution_tags

_FORMAT_NAMES = {
    "png": "PNG",
    "jpg": "JPEG",
    "jpeg": "JPEG",
    "tif": "TIFF",
    "tiff": "TIFF",
    "webp": "WEBP",
    "bmp": "BMP",
}
_SIXTEEN_BIT_FORMATS = frozenset({"PNG", "TIFF"})
_ALPHA_FORMATS = frozenset({"PNG", "TIFF", "WEBP"})
_METADATA_FORMATS = frozenset({"PNG", "TIFF", "JPEG", "WEBP"})
_JPEG_MAX_EXIF = 65533
_JPEG_MAX_XMP = 65504


@dataclass
class _Extras:
    """XMP, IPTC, resolution and provenance to write (None where a format has no place or they are stripped)."""

    xmp: bytes | None = None
    iptc: bytes | None = None
    dpi: tuple[float, float] | None = None
    provenance: Provenance | None = None


_log = logging.getLogger(__name__)


def to_uint(rgb: np.ndarray, bit_depth: int) -> np.ndarray:
    """Float values in [0, 1] as uint8 (bit_depth 8) or uint16 (16), clamped and rounded to nearest."""
    if bit_depth not in (8, 16):
        raise ValueError(f"bit_depth must be 8 or 16, not {bit_depth!r}")
    scaled = np.nan_to_num(np.asarray(rgb, dtype=np.float32), nan=0.0, posinf=1.0, neginf=0.0)
    if scaled is rgb:
        scaled = scaled.copy()
    np.clip(scaled, 0.0, 1.0, out=scaled)
    scaled *= 255.0 if bit_depth == 8 else 65535.0
    np.rint(scaled, out=scaled)
    return scaled.astype(np.uint8 if bit_depth == 8 else np.uint16)


def write_image(
    path: Path,
    rgb: np.ndarray,
    *,
    like: LoadedImage | None = None,
    format: str | None = None,
    bit_depth: int | str | None = None,
    quality: int = 95,
    overwrite: bool = False,
    provenance: Provenance | None = None,
    strip_metadata: bool = False,
) -> Path:
    """Save float RGB in [0, 1] atomically, keeping `like`'s alpha, ICC profile, EXIF, XMP, IPTC and resolution
    and adding the `provenance` note; `strip_metadata` leaves out EXIF, XMP, IPTC and the note. Returns the path.

    `format`: 'png', 'jpg'/'jpeg', 'tif'/'tiff', 'webp' or 'bmp' (default: from the suffix).
    `bit_depth`: 8, 16 (PNG and TIFF only), or None / 'same' for like's depth where the format
    allows it, else 8. `quality` (1-100) applies to JPEG and WebP.
    """
    target = Path(path)
    fmt = _output_format(target, format)
    depth = _output_bit_depth(fmt, bit_depth, like)
    if isinstance(quality, bool) or not isinstance(quality, int) or not 1 <= quality <= 100:
        raise ImageWriteError(f"Quality must be a whole number from 1 to 100, not {quality!r}.")
    _check_target(target, like, overwrite)
    pixels = to_uint(_checked_rgb(rgb, target), depth)
    alpha = _output_alpha(like, pixels.shape[:2], depth, fmt)
    icc, exif = _output_metadata(like, fmt)
    extras = _output_extras(like, fmt, provenance)
    if strip_metadata:
        exif, extras = None, _Extras(dpi=extras.dpi)
    existed = target.exists()
    try:
        with atomic_path(target) as temporary:
            if fmt == "PNG":
                _save_png(temporary, pixels, alpha, icc, exif, extras)
            elif fmt == "TIFF":
                _save_tiff(temporary, pixels, alpha, icc, exif, extras)
            else:
                _save_with_pillow(temporary, fmt, pixels, alpha, icc, exif, quality, extras)
    except MemoryError as exc:
        raise ImageWriteError(f"Not enough memory to save {target}. Close other programs and try again.") from exc
    except OSError as exc:
        raise ImageWriteError(_write_failure(target, exc, existed)) from exc
    except (ValueError, TypeError, struct.error) as exc:
        raise ImageWriteError(f"Could not encode {target.name} as {fmt} ({exc}). Try PNG instead.") from exc
    return target


def _output_format(target: Path, format: str | None) -> str:
    by_suffix = _FORMAT_NAMES.get(target.suffix.lower().lstrip("."))
    if format is None:
        if by_suffix is None:
            raise ImageWriteError(
                f"Cannot tell which format to save {target.name} in: give it a suffix such as .png, .jpg or .tif."
            )
        return by_suffix
    chosen = _FORMAT_NAMES.get(str(format).lower().lstrip("."))
    if chosen is None:
        raise ImageWriteError(f"Cannot save images as {format!r}; choose png, jpg, tif, webp or bmp.")
    if by_suffix is not None and by_suffix != chosen:
        raise ImageWriteError(f"{target.name} has a {target.suffix} suffix but the format asked for is {format}.")
    return chosen


def _output_bit_depth(fmt: str, bit_depth: int | str | None, like: LoadedImage | None) -> int:
    if bit_depth is None or bit_depth == "same":
        depth = like.bit_depth if like is not None else 8
        return depth if fmt in _SIXTEEN_BIT_FORMATS else 8  # a 16-bit source saved as JPEG: 8 bits, silently
    if isinstance(bit_depth, bool) or bit_depth not in (8, 16):
        raise ImageWriteError(f"Bit depth must be 8, 16 or 'same', not {bit_depth!r}.")
    if bit_depth == 16 and fmt not in _SIXTEEN_BIT_FORMATS:
        raise ImageWriteError(f"{fmt} stores 8 bits per channel; choose PNG or TIFF for 16-bit output, or 8 bits.")
    return int(bit_depth)


def _check_target(target: Path, like: LoadedImage | None, overwrite: bool) -> None:
    if target.is_dir():
        raise ImageWriteError(f"{target} is a folder; choose a file name to save the image as.")
    if overwrite:
        return
    if like is not None and like.path is not None and same_file(target, Path(like.path)):
        raise ImageWriteError(
            f"{target} is the original image; saving there would replace it. Choose another name, or allow overwriting."
        )
    if target.exists() or target.is_symlink():
        raise ImageWriteError(f"{target} already exists. Choose another name, or allow overwriting.")


def _checked_rgb(rgb: np.ndarray, target: Path) -> np.ndarray:
    if not isinstance(rgb, np.ndarray) or rgb.ndim != 3 or rgb.shape[2] != 3 or rgb.size == 0:
        shape = getattr(rgb, "shape", type(rgb).__name__)
        raise ImageWriteError(f"Cannot save {target.name}: expected an H×W×3 RGB image, got {shape}.")
    if not np.issubdtype(rgb.dtype, np.floating):
        raise ImageWriteError(f"Cannot save {target.name}: expected float values in [0, 1], got {rgb.dtype}.")
    return rgb


def _output_alpha(like: LoadedImage | None, shape: tuple[int, ...], depth: int, fmt: str) -> np.ndarray | None:
    """like's alpha at the output depth (exactly rescaled), or None where it cannot be kept."""
    if like is None or like.alpha is None or fmt not in _ALPHA_FORMATS:
        return None
    alpha = like.alpha
    if alpha.shape != shape:
        _log.info("alpha of %s is %s but the image is %s; saved without alpha", like.path, alpha.shape, shape)
        return None
    if alpha.dtype == np.uint8:
        return alpha if depth == 8 else alpha.astype(np.uint16) * np.uint16(257)
    if alpha.dtype == np.uint16:
        return alpha if depth == 16 else ((alpha.astype(np.uint32) + 128) // 257).astype(np.uint8)
    return to_uint(alpha, depth)


def _output_metadata(like: LoadedImage | None, fmt: str) -> tuple[bytes | None, bytes | None]:
    """ICC profile (RGB profiles only) and EXIF (upright, no thumbnail) to embed."""
    if like is None or fmt not in _METADATA_FORMATS:
        return None, None
    icc = like.icc_profile if like.icc_profile and icc_colour_space(like.icc_profile) == b"RGB " else None
    exif = exif_for_output(like.exif) if like.exif else None
    if exif is not None and fmt == "JPEG" and len(exif) > _JPEG_MAX_EXIF:
        _log.info("EXIF of %s is too long for a JPEG segment; saved without EXIF", like.path)
        exif = None
    return icc, exif


def _output_extras(like: LoadedImage | None, fmt: str, provenance: Provenance | None) -> _Extras:
    """like's XMP (with the provenance added), IPTC and resolution, where the format has a place for them."""
    if fmt not in _METADATA_FORMATS:
        return _Extras()
    xmp = like.xmp if like is not None else None
    if provenance is not None:
        xmp = provenance.xmp(xmp)
    if xmp is not None and fmt == "JPEG" and len(xmp) > _JPEG_MAX_XMP:
        _log.info("XMP of %s is too long for a JPEG segment; saved without XMP", like.path if like else "")
        xmp = None
    iptc = like.iptc if like is not None and fmt in ("JPEG", "TIFF") else None
    dpi = like.dpi if like is not None and fmt != "WEBP" else None
    return _Extras(xmp, iptc, dpi, provenance)


def _write_failure(target: Path, exc: OSError, existed: bool) -> str:
    reason = {
        errno.ENOSPC: "the disk is full. Free some space or choose another folder",
        errno.EDQUOT: "the disk quota is used up. Free some space or choose another folder",
        errno.EACCES: "permission denied. Choose a folder you can write to",
        errno.EPERM: "permission denied. Choose a folder you can write to",
        errno.EROFS: "the disk is read-only. Choose another folder",
    }.get(exc.errno, f"{exc.strerror or exc}. Check the folder and try again")
    kept = " The existing file was left unchanged." if existed else " No file was written."
    return f"Could not save {target}: {reason}.{kept}"


def _save_with_pillow(
    temporary: Path,
    fmt: str,
    pixels: np.ndarray,
    alpha: np.ndarray | None,
    icc: bytes | None,
    exif: bytes | None,
    quality: int,
    extras: _Extras | None = None,
) -> None:
    """JPEG, WebP and BMP (8 bits) through Pillow."""
    extras = extras or _Extras()
    image = Image.fromarray(pixels if alpha is None else np.dstack([pixels, alpha]))
    options: dict = {}
    if icc:
        options["icc_profile"] = icc
    if exif:
        options["exif"] = exif
    if extras.xmp:
        options["xmp"] = extras.xmp
    if extras.dpi and fmt == "JPEG":
        options["dpi"] = extras.dpi
    if extras.iptc and fmt == "JPEG":
        options["extra"] = jpeg_iptc_segment(extras.iptc)
    if extras.provenance is not None and fmt == "JPEG":
        options["comment"] = extras.provenance.note.encode("utf-8")
    if fmt == "JPEG":
        options.update(quality=quality, subsampling=0 if quality >= 90 else 2, optimize=True)
    elif fmt == "WEBP":
        options.update(quality=quality, exact=alpha is not None)  # exact: keep colour under transparent pixels
    image.save(temporary, format=fmt, **options)


def _save_png(
    temporary: Path,
    pixels: np.ndarray,
    alpha: np.ndarray | None,
    icc: bytes | None,
    exif: bytes | None,
    extras: _Extras | None = None,
) -> None:
    """PNG with iCCP, eXIf, pHYs, XMP and text chunks inserted after IHDR."""
    extras = extras or _Extras()
    pieces = png_with_metadata(encode_png(pixels, alpha), icc, exif)
    texts = {"Software": SOFTWARE, "Comment": extras.provenance.note} if extras.provenance else {}
    pieces.insert(2, png_text_chunks(extras.xmp, extras.dpi, texts))
    with open(temporary, "wb") as handle:
        handle.writelines(pieces)


def _save_tiff(
    temporary: Path,
    pixels: np.ndarray,
    alpha: np.ndarray | None,
    icc: bytes | None,
    exif: bytes | None,
    extras: _Extras | None = None,
) -> None:
    """TIFF (Adobe Deflate) with the ICC profile, EXIF, XMP, IPTC, resolution and provenance added."""
    extras = extras or _Extras()
    tags: dict[int, object] = tiff_resolution_tags(extras.dpi) if extras.dpi else {}
    if extras.xmp:
        tags[XMP_TAG] = extras.xmp
    if extras.iptc:
        tags[IPTC_TAG] = extras.iptc
    if extras.provenance is not None:
        tags[305] = extras.provenance.software
        tags[270] = extras.provenance.note
    with open(temporary, "w+b") as handle:
        write_tiff_with_metadata(handle, encode_tiff(pixels, alpha), icc, exif, tags)
