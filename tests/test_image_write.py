"""core.image.write: saving photos faithfully (bit depth, alpha, ICC, EXIF, format rules) and safely."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

import core.image.metadata
from core.errors import ImageWriteError
from core.image.read import read_image
from core.image.write import to_uint, write_image
from tests.conftest import smooth_image
from tests.test_image_io import MAKE, ORIENTATION, SRGB_ICC, exif_bytes, like_image, png_chunks, random_16bit

# --- converting to integers -------------------------------------------------------------------------


def test_to_uint_rounds_clamps_and_leaves_input_alone():
    values = np.array([[[0.0, 1.0, 0.5], [0.9999, 0.998, -0.2], [1.5, np.nan, 1 / 255 * 0.49]]], dtype=np.float32)
    original = values.copy()
    assert to_uint(values, 8).tolist() == [[[0, 255, 128], [255, 254, 0], [255, 0, 0]]]
    assert to_uint(values, 16).dtype == np.uint16
    assert to_uint(np.array([[[32768 / 65535, 1 / 65535, 0.5 / 65535]]]), 16).tolist() == [[[32768, 1, 0]]]
    np.testing.assert_array_equal(values, original)
    with pytest.raises(ValueError):
        to_uint(values, 12)


# --- metadata -------------------------------------------------------------------------------------


@pytest.mark.parametrize(("suffix", "depth"), [(".png", 8), (".png", 16), (".tif", 8), (".tif", 16), (".jpg", 8)])
def test_icc_and_exif_kept(tmp_path, rng, suffix, depth):
    like = like_image(smooth_image(rng, 16, 16), bit_depth=depth, icc_profile=SRGB_ICC, exif=exif_bytes(3))
    out = write_image(tmp_path / f"meta{suffix}", like.rgb, like=like)
    loaded = read_image(out)
    assert loaded.bit_depth == depth
    assert loaded.icc_profile == SRGB_ICC
    with Image.open(out) as written:
        exif = written.getexif()
        assert exif.get(MAKE) == "TestCam" and exif.get(ORIENTATION) == 1
    if suffix == ".png":
        kinds = png_chunks(out)
        assert kinds.index(b"iCCP") < kinds.index(b"IDAT") and b"eXIf" in kinds


def test_webp_keeps_icc_and_bmp_writes_none(tmp_path, rng):
    like = like_image(smooth_image(rng, 16, 16), icc_profile=SRGB_ICC, exif=exif_bytes(1))
    assert read_image(write_image(tmp_path / "a.webp", like.rgb, like=like)).icc_profile == SRGB_ICC
    plain = read_image(write_image(tmp_path / "a.bmp", like.rgb, like=like))
    assert plain.icc_profile is None and plain.exif is None


def test_exif_sub_directories_survive_tiff(tmp_path, rng):
    exif = Image.Exif()
    exif[MAKE] = "TestCam"
    exif[0x8769] = {0x829A: 0.004, 0x9003: "2024:05:01 10:00:00"}  # ExposureTime, DateTimeOriginal
    like = like_image(smooth_image(rng, 8, 8), bit_depth=16, exif=exif.tobytes())
    out = write_image(tmp_path / "exif.tif", like.rgb, like=like)
    with Image.open(out) as written:
        sub = written.getexif().get_ifd(0x8769)
    assert sub[0x9003] == "2024:05:01 10:00:00" and float(sub[0x829A]) == pytest.approx(0.004)


def test_non_rgb_icc_profile_is_not_embedded(tmp_path, rng):
    grey_profile = SRGB_ICC[:16] + b"GRAY" + SRGB_ICC[20:]  # the header is what decides
    like = like_image(smooth_image(rng, 8, 8), icc_profile=grey_profile)
    assert read_image(write_image(tmp_path / "g.png", like.rgb, like=like)).icc_profile is None


# --- alpha ----------------------------------------------------------------------------------------


def test_alpha_8bit_passes_through(tmp_path, rng):
    rgba = np.dstack([to_uint(smooth_image(rng, 12, 14), 8), rng.integers(0, 256, (12, 14), dtype=np.uint8)])
    source = tmp_path / "rgba.png"
    Image.fromarray(rgba).save(source)
    loaded = read_image(source)
    assert loaded.alpha.dtype == np.uint8
    for suffix in (".png", ".tif", ".webp"):
        out = read_image(write_image(tmp_path / f"out{suffix}", loaded.rgb, like=loaded))
        np.testing.assert_array_equal(out.alpha, rgba[..., 3])
    widened = read_image(write_image(tmp_path / "wide.png", loaded.rgb, like=loaded, bit_depth=16))
    np.testing.assert_array_equal(widened.alpha, rgba[..., 3].astype(np.uint16) * 257)
    assert read_image(write_image(tmp_path / "out.jpg", loaded.rgb, like=loaded)).alpha is None


def test_alpha_16bit_passes_through_and_narrows_exactly(tmp_path, rng):
    alpha = random_16bit(rng, (10, 11))
    like = like_image(smooth_image(rng, 10, 11), alpha=alpha, bit_depth=16)
    for suffix in (".png", ".tif"):
        out = read_image(write_image(tmp_path / f"a16{suffix}", like.rgb, like=like))
        assert out.alpha.dtype == np.uint16
        np.testing.assert_array_equal(out.alpha, alpha)
    narrow = read_image(write_image(tmp_path / "a8.png", like.rgb, like=like, bit_depth=8)).alpha
    np.testing.assert_array_equal(narrow, np.rint(alpha / 257).astype(np.uint8))


def test_alpha_of_another_size_is_dropped(tmp_path, rng):
    like = like_image(smooth_image(rng, 10, 10), alpha=np.full((10, 10), 7, np.uint8))
    assert read_image(write_image(tmp_path / "crop.png", like.rgb[:8], like=like)).alpha is None


def test_tiff_alpha_is_marked_as_alpha(tmp_path, rng):
    like = like_image(smooth_image(rng, 6, 6), alpha=np.full((6, 6), 200, np.uint8))
    with Image.open(write_image(tmp_path / "alpha.tif", like.rgb, like=like)) as written:
        assert written.mode == "RGBA" and written.tag_v2[338] == (2,)  # ExtraSamples: unassociated alpha


# --- failures on writing -------------------------------------------------------------------------------


def test_existing_target_is_refused_unless_overwrite(tmp_path, rng):
    target = tmp_path / "out.png"
    target.write_bytes(b"precious")
    rgb = smooth_image(rng, 8, 8)
    with pytest.raises(ImageWriteError, match="already exists"):
        write_image(target, rgb)
    assert target.read_bytes() == b"precious"
    write_image(target, rgb, overwrite=True)
    assert read_image(target).size == (8, 8)


def test_writing_onto_the_input_is_refused_unless_overwrite(tmp_path, rng):
    source = write_image(tmp_path / "photo.png", smooth_image(rng, 8, 8))
    loaded = read_image(source)
    original = source.read_bytes()
    with pytest.raises(ImageWriteError, match="original"):
        write_image(tmp_path / "sub" / ".." / "photo.png", 1 - loaded.rgb, like=loaded)
    assert source.read_bytes() == original
    write_image(source, 1 - loaded.rgb, like=loaded, overwrite=True)
    np.testing.assert_allclose(read_image(source).rgb, 1 - loaded.rgb, atol=1 / 255)


@pytest.mark.parametrize(("suffix", "depth"), [(".jpg", 8), (".png", 16)])
def test_failed_write_leaves_no_partial_file_and_the_old_one_intact(tmp_path, rng, monkeypatch, suffix, depth):
    target = tmp_path / f"result{suffix}"
    target.write_bytes(b"the previous result")

    def disk_full(*args, **kwargs):
        if args and isinstance(args[-1], (str, Path)):  # Pillow's save: leave half a file behind first
            Path(args[-1]).write_bytes(b"half")
        raise OSError(errno.ENOSPC, "No space left on device")

    if suffix == ".jpg":
        monkeypatch.setattr(Image.Image, "save", lambda image, fp, **kw: disk_full(fp))
    else:
        monkeypatch.setattr(os, "fsync", disk_full)  # the whole file was written; flushing it fails
    with pytest.raises(ImageWriteError, match="disk is full") as failure:
        write_image(target, smooth_image(rng, 8, 8), bit_depth=depth, overwrite=True)
    assert "left unchanged" in str(failure.value)
    assert target.read_bytes() == b"the previous result"
    assert sorted(p.name for p in tmp_path.iterdir()) == [target.name]


def test_failed_write_of_a_new_file_leaves_nothing(tmp_path, rng, monkeypatch):
    denied = OSError(errno.EACCES, "denied")
    monkeypatch.setattr(core.image.metadata, "png_chunk", lambda *a: (_ for _ in ()).throw(denied))
    like = like_image(smooth_image(rng, 8, 8), icc_profile=SRGB_ICC)
    with pytest.raises(ImageWriteError, match="permission denied"):
        write_image(tmp_path / "new.png", like.rgb, like=like)
    assert list(tmp_path.iterdir()) == []


def test_bit_depth_and_format_rules(tmp_path, rng):
    rgb = smooth_image(rng, 8, 8)
    deep = like_image(rgb, bit_depth=16)
    with pytest.raises(ImageWriteError, match="8 bits"):
        write_image(tmp_path / "a.jpg", rgb, bit_depth=16)
    assert read_image(write_image(tmp_path / "same.jpg", rgb, like=deep, bit_depth="same")).bit_depth == 8
    assert read_image(write_image(tmp_path / "same.png", rgb, like=deep)).bit_depth == 16
    assert read_image(write_image(tmp_path / "eight.tif", rgb, like=deep, bit_depth=8)).bit_depth == 8
    assert read_image(write_image(tmp_path / "noext", rgb, format="png")).format == "PNG"
    assert read_image(write_image(tmp_path / "b.JPG", rgb, format="jpeg")).format == "JPEG"
    bad_calls = [
        dict(path=tmp_path / "c.png", format="jpg"),
        dict(path=tmp_path / "d.gif"),
        dict(path=tmp_path / "e.png", format="heic"),
        dict(path=tmp_path / "f.png", bit_depth=12),
        dict(path=tmp_path / "g.jpg", quality=0),
    ]
    for call in bad_calls:
        path = call.pop("path")
        with pytest.raises(ImageWriteError):
            write_image(path, rgb, **call)
        assert not path.exists()
    with pytest.raises(ImageWriteError, match="H×W×3"):
        write_image(tmp_path / "h.png", rgb[..., 0])
    with pytest.raises(ImageWriteError, match="float"):
        write_image(tmp_path / "i.png", to_uint(rgb, 8))


def test_jpeg_high_quality_uses_full_chroma(tmp_path, rng):
    rgb = smooth_image(rng, 16, 16)
    with Image.open(write_image(tmp_path / "fine.jpg", rgb, quality=95)) as fine:
        assert [layer[1:3] for layer in fine.layer] == [(1, 1)] * 3  # 4:4:4
    with Image.open(write_image(tmp_path / "small.jpg", rgb, quality=75)) as small:
        assert small.layer[0][1:3] == (2, 2)  # 4:2:0
