"""The PNG and TIFF encoders (core.image.encode), checked by independent decoders (OpenCV, Pillow), and
the 16-bit colour decoding in core.image.read on files laid out the ways other programs write them."""

from __future__ import annotations

import io
import struct
import subprocess
import sys
import zlib

import cv2
import numpy as np
import pytest
from PIL import Image

import core.image.encode
from core.image.encode import encode_png, encode_tiff, paeth_filtered
from core.image.metadata import png_chunk
from core.image.read import read_image
from core.image.write import to_uint

SHAPES = [(1, 1), (2, 3), (17, 29), (64, 5)]


def random_samples(rng: np.random.Generator, shape: tuple[int, ...], dtype) -> np.ndarray:
    return rng.integers(0, np.iinfo(dtype).max + 1, shape).astype(dtype)


@pytest.fixture(params=[np.uint8, np.uint16], ids=["8-bit", "16-bit"])
def dtype(request):
    return request.param


@pytest.mark.parametrize("encode", [encode_png, encode_tiff], ids=["png", "tiff"])
@pytest.mark.parametrize("with_alpha", [False, True], ids=["rgb", "rgba"])
@pytest.mark.parametrize("shape", SHAPES)
def test_opencv_decodes_what_the_encoders_write(rng, encode, with_alpha, shape, dtype):
    pixels = random_samples(rng, (*shape, 3), dtype)
    alpha = random_samples(rng, shape, dtype) if with_alpha else None
    encoded = encode(pixels, alpha)
    decoded = cv2.imdecode(np.frombuffer(encoded, np.uint8), cv2.IMREAD_UNCHANGED)
    expected = pixels[..., ::-1] if alpha is None else np.dstack([pixels[..., ::-1], alpha])
    if encode is encode_tiff and dtype == np.uint8 and with_alpha:  # OpenCV premultiplies these: ask Pillow
        with Image.open(io.BytesIO(encoded)) as image:
            decoded = np.asarray(image)[..., [2, 1, 0, 3]]
    assert decoded is not None and decoded.dtype == dtype
    np.testing.assert_array_equal(decoded.reshape(expected.shape), expected)


@pytest.mark.parametrize("encode", [encode_png, encode_tiff], ids=["png", "tiff"])
def test_images_larger_than_a_block_or_strip(rng, monkeypatch, encode, dtype):
    monkeypatch.setattr(core.image.encode, "BLOCK_BYTES", 1000)
    monkeypatch.setattr(core.image.encode, "STRIP_BYTES", 700)
    pixels = random_samples(rng, (53, 41, 3), dtype)
    alpha = random_samples(rng, (53, 41), dtype)
    encoded = encode(pixels, alpha)
    if encode is encode_tiff and dtype == np.uint8:  # OpenCV premultiplies 8-bit RGBA TIFFs: ask Pillow
        with Image.open(io.BytesIO(encoded)) as image:
            decoded = np.asarray(image)[..., [2, 1, 0, 3]]
    else:
        decoded = cv2.imdecode(np.frombuffer(encoded, np.uint8), cv2.IMREAD_UNCHANGED)
    np.testing.assert_array_equal(decoded, np.dstack([pixels[..., ::-1], alpha]))
    if encode is encode_tiff:
        with Image.open(io.BytesIO(encoded)) as image:
            assert len(image.tag_v2[273]) > 5  # several strips


@pytest.mark.parametrize("encode", [encode_png, encode_tiff], ids=["png", "tiff"])
def test_pillow_decodes_8_bit_output(rng, encode):
    pixels = random_samples(rng, (19, 23, 3), np.uint8)
    alpha = random_samples(rng, (19, 23), np.uint8)
    with Image.open(io.BytesIO(encode(pixels, alpha))) as image:
        assert image.mode == "RGBA"
        np.testing.assert_array_equal(np.asarray(image), np.dstack([pixels, alpha]))


def paeth_reference(rows: np.ndarray, previous: np.ndarray, step: int) -> np.ndarray:
    """The PNG specification's Paeth filter, one byte at a time."""
    out = np.empty_like(rows)
    for y in range(rows.shape[0]):
        above = previous if y == 0 else rows[y - 1]
        for x in range(rows.shape[1]):
            a = int(rows[y, x - step]) if x >= step else 0
            b = int(above[x])
            c = int(above[x - step]) if x >= step else 0
            p = a + b - c
            pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
            predictor = a if pa <= pb and pa <= pc else (b if pb <= pc else c)
            out[y, x] = (int(rows[y, x]) - predictor) % 256
    return out


@pytest.mark.parametrize("step", [3, 6])
def test_paeth_filter_follows_the_specification(rng, step):
    rows = random_samples(rng, (5, 4 * step), np.uint8)
    rows[2] = rows[1]  # ties between the predictors
    previous = random_samples(rng, (4 * step,), np.uint8)
    np.testing.assert_array_equal(paeth_filtered(rows, previous, step), paeth_reference(rows, previous, step))


def test_smooth_photos_compress(rng):
    ramp = np.linspace(0, 65535, 256, dtype=np.float64)
    pixels = np.stack(np.broadcast_arrays(ramp[None, :], ramp[:, None], 30000 + 0 * ramp[None, :]), axis=-1)
    pixels = pixels.astype(np.uint16)
    for encode in (encode_png, encode_tiff):
        assert len(encode(pixels)) < pixels.nbytes / 10, encode.__name__


def test_encoders_refuse_what_they_cannot_store():
    with pytest.raises(ValueError):
        encode_png(np.zeros((4, 4), np.uint8))
    with pytest.raises(ValueError):
        encode_tiff(np.zeros((4, 4, 3), np.float32))
    with pytest.raises(ValueError):
        encode_png(np.zeros((4, 4, 3), np.uint16), np.zeros((4, 4), np.uint8))


# --- 16-bit colour as other programs lay it out --------------------------------------------------


def test_reads_16_bit_grey_with_alpha_png(tmp_path, rng):
    grey, alpha = random_samples(rng, (2, 7, 9), np.uint16)
    rows = b"".join(b"\x00" + np.dstack([grey, alpha])[y].astype(">u2").tobytes() for y in range(7))
    header = struct.pack(">IIBBBBB", 9, 7, 16, 4, 0, 0, 0)  # colour type 4: grey + alpha
    path = tmp_path / "grey_alpha.png"
    path.write_bytes(
        b"\x89PNG\r\n\x1a\n"
        + png_chunk(b"IHDR", header)
        + png_chunk(b"IDAT", zlib.compress(rows))
        + png_chunk(b"IEND", b"")
    )
    loaded = read_image(path)
    np.testing.assert_array_equal(to_uint(loaded.rgb, 16), np.repeat(grey[..., None], 3, axis=2))
    np.testing.assert_array_equal(loaded.alpha, alpha)


def test_reads_big_endian_16_bit_tiff(tmp_path, rng):
    """Motorola byte order, as older Mac software writes it (uncompressed, one strip)."""
    pixels = random_samples(rng, (6, 11, 3), np.uint16)
    data = pixels.astype(">u2").tobytes()
    bits_at, data_at = 8, 16
    ifd_at = data_at + len(data)
    fields = [
        struct.pack(">HHII", 256, 4, 1, 11),
        struct.pack(">HHII", 257, 4, 1, 6),
        struct.pack(">HHII", 258, 3, 3, bits_at),
        struct.pack(">HHIHH", 259, 3, 1, 1, 0),
        struct.pack(">HHIHH", 262, 3, 1, 2, 0),
        struct.pack(">HHII", 273, 4, 1, data_at),
        struct.pack(">HHIHH", 277, 3, 1, 3, 0),
        struct.pack(">HHII", 278, 4, 1, 6),
        struct.pack(">HHII", 279, 4, 1, len(data)),
    ]
    head = b"MM\x00\x2a" + struct.pack(">I", ifd_at) + struct.pack(">HHHH", 16, 16, 16, 0)
    path = tmp_path / "motorola.tif"
    path.write_bytes(head + data + struct.pack(">H", len(fields)) + b"".join(fields) + struct.pack(">I", 0))
    loaded = read_image(path)
    assert loaded.bit_depth == 16
    np.testing.assert_array_equal(to_uint(loaded.rgb, 16), pixels)


def test_the_app_and_the_cli_do_not_load_opencv(tmp_path):
    """OpenCV is a training dependency only: the frozen app leaves it out (150 MB). Import what the app and
    the CLI import, then restore, save and read back and prepare for display, as they do."""
    code = f"""
import sys
from pathlib import Path
import numpy as np
import aknet_gui.main_window, core.cli
from aknet_gui.display import display_image
from aknet_gui.loader import thumbnail_image
from core.engine import create_restorer
from core.image.read import read_image
from core.image.write import write_image
folder = Path({str(tmp_path)!r})
rgb = np.random.default_rng(0).random((40, 60, 3), dtype=np.float32)
restored = create_restorer("classic-dehaze", None, device="cpu").restore(rgb)
for name in ("out.png", "out.tif"):
    write_image(folder / name, restored, bit_depth=16)
    display_image(read_image(folder / name).rgb, min_side=8)
thumbnail_image(rgb, 16)
print("cv2" in sys.modules)
"""
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr[-3000:]
    assert result.stdout.strip().splitlines()[-1] == "False"
