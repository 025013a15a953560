"""core.image.read: reading photos faithfully (pixels, bit depth, alpha, ICC, EXIF, orientation) and round trips."""

from __future__ import annotations

import struct
import zlib
from pathlib import Path

import cv2
import numpy as np
import pytest
from PIL import Image, ImageCms, ImageOps

import core.image.read
import core.image.write
from core.errors import ImageReadError
from core.image import IMAGE_SUFFIXES, LoadedImage, is_image_file
from core.image.read import image_info, read_image, thumbnail
from core.image.write import to_uint, write_image
from tests.conftest import SHARED, smooth_image

REAL_IMAGES = SHARED / "benchmarks" / "real_haze" / "dcp_demo_images"
ORIENTATION = 0x0112
MAKE = 0x010F
SRGB_ICC = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()


def exif_bytes(orientation: int | None = None, make: str = "TestCam") -> bytes:
    exif = Image.Exif()
    exif[MAKE] = make
    if orientation is not None:
        exif[ORIENTATION] = orientation
    return exif.tobytes()


def random_16bit(rng: np.random.Generator, shape: tuple[int, ...]) -> np.ndarray:
    """uint16 values that do not survive a trip through 8 bits (none is a multiple of 257)."""
    values = rng.integers(0, 65536, size=shape, dtype=np.uint16)
    return np.where(values % 257 == 0, values + 1, values).astype(np.uint16)


def png_chunks(path: Path) -> list[bytes]:
    """Chunk types of a PNG, checking every CRC."""
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    kinds, position = [], 8
    while position < len(data):
        (length,) = struct.unpack_from(">I", data, position)
        kind = data[position + 4 : position + 8]
        payload = data[position + 8 : position + 8 + length]
        (crc,) = struct.unpack_from(">I", data, position + 8 + length)
        assert crc == zlib.crc32(kind + payload), f"bad CRC in {kind!r}"
        kinds.append(kind)
        position += 12 + length
    return kinds


def like_image(rgb: np.ndarray, **fields) -> LoadedImage:
    return LoadedImage(rgb=rgb, **fields)


# --- file names and helpers -------------------------------------------------------------------------


def test_is_image_file(tmp_path):
    for name in ("a.jpg", "b.JPEG", "c.png", "d.tif", "e.TIFF", "f.webp", "g.bmp"):
        (tmp_path / name).write_bytes(b"x")
        assert is_image_file(tmp_path / name), name
    for name in ("notes.txt", ".hidden.jpg", ".a.1234.part.png", "b.part.png", "c.gif"):
        (tmp_path / name).write_bytes(b"x")
        assert not is_image_file(tmp_path / name), name
    (tmp_path / "folder.png").mkdir()
    assert not is_image_file(tmp_path / "folder.png")
    assert not is_image_file(tmp_path / "missing.png")
    assert all(s == s.lower() and s.startswith(".") for s in IMAGE_SUFFIXES)


# --- round trips ------------------------------------------------------------------------------------


@pytest.mark.parametrize("suffix", [".png", ".tif", ".bmp", ".jpg", ".webp"])
def test_round_trip_8bit(tmp_path, rng, suffix):
    rgb = smooth_image(rng, 24, 32)
    path = write_image(tmp_path / f"out{suffix}", rgb)
    loaded = read_image(path)
    assert loaded.rgb.dtype == np.float32 and loaded.rgb.shape == (24, 32, 3)
    assert loaded.bit_depth == 8 and loaded.alpha is None and loaded.size == (32, 24)
    assert loaded.format == {".png": "PNG", ".tif": "TIFF", ".bmp": "BMP", ".jpg": "JPEG", ".webp": "WEBP"}[suffix]
    if suffix in (".png", ".tif", ".bmp"):
        np.testing.assert_array_equal(to_uint(loaded.rgb, 8), to_uint(rgb, 8))
    else:
        assert np.abs(loaded.rgb - rgb).mean() < 0.03


@pytest.mark.parametrize("suffix", [".png", ".tif"])
def test_round_trip_16bit_keeps_every_value(tmp_path, rng, suffix):
    values = random_16bit(rng, (20, 28, 3))
    path = write_image(tmp_path / f"deep{suffix}", values / 65535.0, bit_depth=16)
    loaded = read_image(path)
    assert loaded.bit_depth == 16
    np.testing.assert_array_equal(to_uint(loaded.rgb, 16), values)
    stored = cv2.imread(str(path), cv2.IMREAD_UNCHANGED)  # an independent reader sees the same 16-bit RGB
    assert stored.dtype == np.uint16
    np.testing.assert_array_equal(stored[..., ::-1], values)


@pytest.mark.parametrize("suffix", [".png", ".tif"])
def test_reads_16bit_colour_written_by_another_program(tmp_path, rng, suffix):
    bgra = random_16bit(rng, (9, 13, 4))
    path = tmp_path / f"other{suffix}"
    assert cv2.imwrite(str(path), bgra)
    loaded = read_image(path)
    assert loaded.bit_depth == 16 and loaded.alpha.dtype == np.uint16
    np.testing.assert_array_equal(to_uint(loaded.rgb, 16), bgra[..., 2::-1])
    np.testing.assert_array_equal(loaded.alpha, bgra[..., 3])


@pytest.mark.parametrize("suffix", [".png", ".tif"])
def test_reads_16bit_greyscale(tmp_path, rng, suffix):
    grey = random_16bit(rng, (10, 12))
    path = tmp_path / f"grey16{suffix}"
    Image.fromarray(grey).save(path)
    loaded = read_image(path)
    assert loaded.bit_depth == 16 and loaded.mode.startswith("I;16")
    for channel in range(3):
        np.testing.assert_array_equal(to_uint(loaded.rgb[..., channel], 16), grey)
    assert image_info(path)["bit_depth"] == 16


def test_unicode_file_name(tmp_path, rng):
    rgb = smooth_image(rng, 8, 8)
    path = write_image(tmp_path / "Föhn über dem Tal ☁.png", rgb, bit_depth=16)
    np.testing.assert_array_equal(to_uint(read_image(path).rgb, 16), to_uint(rgb, 16))


# --- orientation ------------------------------------------------------------------------------------


def test_jpeg_orientation_applied_on_read_and_reset_on_write(tmp_path, rng):
    source = tmp_path / "portrait.jpg"
    stored = np.zeros((20, 40, 3), np.uint8)
    stored[:, :20] = (255, 0, 0)  # left half red: after a clockwise turn, the top is red
    Image.fromarray(stored).save(source, exif=exif_bytes(orientation=6), quality=95)
    loaded = read_image(source)
    assert loaded.size == (20, 40)
    with Image.open(source) as image:
        expected = np.asarray(ImageOps.exif_transpose(image))
    np.testing.assert_array_equal(to_uint(loaded.rgb, 8), expected)
    assert loaded.rgb[:20, :, 0].mean() > 0.9 and loaded.rgb[20:, :, 0].mean() < 0.1

    for suffix in (".jpg", ".png", ".tif", ".webp"):
        out = write_image(tmp_path / f"restored{suffix}", loaded.rgb, like=loaded)
        with Image.open(out) as written:
            assert written.size == (20, 40)
            assert written.getexif().get(ORIENTATION) == 1, suffix
            assert written.getexif().get(MAKE) == "TestCam", suffix
        assert read_image(out).size == (20, 40)  # not turned a second time


@pytest.mark.parametrize("suffix", [".png", ".tif"])
@pytest.mark.parametrize("orientation", range(1, 9))
def test_every_orientation_matches_pillow(tmp_path, orientation, suffix):
    stored = np.arange(6 * 10 * 3, dtype=np.uint8).reshape(6, 10, 3)
    path = tmp_path / f"o{suffix}"
    Image.fromarray(stored).save(path, exif=exif_bytes(orientation=orientation))
    with Image.open(path) as image:
        expected = np.asarray(ImageOps.exif_transpose(image))
    np.testing.assert_array_equal(to_uint(read_image(path).rgb, 8), expected)
    assert image_info(path)["size"] == (expected.shape[1], expected.shape[0])


def _turned_by_pillow(pixels: np.ndarray, orientation: int) -> np.ndarray:
    """`pixels` turned upright as Pillow turns a file with this EXIF orientation (any dtype, any channels)."""
    index = Image.fromarray(np.arange(pixels.shape[0] * pixels.shape[1], dtype=np.int32).reshape(pixels.shape[:2]))
    index.getexif()[ORIENTATION] = orientation
    order = np.asarray(ImageOps.exif_transpose(index))
    return pixels.reshape(-1, *pixels.shape[2:])[order]


@pytest.mark.parametrize("orientation", range(1, 9))
def test_alpha_turns_with_the_pixels(tmp_path, rng, orientation):
    # Alpha that is not a function of the colour: a mask left unturned would no longer match its pixels.
    rgb = np.arange(6 * 10 * 3, dtype=np.uint8).reshape(6, 10, 3)
    alpha = rng.integers(0, 256, (6, 10), dtype=np.uint8)
    path = tmp_path / "rgba.png"
    Image.fromarray(np.dstack([rgb, alpha])).save(path, exif=exif_bytes(orientation=orientation))
    with Image.open(path) as image:
        expected = np.asarray(ImageOps.exif_transpose(image))
    loaded = read_image(path)
    np.testing.assert_array_equal(to_uint(loaded.rgb, 8), expected[..., :3])
    np.testing.assert_array_equal(loaded.alpha, expected[..., 3])
    # 16-bit colour with alpha takes another decoder: the same rule.
    rgb16, alpha16 = random_16bit(rng, (6, 10, 3)), random_16bit(rng, (6, 10))
    path16 = tmp_path / "rgba16.png"
    core.image.write._save_png(path16, rgb16, alpha16, None, exif_bytes(orientation=orientation))
    loaded16 = read_image(path16)
    turned = _turned_by_pillow(np.dstack([rgb16, alpha16]), orientation)
    np.testing.assert_array_equal(to_uint(loaded16.rgb, 16), turned[..., :3])
    np.testing.assert_array_equal(loaded16.alpha, turned[..., 3])
    # And a restored copy keeps alpha on the pixels it belongs to, upright.
    written = read_image(write_image(tmp_path / "out.png", loaded.rgb, like=loaded))
    np.testing.assert_array_equal(written.alpha, expected[..., 3])


@pytest.mark.parametrize("suffix", [".png", ".tif"])
def test_orientation_of_16bit_colour(tmp_path, rng, suffix):
    values = random_16bit(rng, (6, 10, 3))
    path = tmp_path / f"turned16{suffix}"
    save = core.image.write._save_png if suffix == ".png" else core.image.write._save_tiff
    save(path, values, None, None, exif_bytes(orientation=8))  # a 16-bit file that asks to be turned
    loaded = read_image(path)
    assert loaded.bit_depth == 16
    np.testing.assert_array_equal(to_uint(loaded.rgb, 16), np.rot90(values, 1))
    assert image_info(path)["size"] == loaded.size == (6, 10)


# --- colour modes -----------------------------------------------------------------------------------


def test_palette_with_and_without_transparency(tmp_path):
    indices = np.array([[0, 1], [2, 1]], dtype=np.uint8)
    palette = Image.fromarray(indices, mode="P")
    palette.putpalette([255, 0, 0, 0, 255, 0, 0, 0, 255] + [0] * 759)
    palette.save(tmp_path / "opaque.png")
    palette.save(tmp_path / "clear.png", transparency=1)
    opaque = read_image(tmp_path / "opaque.png")
    assert opaque.mode == "P" and opaque.alpha is None
    np.testing.assert_array_equal(to_uint(opaque.rgb, 8)[0, 0], [255, 0, 0])
    clear = read_image(tmp_path / "clear.png")
    np.testing.assert_array_equal(clear.alpha, [[255, 0], [255, 0]])
    np.testing.assert_array_equal(to_uint(clear.rgb, 8)[1, 0], [0, 0, 255])


def test_greyscale_modes(tmp_path, rng):
    grey = rng.integers(0, 256, (7, 9), dtype=np.uint8)
    Image.fromarray(grey).save(tmp_path / "l.png")
    Image.fromarray(np.dstack([grey, 255 - grey]), mode="LA").save(tmp_path / "la.png")
    Image.fromarray(grey > 127).save(tmp_path / "bits.png")
    plain = read_image(tmp_path / "l.png")
    assert plain.mode == "L"
    np.testing.assert_array_equal(to_uint(plain.rgb, 8), np.dstack([grey] * 3))
    with_alpha = read_image(tmp_path / "la.png")
    np.testing.assert_array_equal(with_alpha.alpha, 255 - grey)
    bits = read_image(tmp_path / "bits.png")
    assert bits.mode == "1"
    np.testing.assert_array_equal(to_uint(bits.rgb, 8)[..., 0], np.where(grey > 127, 255, 0))


def test_cmyk_jpeg_becomes_rgb(tmp_path):
    cmyk = np.zeros((16, 32, 4), np.uint8)
    cmyk[:, :8, 0] = 255  # cyan
    cmyk[:, 8:16, 3] = 255  # black
    cmyk[:, 24:, 1:3] = 255  # magenta + yellow = red
    path = tmp_path / "print.jpg"
    Image.fromarray(cmyk, mode="CMYK").save(path, quality=98)
    loaded = read_image(path)
    assert loaded.mode == "CMYK" and loaded.rgb.shape == (16, 32, 3)
    centre = to_uint(loaded.rgb[8], 8).astype(int)
    for column, expected in ((4, (0, 255, 255)), (12, (0, 0, 0)), (20, (255, 255, 255)), (28, (255, 0, 0))):
        assert np.abs(centre[column] - expected).max() < 12, (column, centre[column])


def test_cmyk_profile_is_used_and_a_bad_one_falls_back(tmp_path, monkeypatch):
    path = tmp_path / "profiled.jpg"
    fake_cmyk_profile = SRGB_ICC[:16] + b"CMYK" + SRGB_ICC[20:]
    Image.new("CMYK", (4, 4), (0, 0, 0, 0)).save(path, icc_profile=fake_cmyk_profile)
    assert to_uint(read_image(path).rgb, 8).min() > 240  # the unusable profile falls back to plain conversion

    calls = []

    def convert_through_profile(image, source, target, outputMode):
        calls.append(source)
        return Image.new("RGB", image.size, (10, 20, 30))

    monkeypatch.setattr(core.image.read.ImageCms, "ImageCmsProfile", lambda value: value)
    monkeypatch.setattr(core.image.read.ImageCms, "profileToProfile", convert_through_profile)
    assert to_uint(read_image(path).rgb, 8)[0, 0].tolist() == [10, 20, 30]
    assert calls and calls[0].read() == fake_cmyk_profile


# --- failures on reading -------------------------------------------------------------------------------


def test_unreadable_files_raise_image_read_error(tmp_path, rng):
    good = tmp_path / "good.jpg"
    Image.fromarray(to_uint(smooth_image(rng, 64, 64), 8)).save(good)
    data = good.read_bytes()
    cases = {
        "truncated.jpg": data[: len(data) // 2],
        "corrupt.png": b"\x89PNG\r\n\x1a\n" + bytes(rng.integers(0, 256, 200, dtype=np.uint8)),
        "letter.jpg": b"Dear photographer, this is not a picture.\n",
        "empty.png": b"",
        "animation.gif.jpg": b"GIF89a" + bytes(40),
    }
    for name, content in cases.items():
        (tmp_path / name).write_bytes(content)
        with pytest.raises(ImageReadError, match=name.replace(".", r"\.")):
            read_image(tmp_path / name)
    with pytest.raises(ImageReadError, match="not found"):
        read_image(tmp_path / "missing.jpg")
    with pytest.raises(ImageReadError, match="folder"):
        read_image(tmp_path)


def test_truncated_16bit_png_raises(tmp_path, rng):
    path = write_image(tmp_path / "deep.png", smooth_image(rng, 64, 64), bit_depth=16)
    path.write_bytes(path.read_bytes()[:-200])
    with pytest.raises(ImageReadError, match=r"deep\.png"):
        read_image(path)


def png_header_only(path: Path, width: int, height: int) -> Path:
    def chunk(kind: bytes, payload: bytes) -> bytes:
        return struct.pack(">I", len(payload)) + kind + payload + struct.pack(">I", zlib.crc32(kind + payload))

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(b"\0" * 10)))
    return path


@pytest.mark.filterwarnings("ignore::PIL.Image.DecompressionBombWarning")
def test_very_large_images_are_refused_clearly_and_big_ones_are_not(tmp_path):
    huge = png_header_only(tmp_path / "huge.png", 16000, 14000)  # 224 MP
    with pytest.raises(ImageReadError, match="224 megapixels"):
        read_image(huge)
    with pytest.raises(ImageReadError, match="megapixels"):
        thumbnail(huge, 64)
    big = png_header_only(tmp_path / "big.png", 14000, 13500)  # 189 MP: Pillow's default would refuse it
    assert image_info(big)["size"] == (14000, 13500)


def test_reading_leaves_the_file_untouched(tmp_path, rng):
    path = tmp_path / "keep.jpg"
    Image.fromarray(to_uint(smooth_image(rng, 16, 16), 8)).save(path, exif=exif_bytes(6))
    before = (path.read_bytes(), path.stat().st_mtime_ns)
    read_image(path), thumbnail(path, 8), image_info(path)
    assert (path.read_bytes(), path.stat().st_mtime_ns) == before


# --- previews and info -------------------------------------------------------------------------------


def test_thumbnail_is_small_upright_and_scaled(tmp_path, rng):
    path = tmp_path / "wide.jpg"
    stored = np.zeros((300, 400, 3), np.uint8)
    stored[:, :200] = (250, 10, 10)
    Image.fromarray(stored).save(path, exif=exif_bytes(orientation=6))
    small = thumbnail(path, 64)
    assert small.dtype == np.uint8 and small.shape == (64, 48, 3)
    assert small[:20, :, 0].mean() > 200 and small[-20:, :, 0].mean() < 50

    tiff = tmp_path / "turned.tif"
    Image.fromarray(stored).save(tiff, exif=exif_bytes(orientation=6))
    assert thumbnail(tiff, 64).shape == (64, 48, 3)
    deep = write_image(tmp_path / "deep.tif", np.zeros((30, 40, 3), np.float32) + 0.5, bit_depth=16)
    assert thumbnail(deep, 20).shape == (15, 20, 3) and abs(int(thumbnail(deep, 20)[5, 5, 1]) - 128) <= 1

    grey16 = tmp_path / "grey16.png"
    Image.fromarray(np.full((40, 40), 30000, np.uint16)).save(grey16)
    assert abs(int(thumbnail(grey16, 16)[0, 0, 0]) - 117) <= 1  # scaled from 16 bits, not clipped to 255


def test_image_info_without_decoding(tmp_path, rng):
    path = write_image(tmp_path / "deep.png", smooth_image(rng, 10, 20), bit_depth=16)
    info = image_info(path)
    assert info["format"] == "PNG" and info["size"] == (20, 10) and info["bit_depth"] == 16
    assert info["has_alpha"] is False and info["orientation"] == 1
    with pytest.raises(ImageReadError):
        image_info(tmp_path / "missing.png")


# --- real photos --------------------------------------------------------------------------------------


@pytest.mark.skipif(not REAL_IMAGES.is_dir(), reason=f"{REAL_IMAGES} not present")
def test_reads_real_world_files():
    files = sorted(p for p in REAL_IMAGES.iterdir() if is_image_file(p))
    assert files
    modes = set()
    for path in files:
        loaded = read_image(path)
        with Image.open(path) as image:
            assert loaded.size == image.size, path.name
        assert loaded.rgb.dtype == np.float32 and loaded.rgb.min() >= 0 and loaded.rgb.max() <= 1
        modes.add(loaded.mode)
        if loaded.mode == "L":
            np.testing.assert_array_equal(loaded.rgb[..., 0], loaded.rgb[..., 2])
        if loaded.mode == "RGBA":
            assert loaded.alpha is not None and loaded.alpha.shape == loaded.rgb.shape[:2]
    assert {"L", "RGBA", "RGB"} <= modes
