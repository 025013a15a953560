"""Reading photos: decoding image files into upright float RGB, the one way every part does it.

Reading gives float32 RGB in [0, 1] with the EXIF orientation applied, plus what a save needs to
keep the file faithful (core.image.LoadedImage): alpha (untouched), bit depth, ICC profile and raw
EXIF. Pillow decodes every file and reads its metadata. It cuts 16-bit colour to 8 bits (it has no
16-bit RGB mode), so such files are decoded twice, once keeping each sample's high byte and once its
low byte, and the two are put back together. CMYK pixels are converted to sRGB. The byte-level EXIF,
ICC, PNG-chunk and TIFF-tag work lives in core.image.metadata; writing lives in core.image.write.

Images up to MAX_PIXELS (200 MP) are read; larger ones are refused with a clear message, from the size
the file declares, before any pixel is decoded (a decompression bomb declares a huge size in a small file).
The environment variable AKNET_MAX_MEGAPIXELS raises (or lowers) the limit for legitimate giant photos.
To get there, each read raises Pillow's process-wide decompression-bomb limit (Image.MAX_IMAGE_PIXELS)
to the limit if it is lower; it is never lowered or switched off.

A file with several frames (multi-page TIFF, animated WebP or PNG) is read as its first frame;
LoadedImage.frames says how many there were, and the batch says so.

HEIC/HEIF (what phones shoot) is decoded by pi-heif (libheif with libde265; the decode-only build of
pillow-heif), registered with Pillow on the first read, never on import; AVIF by Pillow's own plugin (libavif).
Both are read at 8 bits per channel (a 10-bit HEIC is scaled to 8 bits), with their EXIF, XMP and ICC profile.
"""

from __future__ import annotations

import functools
import io
import logging
import os
import re
import struct
import sys
import zlib
from pathlib import Path

import numpy as np
from PIL import Image, ImageCms, UnidentifiedImageError

from core.errors import ImageReadError
from core.image import HIGH_DEPTH_GREY_MODES, LoadedImage
from core.image.metadata import apply_orientation, exif_and_orientation, icc_colour_space, upright_size
from core.image.xmp_iptc import read_dpi, read_iptc, read_xmp

MAX_PIXELS = 200_000_000  # about a 16k x 12k photo; beyond this we refuse rather than exhaust memory
MAX_PIXELS_VARIABLE = "AKNET_MAX_MEGAPIXELS"

_PILLOW_FORMATS = ("JPEG", "PNG", "TIFF", "WEBP", "BMP", "AVIF", "HEIF")
# Pillow's TIFF plugin also raises KeyError and TypeError on malformed tags (a float where a strip offset
# should be, an IFD without its required tags): found by scripts/fuzz.py.
_DECODE_ERRORS = (OSError, SyntaxError, ValueError, EOFError, struct.error, zlib.error, KeyError, TypeError)

_log = logging.getLogger(__name__)


def read_image(path: Path) -> LoadedImage:
    """Decode an image file into upright float32 RGB in [0, 1] with its alpha and metadata."""
    path = Path(path)
    image = _open(path, refuse_large=True)
    with image:
        bit_depth = _stored_bit_depth(path, image)
        colour_16 = bit_depth == 16 and image.mode not in HIGH_DEPTH_GREY_MODES and image.mode != "CMYK"
        try:
            rgb, alpha = _decode_16_bit_colour(path, image) if colour_16 else _decode_with_pillow(image)
            # After decoding: a PNG may keep eXIf behind the pixels, and Pillow >= 11 turns TIFFs itself.
            exif, orientation = exif_and_orientation(image)
        except MemoryError as exc:
            raise ImageReadError(f"Not enough memory to read {path}. Close other programs and try again.") from exc
        except _DECODE_ERRORS as exc:
            raise ImageReadError(_damaged(path, exc)) from exc
        icc = image.info.get("icc_profile") or None
        xmp, iptc, dpi = read_xmp(image), read_iptc(image), read_dpi(image)
        fmt = "JPEG" if image.format == "MPO" else image.format
        mode = image.mode
        frames = _frame_count(image)
    rgb = apply_orientation(rgb, orientation)
    alpha = None if alpha is None else apply_orientation(alpha, orientation)
    return LoadedImage(
        rgb=rgb,
        alpha=alpha,
        bit_depth=bit_depth,
        icc_profile=icc,
        exif=exif,
        xmp=xmp,
        iptc=iptc,
        dpi=dpi,
        format=fmt,
        mode=mode,
        path=path,
        frames=frames,
    )


def max_pixels() -> int:
    """The largest image read, in pixels: MAX_PIXELS, or AKNET_MAX_MEGAPIXELS million when that is set."""
    value = os.environ.get(MAX_PIXELS_VARIABLE, "").strip()
    if not value:
        return MAX_PIXELS
    try:
        megapixels = float(value)
    except ValueError:
        megapixels = float("nan")
    if not 0 < megapixels < 1e7:
        raise ImageReadError(
            f"{MAX_PIXELS_VARIABLE}={value!r} is not a number of megapixels; set it to e.g. 400, or unset it."
        )
    return int(megapixels * 1_000_000)


def _frame_count(image: Image.Image) -> int:
    """How many frames (pages) the file holds; 1 where the count cannot be read."""
    try:
        return max(1, int(getattr(image, "n_frames", 1)))
    except _DECODE_ERRORS:  # a damaged later frame does not spoil the first, already decoded
        return 1


def thumbnail(path: Path, max_size: int) -> np.ndarray:
    """A small upright uint8 H×W×3 preview whose longer side is at most `max_size`."""
    path = Path(path)
    if max_size < 1:
        raise ValueError(f"max_size must be at least 1, not {max_size}")
    image = _open(path, refuse_large=True)
    with image:
        try:
            image.draft(None, (max_size, max_size))  # JPEG decodes at 1/2, 1/4 or 1/8 scale
            small = _pillow_rgb8(image)
            _, orientation = exif_and_orientation(image)  # after decoding, as in read_image
            small.thumbnail((max_size, max_size))
            pixels = np.asarray(small)
        except MemoryError as exc:
            raise ImageReadError(f"Not enough memory to preview {path}.") from exc
        except _DECODE_ERRORS as exc:
            raise ImageReadError(_damaged(path, exc)) from exc
    return np.ascontiguousarray(apply_orientation(pixels, orientation))


def image_info(path: Path) -> dict:
    """Format, mode, upright size, bit depth, alpha and orientation of a file, without decoding pixels."""
    path = Path(path)
    image = _open(path, refuse_large=False)
    with image:
        try:
            _, orientation = exif_and_orientation(image)
        except _DECODE_ERRORS:
            orientation = 1
        width, height = _stored_size(image)
        return {
            "path": path,
            "format": "JPEG" if image.format == "MPO" else image.format,
            "mode": image.mode,
            "size": upright_size((width, height), orientation),
            "bit_depth": _stored_bit_depth(path, image),
            "has_alpha": _has_alpha(image),
            "orientation": orientation,
            "megapixels": width * height / 1e6,
        }


@functools.cache
def register_heif() -> bool:
    """Teach Pillow to open HEIC/HEIF files (pi-heif), once; False when pi-heif is not installed."""
    try:
        from pi_heif import register_heif_opener
    except ImportError:
        _log.info("pi-heif is not installed: HEIC/HEIF files cannot be read")
        return False
    register_heif_opener()
    return True


def _open(path: Path, *, refuse_large: bool) -> Image.Image:
    """Open with Pillow (header only), turning every failure into an ImageReadError."""
    if not path.exists():
        raise ImageReadError(f"Image not found: {path}. Check that the file still exists.")
    if path.is_dir():
        raise ImageReadError(f"{path} is a folder, not an image file. Choose an image inside it.")
    _allow_large_images()
    heif = register_heif()
    try:
        image = Image.open(path, formats=_PILLOW_FORMATS)
    except PermissionError as exc:
        raise ImageReadError(f"Cannot open {path}: permission denied. Check the file's permissions.") from exc
    except UnidentifiedImageError as exc:
        if not heif and path.suffix.lower() in (".heic", ".heif"):
            raise ImageReadError(
                f"{path.name} is a HEIC/HEIF photo, and this installation cannot read those: install pi-heif "
                f"(pip install pi-heif), or convert the photo to JPEG first. ({path})"
            ) from exc
        raise ImageReadError(
            f"{path.name} is not an image AKNet Studio can read (JPEG, PNG, TIFF, WebP, BMP, HEIC or AVIF), or "
            f"it is damaged. Open it in an image editor and save it as PNG or JPEG. ({path})"
        ) from exc
    except Image.DecompressionBombError as exc:
        declared = re.search(r"\((\d+) pixels\)", str(exc))  # Pillow refused it on its declared size
        raise ImageReadError(_too_large(path, None, int(declared.group(1)) if declared else None)) from exc
    except _DECODE_ERRORS as exc:
        raise ImageReadError(_damaged(path, exc)) from exc
    if refuse_large and image.size[0] * image.size[1] > max_pixels():
        image.close()
        raise ImageReadError(_too_large(path, image.size))
    return image


def _stored_size(image: Image.Image) -> tuple[int, int]:
    """(width, height) as stored in the file (recent Pillow reports a TIFF's size already turned)."""
    if image.format == "TIFF":
        return image.tag_v2.get(256, image.size[0]), image.tag_v2.get(257, image.size[1])
    return image.size


def _has_alpha(image: Image.Image) -> bool:
    return image.mode in ("RGBA", "RGBa", "LA", "La", "PA") or "transparency" in image.info


def _allow_large_images() -> None:
    """Let Pillow open photos up to our limit (its default refuses ~179 MP); we check the limit ourselves."""
    limit = max_pixels()
    if Image.MAX_IMAGE_PIXELS is not None and limit > Image.MAX_IMAGE_PIXELS:
        Image.MAX_IMAGE_PIXELS = limit


def _too_large(path: Path, size: tuple[int, int] | None, pixels: int | None = None) -> str:
    if size:
        what = f" is {size[0]}×{size[1]} ({size[0] * size[1] / 1e6:.0f} megapixels);"
    else:
        what = f" declares {pixels / 1e6:.0f} megapixels;" if pixels else " is too large;"
    return (
        f"{path.name}{what} AKNet Studio reads images up to {max_pixels() / 1_000_000:g} megapixels. "
        f"Downscale or crop it first, or, for a genuine photo this large and the memory it needs, set "
        f"{MAX_PIXELS_VARIABLE} to a higher limit in megapixels. ({path})"
    )


def _damaged(path: Path, exc: BaseException) -> str:
    return (
        f"{path.name} could not be decoded; the file is damaged or incomplete ({exc}). "
        f"Copy or export it again. ({path})"
    )


def _stored_bit_depth(path: Path, image: Image.Image) -> int:
    """Bits per channel in the file (8 or 16), which Pillow's mode does not always tell."""
    if image.mode in HIGH_DEPTH_GREY_MODES:
        return 16
    if image.format == "PNG":
        with open(path, "rb") as handle:
            header = handle.read(26)
        return 16 if header[12:16] == b"IHDR" and header[24] == 16 else 8
    if image.format == "TIFF":
        bits = image.tag_v2.get(258, 8)
        return 16 if max(bits if isinstance(bits, tuple) else (bits,)) >= 16 else 8
    return 8


def _decode_with_pillow(image: Image.Image) -> tuple[np.ndarray, np.ndarray | None]:
    """Float RGB and alpha (uint8) from an image Pillow decodes faithfully."""
    mode = image.mode
    if mode in HIGH_DEPTH_GREY_MODES:
        values = np.asarray(image)
        if mode == "F":
            return _grey_to_rgb(np.clip(values.astype(np.float32), 0, 1)), None
        return _grey_to_rgb(_to_float(np.clip(values, 0, 65535), 65535)), None
    if mode == "CMYK":
        return _to_float(np.asarray(_cmyk_to_rgb(image)), 255), None
    if mode in ("L", "1"):
        return _grey_to_rgb(_to_float(np.asarray(image.convert("L")), 255)), None
    if mode == "LA":
        values = np.asarray(image)
        return _grey_to_rgb(_to_float(values[..., 0], 255)), values[..., 1].copy()
    try:
        converted = image.convert("RGBA" if _has_alpha(image) else "RGB")
    except ValueError as exc:
        raise ImageReadError(
            f"{image.filename} uses the colour mode {mode}, which AKNet Studio cannot read. Convert it to RGB first."
        ) from exc
    values = np.asarray(converted)
    alpha = values[..., 3].copy() if values.shape[2] == 4 else None
    return _to_float(values[..., :3], 255), alpha


def _byte_rawmodes(rawmode: str) -> tuple[str, str, bool] | None:
    """For one of Pillow's 16-bit colour rawmodes (which keep one byte per sample): the rawmodes that keep the
    high and the low byte (same bits per pixel, so the decoder's row filters are undone alike), and whether
    the colour is premultiplied by alpha. None for a layout this reader does not know."""
    base, _, order = rawmode.partition(";")
    if order == "16N":  # what libtiff hands over: the machine's own byte order
        order = "16L" if sys.byteorder == "little" else "16B"
    if order not in ("16B", "16L") or base not in ("RGB", "RGBX", "RGBA", "RGBa"):
        return None
    other = "16B" if order == "16L" else "16L"
    plain = "RGBA" if base == "RGBa" else base  # premultiplied: undone on the whole 16-bit values
    return f"{plain};{order}", f"{plain};{other}", base == "RGBa"


def _decode_with_rawmode(image: Image.Image, rawmode: str) -> np.ndarray:
    """Decode `image` (not yet loaded) unpacking its samples with `rawmode` instead of the file's."""
    tiles = []
    for tile in image.tile:  # (codec, extents, offset, args): args is the rawmode or starts with it
        args = tile[3]
        fields = (*tile[:3], rawmode if isinstance(args, str) else (rawmode, *args[1:]))
        tiles.append(type(tile)._make(fields) if hasattr(tile, "_make") else fields)  # a NamedTuple since Pillow 11
    image.tile = tiles
    image.load()
    return np.asarray(image)


def _decode_16_bit_colour(path: Path, image: Image.Image) -> tuple[np.ndarray, np.ndarray | None]:
    """Float RGB and 16-bit alpha of a 16-bit colour PNG or TIFF (`image` opened, not yet loaded)."""
    args = image.tile[0][3] if image.tile else ""
    rawmode = args if isinstance(args, str) else args[0]
    if rawmode == "LA;16B":  # PNG grey + alpha: 4 bytes a pixel, all four kept by the 8-bit RGBA rawmode
        high_low = _decode_with_rawmode(image, "RGBA").astype(np.uint16)
        samples = (high_low[..., 0::2] << 8) | high_low[..., 1::2]
        return _grey_to_rgb(_to_float(samples[..., 0], 65535)), samples[..., 1].copy()
    modes = _byte_rawmodes(rawmode)
    if modes is None:
        raise ImageReadError(
            f"{path.name} stores 16-bit colour in a layout AKNet Studio cannot read ({image.format} {rawmode}). "
            f"Save it as a 16-bit PNG or an ordinary 16-bit TIFF first. ({path})"
        )
    high_mode, low_mode, premultiplied = modes
    with Image.open(path, formats=_PILLOW_FORMATS) as second:
        low = _decode_with_rawmode(second, low_mode)
    high = _decode_with_rawmode(image, high_mode)
    if high.shape != low.shape or high.dtype != np.uint8:
        raise ImageReadError(_damaged(path, ValueError("the two decoding passes disagree")))
    samples = (high.astype(np.uint16) << 8) | low
    del high, low
    rgb = _to_float(samples[..., :3], 65535)
    alpha = samples[..., 3].copy() if samples.shape[2] == 4 else None
    if premultiplied and alpha is not None:
        coverage = alpha.astype(np.float32) / 65535
        np.divide(rgb, coverage[..., None], out=rgb, where=coverage[..., None] > 0)
        np.clip(rgb, 0.0, 1.0, out=rgb)
    return rgb, alpha


def _cmyk_to_rgb(image: Image.Image) -> Image.Image:
    """RGB through the embedded CMYK profile to sRGB when possible, else Pillow's plain conversion."""
    icc = image.info.get("icc_profile")
    if icc and icc_colour_space(icc) == b"CMYK":
        try:
            source = ImageCms.ImageCmsProfile(io.BytesIO(icc))
            srgb = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB"))
            return ImageCms.profileToProfile(image, source, srgb, outputMode="RGB")
        except (ImageCms.PyCMSError, OSError, ValueError) as exc:
            _log.info("CMYK profile of %s not usable (%s); converting without it", image.filename, exc)
    return image.convert("RGB")


def _pillow_rgb8(image: Image.Image) -> Image.Image:
    """An 8-bit RGB Pillow image for previews (16-bit data scaled, alpha dropped)."""
    if image.mode in HIGH_DEPTH_GREY_MODES:
        values = np.asarray(image).astype(np.float32)
        scale = 255.0 if image.mode == "F" else 255.0 / 65535.0
        return Image.fromarray(np.rint(np.clip(values * scale, 0, 255)).astype(np.uint8)).convert("RGB")
    if image.mode == "CMYK":
        return _cmyk_to_rgb(image)
    return image.convert("RGB")


def _to_float(values: np.ndarray, maximum: int) -> np.ndarray:
    result = values.astype(np.float32)
    result /= maximum
    return result


def _grey_to_rgb(grey: np.ndarray) -> np.ndarray:
    return np.repeat(grey[:, :, None], 3, axis=2)
