"""core.image.metadata: EXIF orientation, ICC colour space, and metadata added to encoded PNG and TIFF bytes."""

from __future__ import annotations

import io
import struct

import cv2
import numpy as np
import pytest
from PIL import ExifTags, Image, ImageCms, ImageOps

from core.image.encode import encode_tiff
from core.image.metadata import (
    ORIENTATION_TAG,
    apply_orientation,
    exif_for_output,
    icc_colour_space,
    png_with_metadata,
    read_orientation,
    upright_size,
    write_tiff_with_metadata,
)
from tests.test_image_io import png_chunks

MAKE = 0x010F
SRGB_ICC = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()


def raw_exif(order: str, orientation: int, *, long_orientation: bool = False, thumbnail: bool = True) -> bytes:
    """EXIF built by hand: IFD0 with Make and Orientation (SHORT or LONG), optionally an IFD1 with one tag."""
    byte_order = b"II" if order == "<" else b"MM"
    ifd1_offset = 8 + 2 + 2 * 12 + 4 if thumbnail else 0
    value = struct.pack(order + "I", orientation) if long_orientation else struct.pack(order + "HH", orientation, 0)
    body = byte_order + struct.pack(order + "HI", 42, 8) + struct.pack(order + "H", 2)
    body += struct.pack(order + "HHI", MAKE, 2, 4) + b"Cam\x00"
    body += struct.pack(order + "HHI", ORIENTATION_TAG, 4 if long_orientation else 3, 1) + value
    body += struct.pack(order + "I", ifd1_offset)
    if thumbnail:
        body += (
            struct.pack(order + "H", 1) + struct.pack(order + "HHII", 0x0100, 4, 1, 160) + struct.pack(order + "I", 0)
        )
    return b"Exif\x00\x00" + body


def pillow_exif(exif: bytes) -> Image.Exif:
    tags = Image.Exif()
    tags.load(exif)
    return tags


@pytest.mark.parametrize("order", ["<", ">"])
@pytest.mark.parametrize("long_orientation", [False, True])
def test_read_orientation_agrees_with_pillow(order, long_orientation):
    for orientation in range(1, 9):
        exif = raw_exif(order, orientation, long_orientation=long_orientation)
        assert read_orientation(exif) == pillow_exif(exif)[ORIENTATION_TAG] == orientation
        assert read_orientation(exif[6:]) == orientation  # the bare TIFF structure, as PNG eXIf holds it


def test_read_orientation_of_absent_or_malformed_exif_is_1():
    plain = Image.Exif()
    plain[MAKE] = "Cam"
    good = raw_exif("<", 6)
    for exif in (
        b"",
        b"Exif\x00\x00",
        plain.tobytes(),
        good[:20],
        b"Exif\x00\x00XX" + good[8:],
        good[:8] + b"\x00" * 4,
    ):
        assert read_orientation(exif) == 1


@pytest.mark.parametrize("order", ["<", ">"])
def test_exif_for_output_resets_orientation_and_drops_the_thumbnail_only(order):
    source = raw_exif(order, 6)
    assert pillow_exif(source).get_ifd(ExifTags.IFD.IFD1)  # the hand-made thumbnail directory is there
    written = exif_for_output(source)
    tags = pillow_exif(written)
    assert tags[ORIENTATION_TAG] == 1 and tags[MAKE] == "Cam"
    assert not tags.get_ifd(ExifTags.IFD.IFD1)
    changed = [i for i, (a, b) in enumerate(zip(source, written, strict=True)) if a != b]
    assert changed and len(changed) <= 5  # the Orientation value and the IFD1 pointer, patched in place
    assert exif_for_output(source[6:]) == written  # a bare TIFF structure gets the marker
    assert exif_for_output(b"Exif\x00\x00 not a TIFF") is None


def test_icc_colour_space():
    assert icc_colour_space(SRGB_ICC) == b"RGB "
    grey = ImageCms.ImageCmsProfile(ImageCms.createProfile("LAB")).tobytes()
    assert icc_colour_space(grey) == b"Lab "
    assert icc_colour_space(b"short") == b""


@pytest.mark.parametrize("orientation", range(1, 9))
def test_apply_orientation_matches_pillow(orientation):
    stored = np.arange(4 * 7 * 3, dtype=np.uint8).reshape(4, 7, 3)
    image = Image.fromarray(stored)
    image.getexif()[ORIENTATION_TAG] = orientation
    expected = np.asarray(ImageOps.exif_transpose(image))
    upright = apply_orientation(stored, orientation)
    np.testing.assert_array_equal(upright, expected)
    assert upright.flags.c_contiguous
    assert upright_size((7, 4), orientation) == (expected.shape[1], expected.shape[0])


def test_png_with_metadata_inserts_valid_chunks(tmp_path):
    pixels = np.arange(5 * 6 * 3, dtype=np.uint8).reshape(5, 6, 3)
    ok, encoded = cv2.imencode(".png", pixels)
    assert ok
    assert b"".join(png_with_metadata(encoded, None, None)) == encoded.tobytes()
    path = tmp_path / "meta.png"
    path.write_bytes(b"".join(png_with_metadata(encoded, SRGB_ICC, raw_exif("<", 3))))
    kinds = png_chunks(path)  # checks every CRC
    assert kinds[:3] == [b"IHDR", b"iCCP", b"eXIf"]
    with Image.open(path) as image:
        assert image.info["icc_profile"] == SRGB_ICC
        assert image.getexif()[MAKE] == "Cam" and image.getexif()[ORIENTATION_TAG] == 3
        np.testing.assert_array_equal(np.asarray(image), pixels[..., ::-1])
    with pytest.raises(ValueError):
        png_with_metadata(np.frombuffer(b"\x00" * 40, np.uint8), SRGB_ICC, None)


@pytest.mark.parametrize("dtype", [np.uint8, np.uint16])
def test_write_tiff_with_metadata_adds_icc_and_exif(dtype):
    stored = np.arange(5 * 6 * 4, dtype=dtype).reshape(5, 6, 4)  # RGBA
    encoded = encode_tiff(stored[..., :3], stored[..., 3])
    plain = io.BytesIO()
    write_tiff_with_metadata(plain, encoded, None, None)
    assert plain.getvalue() == encoded
    tagged = io.BytesIO()
    write_tiff_with_metadata(tagged, encoded, SRGB_ICC, raw_exif(">", 1))
    with Image.open(tagged) as image:
        assert image.info["icc_profile"] == SRGB_ICC
        assert image.getexif()[MAKE] == "Cam"
        assert image.tag_v2[338] == (2,)  # the encoder's ExtraSamples (unassociated alpha) is kept
        # Decoded by Pillow for 8 bits (OpenCV premultiplies 8-bit RGBA TIFFs), else by OpenCV.
        rgba = np.asarray(image) if dtype == np.uint8 else None
    if rgba is None:
        rgba = cv2.imdecode(np.frombuffer(tagged.getvalue(), np.uint8), cv2.IMREAD_UNCHANGED)[..., [2, 1, 0, 3]]
    np.testing.assert_array_equal(rgba, stored)
