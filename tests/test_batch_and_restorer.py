"""Batch helpers (inputs, naming, failures) and the restorer's padding, progress, cancel and fallbacks."""

from __future__ import annotations

import os

import numpy as np
import pytest
import torch
from PIL import Image

from core.atomic import same_file
from core.batch import InputItem, OutputOptions, collect_inputs, output_path_for, restore_file, run_batch
from core.errors import AKNetError, CancelledError, DeviceError, OutOfMemoryError
from core.image.read import read_image
from core.image.write import write_image
from core.progress import CancelToken, EtaEstimator, Status, format_seconds
from core.restorer import Restorer, pad_to_multiple, parse_tile
from core.tiled.planner import WHOLE_BYTES_PER_PIXEL
from tests.conftest import smooth_image


@pytest.fixture(scope="module")
def restorer(reference_weights):
    return Restorer(reference_weights, device="cpu", tile="off")


def test_collect_inputs_filters_recurses_and_reports(tmp_path, rng):
    (tmp_path / "sub" / "deeper").mkdir(parents=True)
    for path in ("a.png", "sub/b.jpg", "sub/deeper/c.tif", ".hidden/d.png"):
        (tmp_path / path).parent.mkdir(parents=True, exist_ok=True)
        write_image(tmp_path / path, smooth_image(rng, 8, 8))
    (tmp_path / "notes.txt").write_text("not an image")
    flat, problems = collect_inputs([tmp_path])
    assert [i.path.name for i in flat] == ["a.png"] and not problems
    deep, _ = collect_inputs([tmp_path], recursive=True)
    assert sorted((str(i.relative_dir), i.path.name) for i in deep) == [
        (".", "a.png"), ("sub", "b.jpg"), ("sub/deeper", "c.tif"),
    ]  # fmt: skip
    _, problems = collect_inputs([tmp_path / "notes.txt", tmp_path / "missing.png"])
    assert [p.error for p in problems] == ["not a supported image type", "no such file or folder"]


def test_output_names_follow_template_format_and_folders(tmp_path):
    item = InputItem(tmp_path / "in" / "sub" / "Photo.JPG", relative_dir=tmp_path.joinpath("sub").relative_to(tmp_path))
    options = OutputOptions(folder=tmp_path / "out", template="{name}_{task}", format="same")
    assert output_path_for(item, options, "dehaze") == tmp_path / "out" / "sub" / "Photo_dehaze.jpg"
    options = OutputOptions(folder=None, template="{task}-{name}-{ext}", format="tif")
    assert output_path_for(item, options, "desnow") == tmp_path / "in" / "sub" / "desnow-Photo-jpg.tif"


@pytest.mark.parametrize("template", ["{name}_{when}", "{name", "sub/{name}", ""])
def test_bad_templates_are_refused(template):
    with pytest.raises(AKNetError):
        OutputOptions(template=template)


def test_restore_file_never_replaces_the_original(tmp_path, rng, restorer):
    source = tmp_path / "photo.png"
    write_image(source, smooth_image(rng, 20, 24))
    before = source.read_bytes()
    for options in (OutputOptions(), OutputOptions(overwrite=True), OutputOptions(overwrite=True, skip_existing=True)):
        result = restore_file(restorer, source, source, options)
        assert result.status == Status.FAILED and "would replace the original photo" in result.error
    os.link(source, tmp_path / "linked.png")  # another name for the same file is the original too
    result = restore_file(restorer, source, tmp_path / "linked.png", OutputOptions())
    assert result.status == Status.FAILED and "original" in result.error
    assert source.read_bytes() == before
    assert same_file(source, tmp_path / "linked.png") and same_file(tmp_path / "new.png", tmp_path / "sub/../new.png")
    assert not same_file(source, tmp_path / "new.png")
    # Only when asked in so many words, and then atomically, from what was read.
    result = restore_file(restorer, source, source, OutputOptions(replace_originals=True, skip_existing=True))
    assert result.status == Status.DONE and source.read_bytes() != before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["linked.png", "photo.png"]


def test_batch_goes_on_past_failures_and_cancel_marks_the_rest(tmp_path, rng, restorer):
    folder = tmp_path / "in"
    folder.mkdir()
    for name in ("a.png", "c.png", "d.png"):
        write_image(folder / name, smooth_image(rng, 16, 20))
    (folder / "b.png").write_bytes(b"\x89PNG\r\n\x1a\n truncated")
    items, _ = collect_inputs([folder])
    options = OutputOptions(folder=tmp_path / "out")
    token = CancelToken()
    seen = []

    def on_item(index, result):
        seen.append((index, result.status))
        if len(seen) == 3:
            token.cancel()

    summary = run_batch(restorer, items, options, "dehaze", cancel=token, on_item=on_item)
    assert [r.status for r in summary.results] == ["done", "failed", "done", "cancelled"]  # a Status is its string
    assert [f"{r.status}" for r in summary.results] == ["done", "failed", "done", "cancelled"]
    assert [index for index, _ in seen] == [0, 1, 2, 3]
    assert "b.png" in summary.report() and "2 restored, 1 failed, 1 cancelled" in summary.report()
    assert summary.report(all_counts=True).startswith("2 restored, 0 skipped, 1 failed, 1 cancelled.")
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["a_dehaze.png", "c_dehaze.png"]


def test_batch_takes_items_added_while_it_runs_and_reports_each_files_progress(tmp_path, rng, restorer):
    for name in ("a.png", "b.png"):
        write_image(tmp_path / name, smooth_image(rng, 16, 20))
    items = [InputItem(tmp_path / "a.png", output=tmp_path / "named.png")]  # a named output beats the options
    progress: dict[int, list[float]] = {}

    def on_start(index, item):
        if index == 0:
            items.append(InputItem(tmp_path / "b.png"))  # dropped during the batch
        return lambda fraction, message: progress.setdefault(index, []).append(fraction)

    summary = run_batch(restorer, items, OutputOptions(folder=tmp_path / "out"), "dehaze", on_start=on_start)
    assert [r.output for r in summary.results] == [tmp_path / "named.png", tmp_path / "out" / "b_dehaze.png"]
    assert sorted(progress) == [0, 1] and all(values[-1] == 1.0 for values in progress.values())
    assert summary.ok and summary.report() == "2 restored."


def test_batch_ends_on_an_unexpected_error_unless_told_how_to_report_it(tmp_path, rng):
    class Broken:
        def restore(self, image, progress=None, cancel=None):
            raise ValueError("a bug")

    write_image(tmp_path / "a.png", smooth_image(rng, 16, 20))
    items = [InputItem(tmp_path / "a.png"), InputItem(tmp_path / "a.png", output=tmp_path / "again.png")]
    with pytest.raises(ValueError):
        run_batch(Broken(), items, OutputOptions(), "dehaze")
    summary = run_batch(Broken(), items, OutputOptions(), "dehaze", unexpected=lambda exc: f"bug: {exc}")
    assert [(r.status, r.error) for r in summary.results] == [(Status.FAILED, "bug: a bug")] * 2
    assert "2 failed" in summary.report() and not list(tmp_path.glob("*_dehaze.png"))


def test_padding_reflects_bottom_right_only_when_needed():
    image = torch.arange(2 * 3 * 5 * 6, dtype=torch.float32).view(2, 3, 5, 6)
    padded = pad_to_multiple(image)
    assert padded.shape[-2:] == (8, 8)
    assert torch.equal(padded[..., :5, :6], image)
    assert torch.equal(padded[..., 5, :6], image[..., 3, :])  # reflect, not replicate
    assert pad_to_multiple(padded) is padded
    assert pad_to_multiple(torch.zeros(1, 3, 1, 2)).shape[-2:] == (8, 8)  # the network's smallest input
    assert pad_to_multiple(torch.zeros(1, 3, 12, 3)).shape[-2:] == (12, 8)


@pytest.mark.parametrize("height,width", [(1, 1), (1, 9), (3, 2), (2, 41), (7, 7)])
def test_tiny_images_are_restored_at_their_size(restorer, rng, height, width):
    image = rng.random((height, width, 3), dtype=np.float32)
    restored = restorer.restore(image)
    assert restored.shape == image.shape and np.isfinite(restored).all()


@pytest.mark.parametrize("value,expected", [("auto", "auto"), ("OFF", "off"), ("512", 512), (130, 128)])
def test_parse_tile(value, expected):
    assert parse_tile(value) == expected


@pytest.mark.parametrize("value", ["big", "16", -4])
def test_parse_tile_rejects(value):
    with pytest.raises(AKNetError):
        parse_tile(value)


def test_whole_image_progress_and_cancel(restorer, rng):
    image = smooth_image(rng, 24, 32)
    fractions = []
    restorer.restore(image, progress=lambda f, m: fractions.append(f))
    assert fractions == sorted(fractions) and fractions[-1] == pytest.approx(1.0) and len(fractions) > 10
    token = CancelToken()
    token.cancel()
    with pytest.raises(CancelledError):
        restorer.restore(image, cancel=token)


def test_unavailable_devices_are_clear_errors(reference_weights):
    with pytest.raises(DeviceError):
        Restorer(reference_weights, device="cuda:3")
    with pytest.raises(DeviceError, match="not a device name"):
        Restorer(reference_weights, device="tpu9")


def test_gpu_out_of_memory_retries_in_tiles_then_on_the_cpu(restorer, rng, monkeypatch):
    """The fallback chain, with the GPU simulated: whole image OOM → tiles OOM → CPU."""
    attempts = []

    def fake_run(padded, model, device, plan, progress, cancel):  # the real planner chose `plan`
        attempts.append((device.type, "whole" if plan.whole else "tiles"))
        if device.type == "cuda":
            raise torch.cuda.OutOfMemoryError("simulated")
        return padded.clone()

    monkeypatch.setattr(restorer, "_run", fake_run)
    monkeypatch.setattr(restorer, "device", torch.device("cuda", 0))
    monkeypatch.setattr(restorer, "tile", "auto")
    monkeypatch.setattr(restorer, "max_memory", 2 * WHOLE_BYTES_PER_PIXEL * 16 * 16)  # fits whole, not in ¼
    monkeypatch.setattr(restorer, "_release_memory", lambda: None)
    monkeypatch.setattr(restorer, "_tiles_from_pixels", float("inf"))
    monkeypatch.setattr(restorer, "_cpu_from_pixels", float("inf"))
    monkeypatch.setattr("core.restorer.describe_device", lambda device: str(device))
    restorer.restore(smooth_image(rng, 16, 16))
    assert attempts == [("cuda", "whole"), ("cuda", "tiles"), ("cpu", "whole")]
    assert restorer.last_report.fallback == "The GPU ran out of memory; restored on the CPU."
    # the next photo as large goes straight to the CPU; a smaller one tries the GPU again
    attempts.clear()
    restorer.restore(smooth_image(rng, 16, 16))
    assert attempts == [("cpu", "whole")] and "before" in restorer.last_report.fallback
    attempts.clear()
    restorer.restore(smooth_image(rng, 8, 8))
    assert attempts[0] == ("cuda", "whole")


def test_cpu_out_of_memory_retries_in_tiles_then_gives_a_clear_error(restorer, rng, monkeypatch):
    attempts = []

    def fake_run(padded, model, device, plan, progress, cancel):
        attempts.append("whole" if plan.whole else "tiles")
        raise RuntimeError("[enforce fail at alloc_cpu.cpp:117] DefaultCPUAllocator: can't allocate memory")

    monkeypatch.setattr(restorer, "_run", fake_run)
    monkeypatch.setattr(restorer, "tile", "auto")
    monkeypatch.setattr(restorer, "max_memory", 2 * WHOLE_BYTES_PER_PIXEL * 8 * 8)
    monkeypatch.setattr(restorer, "_tiles_from_pixels", float("inf"))
    with pytest.raises(OutOfMemoryError, match="even in tiles on the CPU"):
        restorer.restore(smooth_image(rng, 8, 8))
    assert attempts == ["whole", "tiles"]
    assert restorer.last_report is None


def test_eta_and_time_formatting():
    clock = iter([0.0, 10.0, 10.0]).__next__
    eta = EtaEstimator(clock=clock)
    assert eta.seconds_left(0.25) == pytest.approx(30.0)
    assert eta.seconds_left(0.001) is None
    assert [format_seconds(s) for s in (None, 12.4, 185, 3725)] == ["", "12 s", "3 min 05 s", "1 h 02 min"]


def test_restored_output_is_clamped_and_same_size(restorer, rng):
    image = smooth_image(rng, 13, 17)
    restored = restorer.restore(image)
    assert restored.shape == image.shape and restored.dtype == np.float32
    assert restored.min() >= 0 and restored.max() <= 1


def test_strength_blends_restored_with_original(tmp_path, rng, restorer):
    source = tmp_path / "photo.png"
    original = smooth_image(rng, 20, 24)
    write_image(source, original, bit_depth=16)
    full = restore_file(restorer, source, tmp_path / "full.png", OutputOptions(bit_depth=16))
    half = restore_file(restorer, source, tmp_path / "half.png", OutputOptions(bit_depth=16, strength=0.5))
    none = restore_file(restorer, source, tmp_path / "none.png", OutputOptions(bit_depth=16, strength=0.0))
    assert full.status == half.status == none.status == Status.DONE
    restored, blended, untouched = (read_image(tmp_path / n).rgb for n in ("full.png", "half.png", "none.png"))
    assert np.abs(untouched - original).max() <= 1 / 65535
    assert np.abs(blended - (original + restored) / 2).max() <= 2 / 65535
    with pytest.raises(AKNetError, match="Strength"):
        OutputOptions(strength=1.5)


@pytest.mark.parametrize("grey", [True, False], ids=["greyscale", "colour"])
def test_a_greyscale_photo_comes_back_grey(tmp_path, rng, restorer, grey):
    # The network's three output channels differ a little; on a black-and-white photo that is a colour cast.
    source = tmp_path / "photo.png"
    picture = smooth_image(rng, 24, 28)
    if grey:
        Image.fromarray((picture.mean(axis=2) * 255).round().astype(np.uint8), mode="L").save(source)
    else:
        write_image(source, picture)
    result = restore_file(restorer, source, tmp_path / "out.png", OutputOptions(template="{name}"))
    assert result.status == Status.DONE, result.error
    restored = read_image(result.output).rgb
    channels_equal = np.array_equal(restored[..., 0], restored[..., 1]) and np.array_equal(
        restored[..., 1], restored[..., 2]
    )
    assert channels_equal == grey
