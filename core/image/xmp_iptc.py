"""XMP, IPTC and resolution (DPI): reading them from any source Pillow opens, and their byte forms for writing.

Where each lives, per format (read → kept on LoadedImage → written):
- XMP: JPEG APP1 (http://ns.adobe.com/xap/1.0/), PNG iTXt 'XML:com.adobe.xmp', TIFF tag 700, WebP/AVIF/HEIC
  'XMP ' box; written to JPEG, PNG, TIFF and WebP.
- IPTC (IPTC-NAA records, kept raw): JPEG APP13 (a Photoshop resource block, resource 0x0404), TIFF tag 33723;
  written to JPEG and TIFF only: PNG and WebP have no standard place for it (their XMP usually repeats it).
- Resolution: JPEG JFIF density, PNG pHYs, TIFF XResolution/YResolution/ResolutionUnit; written to JPEG, PNG
  and TIFF (WebP has no resolution field).
"""

from __future__ import annotations

import struct
import zlib

from PIL import Image

from core.image.metadata import png_chunk

PHOTOSHOP_HEADER = b"Photoshop 3.0\x00"
IPTC_RESOURCE = 0x0404
XMP_TAG, IPTC_TAG = 700, 33723
RESOLUTION_TAGS = (282, 283, 296)  # XResolution, YResolution, ResolutionUnit
INCH_PER_METRE = 39.3700787


def read_xmp(image: Image.Image) -> bytes | None:
    """The XMP packet of an opened image, or None."""
    value = image.info.get("xmp")
    if value is None and image.format == "TIFF":
        value = image.tag_v2.get(XMP_TAG)
    if isinstance(value, str):
        value = value.encode("utf-8")
    if isinstance(value, tuple):  # a TIFF tag Pillow read as numbers
        value = bytes(value)
    return bytes(value) if value else None


def read_iptc(image: Image.Image) -> bytes | None:
    """The raw IPTC-NAA records of an opened JPEG or TIFF, or None."""
    if image.format == "TIFF":
        value = image.tag_v2.get(IPTC_TAG)
        if isinstance(value, tuple):
            value = b"".join(struct.pack(">I", v) if isinstance(v, int) else bytes(v) for v in value)
        return bytes(value) if value else None
    for marker, payload in getattr(image, "applist", []):
        if marker == "APP13" and payload.startswith(PHOTOSHOP_HEADER):
            return iptc_from_resources(payload[len(PHOTOSHOP_HEADER) :])
    return None


def read_dpi(image: Image.Image) -> tuple[float, float] | None:
    """Horizontal and vertical resolution in dots per inch, or None when the file does not say."""
    dpi = image.info.get("dpi")
    try:
        x, y = (float(d) for d in dpi)
    except (TypeError, ValueError):
        return None
    return (round(x, 2), round(y, 2)) if 0 < x < 1e6 and 0 < y < 1e6 else None  # PNG stores dots per metre


def iptc_from_resources(resources: bytes) -> bytes | None:
    """The IPTC-NAA records (resource 0x0404) inside a Photoshop image-resource block, or None."""
    position = 0
    while position + 12 <= len(resources) and resources[position : position + 4] == b"8BIM":
        (resource,) = struct.unpack_from(">H", resources, position + 4)
        name_length = resources[position + 6]
        position += 6 + name_length + 1 + (name_length + 1) % 2  # the name, padded to an even length
        if position + 4 > len(resources):
            return None
        (size,) = struct.unpack_from(">I", resources, position)
        data = resources[position + 4 : position + 4 + size]
        if resource == IPTC_RESOURCE:
            return data or None
        position += 4 + size + size % 2
    return None


def jpeg_iptc_segment(iptc: bytes) -> bytes:
    """An APP13 segment holding IPTC-NAA records in a Photoshop resource block (as Photoshop writes it)."""
    block = b"8BIM" + struct.pack(">H", IPTC_RESOURCE) + b"\x00\x00" + struct.pack(">I", len(iptc)) + iptc
    if len(iptc) % 2:
        block += b"\x00"
    payload = PHOTOSHOP_HEADER + block
    if len(payload) + 2 > 0xFFFF:
        return b""  # too long for one segment: left out rather than split
    return b"\xff\xed" + struct.pack(">H", len(payload) + 2) + payload


def png_text_chunks(xmp: bytes | None, dpi: tuple[float, float] | None, texts: dict[str, str]) -> bytes:
    """pHYs, iTXt XMP and tEXt chunks for a PNG."""
    chunks = b""
    if dpi:
        x, y = (max(1, round(d * INCH_PER_METRE)) for d in dpi)
        chunks += png_chunk(b"pHYs", struct.pack(">IIB", x, y, 1))
    if xmp:
        chunks += png_chunk(b"iTXt", b"XML:com.adobe.xmp\x00\x00\x00\x00\x00" + xmp)
    for key, value in texts.items():
        encoded = value.encode("latin-1", "replace")
        if len(encoded) > 512:
            chunks += png_chunk(b"zTXt", key.encode("latin-1") + b"\x00\x00" + zlib.compress(encoded))
        else:
            chunks += png_chunk(b"tEXt", key.encode("latin-1") + b"\x00" + encoded)
    return chunks


def tiff_resolution_tags(dpi: tuple[float, float]) -> dict[int, object]:
    """XResolution, YResolution and ResolutionUnit (inch) for a TIFF IFD."""
    from PIL.TiffImagePlugin import IFDRational

    return {282: IFDRational(round(dpi[0] * 100), 100), 283: IFDRational(round(dpi[1] * 100), 100), 296: 2}
