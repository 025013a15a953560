"""Lossless encoders for 8- and 16-bit RGB and RGBA: PNG and TIFF, in numpy and zlib.

Pillow writes neither format at 16 bits per colour channel, and these two small encoders spare the
app a 150 MB image library. Both filter the pixels before compressing them, as good encoders do:
- PNG: every row Paeth-filtered (the predictor uses the unfiltered neighbours, so encoding is
  vectorised; only decoding is sequential), one zlib stream, big-endian samples as PNG requires;
- TIFF: baseline little-endian, chunky RGB(A), Adobe Deflate (compression 8) with the horizontal
  differencing predictor (Predictor 2), strips of about STRIP_BYTES each.
Rows are processed in blocks, so the extra memory stays a few tens of MB whatever the image size.
TIFF strips are compressed on a few threads (zlib releases the interpreter lock). The ICC profile and
EXIF are added by core.image.metadata.
"""

from __future__ import annotations

import os
import struct
import zlib
from concurrent.futures import ThreadPoolExecutor

import numpy as np

from core.image.metadata import png_chunk

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
COMPRESSION_LEVEL = 3  # zlib: on photos a few per cent larger than level 6 and several times faster
BLOCK_BYTES = 4 << 20  # bytes of rows filtered at a time
STRIP_BYTES = 256 << 10  # uncompressed bytes per TIFF strip

__all__ = ["encode_png", "encode_tiff"]


def _checked(pixels: np.ndarray, alpha: np.ndarray | None) -> np.ndarray:
    """H×W×3 or H×W×4 uint8/uint16 samples from RGB pixels and an optional alpha of the same type."""
    if pixels.ndim != 3 or pixels.shape[2] != 3 or pixels.dtype not in (np.uint8, np.uint16) or pixels.size == 0:
        raise ValueError(f"expected H×W×3 uint8 or uint16 pixels, got {pixels.shape} {pixels.dtype}")
    if alpha is None:
        return pixels
    if alpha.shape != pixels.shape[:2] or alpha.dtype != pixels.dtype:
        raise ValueError(f"alpha {alpha.shape} {alpha.dtype} does not match pixels {pixels.shape} {pixels.dtype}")
    return np.dstack([pixels, alpha])


# --- PNG -----------------------------------------------------------------------------------------


def paeth_filtered(rows: np.ndarray, previous: np.ndarray, step: int) -> np.ndarray:
    """PNG filter type 4 of byte rows (n×L uint8) whose row above the first is `previous` (L bytes)."""
    raw = rows.astype(np.int16)
    up = np.empty_like(raw)
    up[0] = previous
    up[1:] = raw[:-1]
    left = np.zeros_like(raw)
    left[:, step:] = raw[:, :-step]
    up_left = np.zeros_like(raw)
    up_left[:, step:] = up[:, :-step]
    # Paeth: p = left + up − up_left; predict whichever of the three is nearest p (ties: left, up, up_left).
    distance_left = np.abs(up - up_left)
    distance_up = np.abs(left - up_left)
    distance_corner = np.abs(left + up - 2 * up_left)
    prediction = np.where(distance_up <= distance_corner, up, up_left)
    choose_left = (distance_left <= distance_up) & (distance_left <= distance_corner)
    np.copyto(prediction, left, where=choose_left)
    raw -= prediction
    return raw.astype(np.uint8)  # two's complement wrap: the difference modulo 256


def encode_png(pixels: np.ndarray, alpha: np.ndarray | None = None) -> bytes:
    """A PNG file of 8- or 16-bit RGB pixels (H×W×3) with an optional alpha (H×W, same type)."""
    samples = _checked(pixels, alpha)
    height, width, channels = samples.shape
    depth = 8 * samples.itemsize
    step = channels * samples.itemsize  # bytes per pixel: the filters' distance to the left neighbour
    row_bytes = width * step
    header = struct.pack(">IIBBBBB", width, height, depth, 6 if channels == 4 else 2, 0, 0, 0)
    pieces = [PNG_SIGNATURE, png_chunk(b"IHDR", header)]
    compressor = zlib.compressobj(COMPRESSION_LEVEL, zlib.DEFLATED, 15, 9, zlib.Z_FILTERED)
    previous = np.zeros(row_bytes, dtype=np.uint8)
    rows_per_block = max(1, BLOCK_BYTES // row_bytes)
    for top in range(0, height, rows_per_block):
        block = samples[top : top + rows_per_block]
        rows = np.ascontiguousarray(block.astype(">u2", copy=False) if depth == 16 else block)
        rows = rows.view(np.uint8).reshape(len(block), row_bytes)
        filtered = np.empty((len(rows), row_bytes + 1), dtype=np.uint8)
        filtered[:, 0] = 4  # the filter type byte that starts every row
        filtered[:, 1:] = paeth_filtered(rows, previous, step)
        previous = rows[-1].copy()
        compressed = compressor.compress(memoryview(filtered).cast("B"))
        if compressed:
            pieces.append(png_chunk(b"IDAT", compressed))
    pieces.append(png_chunk(b"IDAT", compressor.flush()))
    pieces.append(png_chunk(b"IEND", b""))
    return b"".join(pieces)


# --- TIFF ----------------------------------------------------------------------------------------

_SHORT, _LONG = 3, 4


def _horizontal_differences(rows: np.ndarray) -> np.ndarray:
    """TIFF Predictor 2: each sample minus the same channel of its left neighbour (modulo the sample range)."""
    differences = rows.copy()
    differences[:, 1:] -= rows[:, :-1]  # unsigned arithmetic wraps, as the predictor wants
    return differences


def _tiff_strip(rows: np.ndarray) -> bytes:
    """One strip: predictor applied, little-endian samples, deflated."""
    differences = _horizontal_differences(rows).astype("<" + rows.dtype.str[1:], copy=False)
    return zlib.compress(memoryview(np.ascontiguousarray(differences)).cast("B"), COMPRESSION_LEVEL)


def encode_tiff(pixels: np.ndarray, alpha: np.ndarray | None = None) -> bytes:
    """A little-endian TIFF of 8- or 16-bit RGB pixels (H×W×3) with an optional alpha (H×W, same type),
    stored as a fourth sample marked as unassociated alpha (ExtraSamples 2)."""
    samples = _checked(pixels, alpha)
    height, width, channels = samples.shape
    row_bytes = width * channels * samples.itemsize
    rows_per_strip = max(1, min(height, STRIP_BYTES // row_bytes))
    blocks = [samples[top : top + rows_per_strip] for top in range(0, height, rows_per_strip)]
    with ThreadPoolExecutor(max_workers=max(1, min(4, os.cpu_count() or 1, len(blocks)))) as pool:
        strips = list(pool.map(_tiff_strip, blocks))
    offsets, position = [], 8
    for strip in strips:
        offsets.append(position)
        position += len(strip)
    data_end = position + position % 2
    bits = [8 * samples.itemsize] * channels
    tags = [
        (256, _LONG, [width]),
        (257, _LONG, [height]),
        (258, _SHORT, bits),  # BitsPerSample
        (259, _SHORT, [8]),  # Compression: Adobe Deflate
        (262, _SHORT, [2]),  # PhotometricInterpretation: RGB
        (273, _LONG, offsets),  # StripOffsets
        (277, _SHORT, [channels]),  # SamplesPerPixel
        (278, _LONG, [rows_per_strip]),
        (279, _LONG, [len(strip) for strip in strips]),  # StripByteCounts
        (284, _SHORT, [1]),  # PlanarConfiguration: chunky
        (317, _SHORT, [2]),  # Predictor: horizontal differencing
    ]
    if channels == 4:
        tags.append((338, _SHORT, [2]))  # ExtraSamples: the fourth sample is unassociated alpha
    # Values longer than 4 bytes go between the strips and the IFD.
    extra = bytearray()
    entries = []
    for tag, kind, values in tags:
        packed = struct.pack(f"<{len(values)}{'H' if kind == _SHORT else 'I'}", *values)
        if len(packed) <= 4:
            field = packed.ljust(4, b"\x00")
        else:
            field = struct.pack("<I", data_end + len(extra))
            extra += packed + b"\x00" * (len(packed) % 2)
        entries.append(struct.pack("<HHI", tag, kind, len(values)) + field)
    ifd_offset = data_end + len(extra)
    return b"".join(
        [
            b"II*\x00" + struct.pack("<I", ifd_offset),
            *strips,
            b"\x00" * (data_end - position),
            bytes(extra),
            struct.pack("<H", len(entries)),
            *entries,
            struct.pack("<I", 0),
        ]
    )
