"""Odd images through the public restore path (core.batch.restore_file, as the CLI and the app call it): any size
from 1×1, extreme aspect ratios, every colour mode a user's files come in, several frames, EXIF orientations
valid and not, broken ICC profiles, and images declaring more pixels than allowed."""

from __future__ import annotations

import io
import struct
import zlib

import numpy as np
import pytest
import torch
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image

from core.batch import OutputOptions, restore_file
from core.cli import main
from core.dark_channel import ClassicDehazer
from core.errors import ImageReadError
from core.image.read import MAX_PIXELS_VARIABLE, image_info, read_image
from core.network import AKNet, AKNetConfig
from core.network.checkpoint import load_checkpoint, save_weights
from core.progress import Status
from core.restorer import Restorer

FAST = settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@pytest.fixture(scope="module")
def tiny_restorer(tmp_path_factory) -> Restorer:
    """A tiny random-weight AKNet (the network's arithmetic, not its quality, is the point here)."""
    torch.manual_seed(0)
    path = tmp_path_factory.mktemp("weights") / "tiny.safetensors"
    save_weights(AKNet(AKNetConfig(base_channels=4, num_blocks=1, kernel_size=3)), path, half=False)
    return Restorer(load_checkpoint(path), device="cpu", tile="off")


def make_image(mode: str, width: int, height: int, seed: int) -> Image.Image:
    generator = np.random.default_rng(seed)
    if mode == "I;16":
        return Image.fromarray(generator.integers(0, 65536, (height, width), dtype=np.uint16))
    if mode == "P":
        return Image.fromarray(generator.integers(0, 256, (height, width, 3), dtype=np.uint8)).quantize(8)
    channels = generator.integers(0, 256, (height, width, len(mode)), dtype=np.uint8)
    if mode == "1":
        return Image.fromarray(channels[..., 0]).convert("1")
    return Image.merge(mode, [Image.fromarray(channels[..., i]) for i in range(len(mode))])


# mode → formats that store it (and the options that keep it odd: a palette with a transparent entry)
MODES = {
    "RGB": ["png", "jpg", "tif", "webp", "bmp"],
    "RGBA": ["png", "tif", "webp"],
    "L": ["png", "jpg", "tif", "bmp"],
    "LA": ["png", "tif"],
    "1": ["png", "tif", "bmp"],
    "P": ["png", "tif", "bmp"],
    "I;16": ["png", "tif"],
    "CMYK": ["jpg", "tif"],
}


def save(image: Image.Image, path, fmt: str) -> None:
    options = {"transparency": 3} if image.mode == "P" and fmt == "png" else {}
    image.save(path, **options)


def check_restored(result, source_size, output):
    assert result.status == Status.DONE, result.error
    restored = read_image(output)
    assert restored.size == source_size
    assert np.isfinite(restored.rgb).all()


@FAST
@given(
    mode_and_format=st.sampled_from([(m, f) for m, formats in MODES.items() for f in formats]),
    width=st.integers(1, 48),
    height=st.integers(1, 48),
    seed=st.integers(0, 2**16),
)
def test_any_size_and_mode_is_restored_by_the_network(tmp_path_factory, tiny_restorer, mode_and_format, width,
                                                      height, seed):  # fmt: skip
    mode, fmt = mode_and_format
    folder = tmp_path_factory.mktemp("odd")
    source = folder / f"in.{fmt}"
    save(make_image(mode, width, height, seed), source, fmt)
    output = folder / f"out.{fmt}"
    check_restored(restore_file(tiny_restorer, source, output, OutputOptions()), (width, height), output)


@pytest.mark.parametrize("size", [(1, 2000), (2000, 1), (3, 1500), (1, 1)])
@pytest.mark.parametrize("engine", ["network", "classic"])
def test_extreme_aspect_ratios(tmp_path, tiny_restorer, size, engine):
    source = tmp_path / "strip.png"
    make_image("RGB", *size, seed=1).save(source)
    restorer = tiny_restorer if engine == "network" else ClassicDehazer()
    output = tmp_path / "out.png"
    check_restored(restore_file(restorer, source, output, OutputOptions()), size, output)


@pytest.mark.parametrize("fmt", ["tif", "webp", "png"])
def test_several_frames_restore_the_first_and_say_so(tmp_path, fmt, capsys):
    frames = [make_image("RGB", 20, 12, seed) for seed in range(3)]
    source = tmp_path / f"pages.{fmt}"
    frames[0].save(source, save_all=True, append_images=frames[1:], **({"lossless": True} if fmt == "webp" else {}))
    loaded = read_image(source)
    assert loaded.frames == 3
    np.testing.assert_allclose(loaded.rgb, np.asarray(frames[0], dtype=np.float32) / 255, atol=1e-6)
    out = tmp_path / "out"
    assert main(["restore", str(source), "-o", str(out), "--task", "classic-dehaze"]) == 0
    assert "the file holds 3 frames; only the first was restored" in capsys.readouterr().err


def test_single_frame_files_say_nothing(tmp_path):
    source = tmp_path / "one.png"
    make_image("RGB", 8, 8, 0).save(source)
    result = restore_file(ClassicDehazer(), source, tmp_path / "out.png", OutputOptions())
    assert result.status == Status.DONE and result.note is None


@pytest.mark.parametrize("orientation", [*range(1, 9), 0, 9, 255, 65535])
def test_exif_orientations_valid_and_invalid(tmp_path, orientation):
    exif = Image.Exif()
    exif[0x0112] = orientation
    source = tmp_path / "turned.jpg"
    make_image("RGB", 30, 20, 0).save(source, exif=exif)
    upright = (20, 30) if orientation in (5, 6, 7, 8) else (30, 20)  # an invalid one is left alone
    assert read_image(source).size == upright
    output = tmp_path / "out.jpg"
    result = restore_file(ClassicDehazer(), source, output, OutputOptions())
    check_restored(result, upright, output)
    assert Image.open(output).getexif().get(0x0112, 1) == 1


@pytest.mark.parametrize("mode, fmt", [("RGB", "jpg"), ("RGB", "png"), ("CMYK", "jpg"), ("RGB", "tif")])
def test_broken_icc_profiles_do_not_stop_a_photo(tmp_path, mode, fmt):
    source = tmp_path / f"icc.{fmt}"
    make_image(mode, 24, 16, 0).save(source, icc_profile=b"not a profile" * 20)
    output = tmp_path / f"out.{fmt}"
    check_restored(restore_file(ClassicDehazer(), source, output, OutputOptions()), (24, 16), output)


def png_declaring(width: int, height: int) -> bytes:
    """A tiny PNG whose header declares width × height (a decompression bomb's first step)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\0" * 64)) + chunk(b"IEND", b"")
    )


def test_declared_giant_size_is_refused_before_decoding_with_the_override_named(tmp_path):
    source = tmp_path / "bomb.png"
    source.write_bytes(png_declaring(60_000, 60_000))
    with pytest.raises(ImageReadError, match=rf"bomb.png declares 3600 megapixels;.*{MAX_PIXELS_VARIABLE}"):
        read_image(source)
    with pytest.raises(ImageReadError, match="declares 3600 megapixels"):
        image_info(source)  # the app's file list asks first: the same clear refusal


def test_the_limit_can_be_raised_for_giant_photos_and_lowered(tmp_path, monkeypatch):
    big = tmp_path / "big.png"
    make_image("RGB", 1200, 1000, 0).save(big)  # 1.2 MP
    monkeypatch.setenv(MAX_PIXELS_VARIABLE, "1")
    with pytest.raises(ImageReadError, match="up to 1 megapixels"):
        read_image(big)
    monkeypatch.setenv(MAX_PIXELS_VARIABLE, "1.5")
    assert read_image(big).size == (1200, 1000)
    bomb = tmp_path / "bomb.png"
    bomb.write_bytes(png_declaring(20_000, 15_000))  # 300 MP: over the default, under a raised limit
    monkeypatch.delenv(MAX_PIXELS_VARIABLE)
    with pytest.raises(ImageReadError, match="up to 200 megapixels"):
        read_image(bomb)
    monkeypatch.setenv(MAX_PIXELS_VARIABLE, "400")
    with pytest.raises(ImageReadError, match="damaged or incomplete"):  # allowed, then its pixels are missing
        read_image(bomb)
    monkeypatch.setenv(MAX_PIXELS_VARIABLE, "lots")
    with pytest.raises(ImageReadError, match="not a number of megapixels"):
        read_image(big)


def test_a_bad_file_in_a_batch_never_leaves_a_partial_output(tmp_path, capsys):
    folder = tmp_path / "in"
    folder.mkdir()
    make_image("RGB", 16, 16, 0).save(folder / "good.png")
    (folder / "bomb.png").write_bytes(png_declaring(60_000, 60_000))
    buffer = io.BytesIO()
    make_image("RGB", 64, 64, 1).save(buffer, "PNG")
    (folder / "cut.png").write_bytes(buffer.getvalue()[:300])
    out = tmp_path / "out"
    assert main(["restore", str(folder), "-o", str(out), "--task", "classic-dehaze"]) == 1
    assert sorted(p.name for p in out.iterdir()) == ["good_classic-dehaze.png"]
    assert "1 restored, 0 skipped, 2 failed" in capsys.readouterr().err


def tiff_entries(data: bytes, ifd: int) -> list[int]:
    """Byte offsets of the 12-byte entries of the (little-endian) TIFF directory at `ifd`."""
    (count,) = struct.unpack_from("<H", data, ifd)
    return [ifd + 2 + 12 * index for index in range(count)]


def test_tiff_whose_strip_offset_is_a_float_is_refused_with_a_message(tmp_path):
    buffer = io.BytesIO()
    make_image("I;16", 20, 16, 0).save(buffer, "TIFF")
    data = bytearray(buffer.getvalue())
    (first,) = struct.unpack_from("<I", data, 4)
    for entry in tiff_entries(data, first):
        if struct.unpack_from("<H", data, entry)[0] == 273:  # StripOffsets: LONG → DOUBLE 8.0 (found by fuzz.py)
            struct.pack_into("<H", data, entry + 2, 12)
            struct.pack_into("<d", data, struct.unpack_from("<I", data, entry + 8)[0], 8.0)
    source = tmp_path / "float_offsets.tif"
    source.write_bytes(bytes(data))
    with pytest.raises(ImageReadError, match="could not be decoded"):
        read_image(source)
    result = restore_file(ClassicDehazer(), source, tmp_path / "out.tif", OutputOptions())
    assert result.status == Status.FAILED and "float_offsets.tif" in result.error


def test_tiff_whose_second_page_is_garbage_restores_its_first(tmp_path):
    buffer = io.BytesIO()
    pages = [make_image("RGB", 20, 16, seed) for seed in range(3)]
    pages[0].save(buffer, "TIFF", save_all=True, append_images=pages[1:])
    data = bytearray(buffer.getvalue())
    (first,) = struct.unpack_from("<I", data, 4)
    entries = tiff_entries(data, first)
    (second,) = struct.unpack_from("<I", data, entries[-1] + 12)  # the next directory's offset
    for entry in tiff_entries(data, second):  # a compression scheme that does not exist (found by fuzz.py)
        if struct.unpack_from("<H", data, entry)[0] == 259:
            struct.pack_into("<H", data, entry + 8, 27137)
    source = tmp_path / "bad_page.tif"
    source.write_bytes(bytes(data))
    loaded = read_image(source)
    np.testing.assert_allclose(loaded.rgb, np.asarray(pages[0], dtype=np.float32) / 255, atol=1e-6)
    assert image_info(source)["size"] == (20, 16)
