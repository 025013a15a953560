"""Photo metadata at the byte level: EXIF orientation, ICC colour spaces, PNG chunks and TIFF tags.

core.image.read decodes and core.image.encode encodes pixels; this module handles what travels beside them:
- reading a file's raw EXIF and its Orientation, and turning pixels upright as it asks;
- EXIF for a saved file: Orientation reset to 1 (the pixels are already upright) and the stale
  thumbnail (IFD1) unlinked, patched in place so every other tag stays byte for byte;
- the data colour space an ICC profile declares (only RGB profiles are embedded);
- adding the ICC profile and EXIF to an encoded PNG (iCCP and eXIf chunks with their CRCs) or
  TIFF (a new IFD0 appended at the end of the file, pointing at the encoder's pixel data).
"""

from __future__ import annotations

import logging
import os
import struct
import zlib
from typing import BinaryIO

import numpy as np
from PIL import Image, TiffImagePlugin, TiffTags

ORIENTATION_TAG = 0x0112
# TIFF tags that describe one file's pixel layout: never carried from a source into EXIF or a new file.
_TIFF_LAYOUT_TAGS = frozenset(
    {254, 255, 256, 257, 258, 259, 262, 263, 264, 265, 266, 273, 277, 278, 279, 280, 281, 284, 288, 289,
     290, 291, 317, 320, 322, 323, 324, 325, 330, 338, 339, 340, 341, 347, 513, 514, 529, 530, 531, 532,
     34675, 37724}
)  # fmt: skip
_CARRIED_APART = frozenset({700, 33723})  # XMP and IPTC: kept on LoadedImage (core.image.xmp_iptc), not in EXIF

_log = logging.getLogger(__name__)


# --- orientation ---------------------------------------------------------------------------------


def exif_and_orientation(image: Image.Image) -> tuple[bytes | None, int]:
    """Raw EXIF bytes of the file (TIFF: its descriptive tags) and the orientation still to apply, 1..8."""
    if image.format == "TIFF":
        tags = image.getexif()
        orientation = tags.get(ORIENTATION_TAG, 1)
        for tag in (_TIFF_LAYOUT_TAGS | _CARRIED_APART) & set(tags):
            del tags[tag]
        try:
            exif = tags.tobytes() if len(tags) else None
        except (ValueError, TypeError, KeyError, struct.error) as exc:  # odd tags must not make the photo unreadable
            _log.info("EXIF of %s could not be collected (%s)", image.filename, exc)
            exif = None
    else:
        exif = image.info.get("exif") or None
        orientation = read_orientation(exif) if exif else 1
    return exif, orientation if isinstance(orientation, int) and 1 <= orientation <= 8 else 1


def upright_size(size: tuple[int, int], orientation: int) -> tuple[int, int]:
    """(width, height) of a stored (width, height) once EXIF orientation 1..8 is applied."""
    return (size[1], size[0]) if orientation >= 5 else size


def apply_orientation(pixels: np.ndarray, orientation: int) -> np.ndarray:
    """Turn stored pixels upright as EXIF orientation 1..8 asks (same result as ImageOps.exif_transpose)."""
    turned = {
        2: lambda: pixels[:, ::-1],
        3: lambda: pixels[::-1, ::-1],
        4: lambda: pixels[::-1],
        5: lambda: pixels.swapaxes(0, 1),
        6: lambda: np.rot90(pixels, -1),
        7: lambda: pixels.swapaxes(0, 1)[::-1, ::-1],
        8: lambda: np.rot90(pixels, 1),
    }.get(orientation)
    return pixels if turned is None else np.ascontiguousarray(turned())


# --- EXIF and ICC ----------------------------------------------------------------------------------


def _tiff_body(exif: bytes) -> bytes:
    """EXIF without the JPEG "Exif\\0\\0" marker: a little TIFF structure."""
    return exif[6:] if exif.startswith(b"Exif\x00\x00") else exif


def _ifd0_layout(body: bytes | bytearray) -> tuple[str, int, int] | None:
    """Byte order, offset of IFD0's first entry and the entry count; None when the EXIF is malformed."""
    if len(body) < 8 or bytes(body[:2]) not in (b"II", b"MM"):
        return None
    order = "<" if body[:2] == b"II" else ">"
    magic, offset = struct.unpack_from(order + "HI", body, 2)
    if magic != 42 or offset + 2 > len(body):
        return None
    (count,) = struct.unpack_from(order + "H", body, offset)
    if offset + 2 + 12 * count + 4 > len(body):
        return None
    return order, offset + 2, count


def _orientation_entries(body: bytes | bytearray, order: str, first: int, count: int) -> list[tuple[int, str]]:
    """(value position, struct code) of each well-formed Orientation entry in IFD0."""
    found = []
    for position in range(first, first + 12 * count, 12):
        tag, kind, number = struct.unpack_from(order + "HHI", body, position)
        if tag == ORIENTATION_TAG and number >= 1 and kind in (3, 4):  # SHORT, or LONG from sloppy writers
            found.append((position + 8, "H" if kind == 3 else "I"))
    return found


def read_orientation(exif: bytes) -> int:
    """The EXIF Orientation value, 1 when absent or unreadable."""
    body = _tiff_body(exif)
    layout = _ifd0_layout(body)
    if layout is None:
        return 1
    for position, code in _orientation_entries(body, *layout):
        return struct.unpack_from(layout[0] + code, body, position)[0]
    return 1


def exif_for_output(exif: bytes) -> bytes | None:
    """Source EXIF with Orientation set to 1 and the stale thumbnail (IFD1) unlinked; None if malformed."""
    body = bytearray(_tiff_body(exif))
    layout = _ifd0_layout(body)
    if layout is None:
        _log.info("EXIF of the source is malformed; the output is written without EXIF")
        return None
    order, first, count = layout
    for position, code in _orientation_entries(body, order, first, count):
        struct.pack_into(order + code, body, position, 1)
    struct.pack_into(order + "I", body, first + 12 * count, 0)  # no IFD1: its thumbnail shows the old pixels
    return b"Exif\x00\x00" + bytes(body)


def icc_colour_space(icc: bytes) -> bytes:
    """The ICC header's data colour space: b'RGB ', b'GRAY', b'CMYK', ..."""
    return icc[16:20] if len(icc) >= 20 else b""


# --- PNG -----------------------------------------------------------------------------------------


def png_with_metadata(encoded: bytes, icc: bytes | None, exif: bytes | None) -> list[bytes | memoryview]:
    """The pieces of an encoded PNG with iCCP and eXIf chunks inserted after IHDR, to write in order."""
    data = memoryview(encoded)
    if bytes(data[12:16]) != b"IHDR":
        raise ValueError("the encoder wrote an unexpected PNG")
    chunks = b""
    if icc:
        chunks += png_chunk(b"iCCP", b"ICC Profile\x00\x00" + zlib.compress(icc))
    if exif:
        chunks += png_chunk(b"eXIf", _tiff_body(exif))
    return [data[:33], chunks, data[33:]]  # signature and IHDR, the new chunks, the rest


def png_chunk(kind: bytes, payload: bytes) -> bytes:
    """A PNG chunk: length, type, payload and the CRC of type and payload."""
    return struct.pack(">I", len(payload)) + kind + payload + struct.pack(">I", zlib.crc32(kind + payload))


# --- TIFF ----------------------------------------------------------------------------------------


def write_tiff_with_metadata(
    handle: BinaryIO, encoded: bytes, icc: bytes | None, exif: bytes | None, tags: dict[int, object] | None = None
) -> None:
    """Write an encoded TIFF to `handle`; new tags (ICC, EXIF's, then `tags`) go into a fresh IFD0 at the end."""
    handle.write(memoryview(encoded))
    if icc is None and exif is None and not tags:
        return
    handle.seek(0)
    header = handle.read(8)
    order = "<" if header[:2] == b"II" else ">"
    magic, ifd_offset = struct.unpack(order + "HI", header[2:8])
    if header[:2] not in (b"II", b"MM") or magic != 42:
        raise ValueError("the encoder wrote an unexpected TIFF")
    handle.seek(ifd_offset)
    (count,) = struct.unpack(order + "H", handle.read(2))
    entries = _ifd_entries(order, count, handle.read(12 * count))
    # Pillow lays the new tags out as a spare IFD whose out-of-line data sits at `end`; its entries,
    # with the encoder's untouched ones (their data stays where it is), form the new IFD0 written after it.
    end = handle.seek(0, os.SEEK_END)
    if end % 2:
        end += handle.write(b"\x00")
    spare = _metadata_ifd_bytes(header, icc, exif, end, tags or {})
    handle.write(spare)
    (spare_count,) = struct.unpack_from(order + "H", spare)
    entries.update(_ifd_entries(order, spare_count, spare[2 : 2 + 12 * spare_count]))
    handle.write(struct.pack(order + "H", len(entries)))
    handle.write(b"".join(entries[tag] for tag in sorted(entries)))
    handle.write(struct.pack(order + "I", 0))
    handle.seek(4)
    handle.write(struct.pack(order + "I", end + len(spare)))


def _ifd_entries(order: str, count: int, raw: bytes) -> dict[int, bytes]:
    return {struct.unpack_from(order + "H", raw, 12 * i)[0]: raw[12 * i : 12 * i + 12] for i in range(count)}


def _metadata_ifd_bytes(
    header: bytes, icc: bytes | None, exif: bytes | None, offset: int, tags: dict[int, object]
) -> bytes:
    """An IFD (placed at `offset`) holding the ICC profile, EXIF tags and other `tags` for a TIFF."""
    for with_exif in (True, False):
        ifd = TiffImagePlugin.ImageFileDirectory_v2(ifh=header)
        if with_exif and exif:
            _add_exif_tags(ifd, exif)
        for tag, value in tags.items():
            if tag != 270 or tag not in ifd:  # the source's own ImageDescription stays
                ifd[tag] = value
        if icc:
            ifd[34675] = icc
        try:
            return ifd.tobytes(offset)
        except (ValueError, TypeError, KeyError, struct.error) as exc:
            if not with_exif or not exif:
                raise
            _log.info("EXIF could not be stored in the TIFF (%s); saved without it", exc)
    raise AssertionError("unreachable")


def _add_exif_tags(ifd: TiffImagePlugin.ImageFileDirectory_v2, exif: bytes) -> None:
    """Copy EXIF's IFD0 tags and its Exif/GPS/Interop sub-directories into a TIFF IFD (as Pillow's Exif does)."""
    tags = Image.Exif()
    tags.load(exif)
    for tag in sorted(set(tags) - _TIFF_LAYOUT_TAGS):
        if tag not in TiffTags.TAGS_V2_GROUPS:
            ifd[tag] = tags[tag]
            continue
        group = dict(tags.get_ifd(tag))
        interop = 0xA005
        if interop in group:
            nested = tags.get_ifd(interop)
            if nested:
                group[interop] = dict(nested)
            else:
                del group[interop]
        if group:
            ifd[tag] = group
