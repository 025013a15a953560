"""The `aknet` command line, run in-process through its main() on real files."""

from __future__ import annotations

import json
import re

import numpy as np
import pytest

from core.cli import main
from core.image.read import read_image
from core.image.write import write_image
from tests.conftest import smooth_image


@pytest.fixture
def photos(tmp_path, rng):
    folder = tmp_path / "in"
    folder.mkdir()
    for name in ("a.png", "b.jpg"):
        write_image(folder / name, smooth_image(rng, 36, 52))
    return folder


def test_restore_16_bit_png_to_16_bit_png(tmp_path, rng, reference_weights):
    source = tmp_path / "deep.png"
    write_image(source, smooth_image(rng, 40, 44), bit_depth=16)
    target = tmp_path / "deep_out.png"
    status = main(["restore", str(source), "-o", str(target), "--weights", str(reference_weights), "--device", "cpu"])
    assert status == 0
    restored = read_image(target)
    assert restored.bit_depth == 16 and restored.rgb.shape == (40, 44, 3)
    levels = np.unique(np.round(restored.rgb * 65535))
    assert (levels % 257 != 0).any()  # real 16-bit values, not 8-bit ones scaled up


def test_folder_batch_goes_on_past_a_corrupt_file_and_fails_overall(tmp_path, photos, reference_weights, capsys):
    (photos / "broken.jpg").write_bytes(b"\xff\xd8\xff\xe0 definitely not a jpeg")
    out = tmp_path / "out"
    status = main(["restore", str(photos), "-o", str(out), "--weights", str(reference_weights), "--device", "cpu"])
    assert status == 1
    assert sorted(p.name for p in out.iterdir()) == ["a_dehaze.png", "b_dehaze.jpg"]
    err = capsys.readouterr().err
    assert "2 restored, 0 skipped, 1 failed" in err
    assert "FAILED" in err and "broken.jpg" in err
    assert (photos / "broken.jpg").read_bytes().startswith(b"\xff\xd8")  # the input is untouched


def test_folder_batch_goes_on_past_an_unexpected_error(tmp_path, photos, monkeypatch, capsys):
    """A bug that strikes one photo fails that photo, with a reason to report; the others are restored."""
    from core.dark_channel import ClassicDehazer

    class FailsAfterTheFirst(ClassicDehazer):
        calls = 0

        def restore(self, image, progress=None, cancel=None):
            self.calls += 1
            if self.calls > 1:
                raise ValueError("a bug")
            return super().restore(image, progress, cancel)

    engine = FailsAfterTheFirst()
    monkeypatch.setattr("core.engine.create_restorer", lambda *args, **kwargs: engine)
    out = tmp_path / "out"
    assert main(["restore", str(photos), "-o", str(out), "--task", "classic-dehaze"]) == 1
    err = capsys.readouterr().err
    assert "Unexpected error (ValueError: a bug)" in err and "AKNET_DEBUG" in err and "Traceback" not in err
    assert [p.name for p in out.iterdir()] == ["a_classic-dehaze.png"]
    monkeypatch.setenv("AKNET_DEBUG", "1")
    assert main(["restore", str(photos / "b.jpg"), "-o", str(out)]) == 1
    assert "Traceback" in capsys.readouterr().err


def test_existing_outputs_are_kept_unless_overwrite(tmp_path, photos, reference_weights, capsys):
    out = tmp_path / "out"
    args = ["restore", str(photos / "a.png"), "-o", str(out), "--weights", str(reference_weights), "--device", "cpu"]
    assert main(args) == 0
    result = out / "a_dehaze.png"
    restored = result.read_bytes()
    earlier = write_image(out / "earlier.png", np.zeros((36, 52, 3), np.float32)).read_bytes()
    result.write_bytes(earlier)  # an earlier output, told apart from a fresh restoration by its bytes
    capsys.readouterr()
    assert main(args) == 1  # refuses to replace
    assert result.read_bytes() == earlier and "a_dehaze.png already exists" in capsys.readouterr().err
    assert main([*args, "--skip-existing"]) == 0
    assert result.read_bytes() == earlier and "0 restored, 1 skipped, 0 failed" in capsys.readouterr().err
    assert main([*args, "--overwrite"]) == 0
    assert result.read_bytes() == restored and "1 restored, 0 skipped, 0 failed" in capsys.readouterr().err


@pytest.mark.parametrize("flags", [[], ["--overwrite"], ["--overwrite", "--skip-existing"]])
def test_originals_are_never_replaced_without_saying_so(tmp_path, photos, flags, capsys):
    photo = photos / "a.png"
    before = photo.read_bytes()
    args = ["restore", str(photo), "-o", str(photo), "--task", "classic-dehaze", *flags]
    assert main(args) == 1
    assert photo.read_bytes() == before and "would replace the original photo" in capsys.readouterr().err
    # A folder batch whose template names each output like its input: the same rule for every file.
    assert (
        main(["restore", str(photos), "-o", str(photos), "--template", "{name}", "--task", "classic-dehaze", *flags])
        == 1
    )
    assert photo.read_bytes() == before and "2 failed" in capsys.readouterr().err


def test_replace_originals_writes_over_the_inputs_when_asked_in_words(tmp_path, photos):
    photo = photos / "a.png"
    before = read_image(photo).rgb
    assert main(["restore", str(photos), "-o", str(photos), "--template", "{name}", "--task", "classic-dehaze",
                 "--replace-originals"]) == 0  # fmt: skip
    after = read_image(photo)
    assert after.rgb.shape == before.shape and np.abs(after.rgb - before).mean() > 0.01  # restored in place
    assert sorted(p.name for p in photos.iterdir()) == ["a.png", "b.jpg"]  # nothing else written or left over


def test_format_and_template_options(tmp_path, photos, reference_weights):
    out = tmp_path / "out"
    argv = ["restore", str(photos), "-o", str(out), "--weights", str(reference_weights), "--device", "cpu"]
    assert main([*argv, "--format", "tif", "--bit-depth", "16", "--template", "{task}-{name}"]) == 0
    names = sorted(p.name for p in out.iterdir())
    assert names == ["dehaze-a.tif", "dehaze-b.tif"]
    assert read_image(out / "dehaze-a.tif").bit_depth == 16


def test_task_without_weights_says_so_plainly(tmp_path, photos, capsys, without_weights):
    without_weights("defocus")
    status = main(["restore", str(photos / "a.png"), "-o", str(tmp_path / "x.png"), "--task", "defocus"])
    assert status == 2
    assert "No trained weights are bundled for Defocus deblur" in capsys.readouterr().err
    assert not (tmp_path / "x.png").exists()


def test_wrong_checkpoint_is_a_clear_error(tmp_path, photos, capsys):
    bad = tmp_path / "bad.pth"
    bad.write_bytes(b"nope")
    assert main(["restore", str(photos), "-o", str(tmp_path / "o"), "--weights", str(bad)]) == 2
    assert "bad.pth is not a readable PyTorch checkpoint" in capsys.readouterr().err


def test_missing_input_is_reported(tmp_path, photos, reference_weights, capsys):
    out = tmp_path / "o"
    argv = ["restore", str(photos / "a.png"), str(tmp_path / "nope.jpg"), "-o", str(out)]
    assert main([*argv, "--weights", str(reference_weights), "--device", "cpu"]) == 1
    assert "nope.jpg: no such file or folder" in capsys.readouterr().err
    assert (out / "a_dehaze.png").exists()


def test_info_describes_the_system(capsys):
    from core.cpu_features import describe_cpu

    assert main(["info", "--system"]) == 0
    out = capsys.readouterr().out
    cpu = describe_cpu()
    assert f"CPU:           {cpu['model']}" in out and "Restorer:" in out and "cpu (CPU" in out
    assert all(unit in out for unit in cpu["units"])
    from core.huge_pages import huge_pages_state

    assert f"Huge pages:    {huge_pages_state()}" in out
    assert main(["info"]) == 2 and "--system" in capsys.readouterr().err


def test_info_describes_a_checkpoint(reference_weights, capsys):
    assert main(["info", str(reference_weights), "--json"]) == 0
    info = json.loads(capsys.readouterr().out)
    assert info["format"] == "published"
    assert info["architecture"] == {"base_channels": 32, "num_blocks": 4, "kernel_size": 63}
    assert info["parameters"] == 4_025_037


def test_bench_reports_time_throughput_and_memory(reference_weights, capsys):
    argv = ["bench", "--size", "64x48", "--weights", str(reference_weights), "--device", "cpu", "--repeats", "1"]
    assert main([*argv, "--json", "--inline"]) == 0
    (result,) = json.loads(capsys.readouterr().out)
    assert result["width"] == 64 and result["height"] == 48
    assert result["seconds_median"] > 0 and result["megapixels_per_second"] > 0 and result["peak_rss_mb"] > 50


def test_bad_device_is_a_clear_error(tmp_path, photos, reference_weights, capsys):
    argv = ["restore", str(photos), "-o", str(tmp_path / "o"), "--weights", str(reference_weights)]
    assert main([*argv, "--device", "cuda:7"]) == 2
    assert re.search(r"error: .*(No CUDA GPU is available|cuda:7)", capsys.readouterr().err)
    assert not (tmp_path / "o").exists()
