"""Batches, cancel, queueing during a run, and Export all, through the real worker thread."""

from __future__ import annotations

import time
from pathlib import Path

import numpy as np
import pytest

from aknet_gui.batch_dialog import BatchDialog
from aknet_gui.jobs import BatchFeed
from aknet_gui.main_window import MainWindow
from aknet_gui.scanner import FolderScanner
from aknet_gui.settings import OutputSettings
from core.batch import InputItem
from core.image.read import read_image
from core.progress import Status
from tests.gui.conftest import RUN_TIMEOUT_MS, use_weights, wait_idle, write_photo

pytestmark = pytest.mark.gui


def part_files(folder: Path) -> list[Path]:
    return [p for p in folder.rglob("*") if ".part" in p.name]


def test_batch_goes_on_past_a_corrupt_file_and_an_unwritable_target(
    qtbot, window: MainWindow, reference_weights, tmp_path, rng
):
    source = tmp_path / "shoot"
    (source / "day2").mkdir(parents=True)
    write_photo(source / "a.png", rng)
    write_photo(source / "b.jpg", rng)
    (source / "broken.png").write_bytes(b"\x89PNG\r\n\x1a\n" + b"garbage" * 20)
    write_photo(source / "day2" / "c.png", rng)
    output = tmp_path / "restored"
    output.mkdir()
    (output / "day2").write_text("a file where the day2 folder should go")  # fails even as root
    use_weights(qtbot, window, reference_weights)
    reports: list[tuple[str, str]] = []
    window.controller.runFinished.connect(lambda kind, report: reports.append((kind, report)))

    settings = OutputSettings(folder=str(output), template="{name}_{task}", format="png", skip_existing=False)
    window.controller.start_batch([source], recursive=True, output=settings)
    assert window.controller.busy() and window.actions.cancel.isEnabled()
    qtbot.waitUntil(lambda: bool(reports), timeout=RUN_TIMEOUT_MS)

    kind, report = reports[0]
    assert kind == "batch"
    assert report.startswith("2 restored, 2 failed.")
    assert "broken.png" in report and "c.png" in report
    assert sorted(p.name for p in output.iterdir()) == ["a_dehaze.png", "b_dehaze.png", "day2"]
    assert read_image(output / "b_dehaze.png").rgb.shape == (48, 64, 3)
    assert not part_files(tmp_path)
    statuses = {e.path.name: e.status for e in window.session.entries.values()}
    assert statuses == {"a.png": Status.DONE, "b.jpg": Status.DONE, "broken.png": Status.FAILED, "c.png": Status.FAILED}
    broken = next(e for e in window.session.entries.values() if e.path.name == "broken.png")
    assert broken.message and "Failed" in window.image_list.item(window.session.order.index(broken.id)).text()
    assert window.notice.isVisible() and "2 failed" in window.notice.text.text()

    # A batch result is shown from its file, which already has the strength it was written with.
    done = next(e for e in window.session.entries.values() if e.path.name == "a.png")
    window.image_list.select_entry(done.id)
    qtbot.waitUntil(lambda: window.compare.restored is not None, timeout=10_000)
    assert not window.actions.strength.isEnabled() and window.compare.strength == 1.0
    assert not window.actions.save.isEnabled()  # nothing in memory to save: the file is the result

    # Again with skip-existing: the finished files are skipped, the failures fail again.
    reports.clear()
    settings.skip_existing = True
    window.controller.start_batch([source], recursive=True, output=settings)
    qtbot.waitUntil(lambda: bool(reports), timeout=RUN_TIMEOUT_MS)
    assert reports[0][1].startswith("0 restored, 2 skipped, 2 failed.")


def test_cancel_stops_within_a_second_and_leaves_no_partial_file(
    qtbot, window: MainWindow, reference_weights, tmp_path, rng
):
    source = tmp_path / "in"
    source.mkdir()
    for name in ("a.png", "b.png", "c.png"):
        write_photo(source / name, rng, 256, 320)
    output = tmp_path / "out"
    use_weights(qtbot, window, reference_weights)
    controller = window.controller
    progress: list[float] = []
    controller.progressChanged.connect(lambda fraction, text: progress.append(fraction))

    controller.start_batch([source], recursive=False, output=OutputSettings(folder=str(output)))
    qtbot.waitUntil(lambda: any(0.02 < f < 1 / 3 for f in progress), timeout=RUN_TIMEOUT_MS)
    assert window.progress.isVisible() and window.progress_text.text().startswith("Batch 1 of 3")
    started = time.perf_counter()
    window.actions.cancel.trigger()
    qtbot.waitUntil(lambda: not controller.busy(), timeout=10_000)
    latency = time.perf_counter() - started
    assert latency <= 1.0, f"cancel took {latency:.2f} s"
    assert {e.status for e in window.session.entries.values()} == {Status.CANCELLED}
    assert not output.exists() or not any(output.iterdir())
    assert not part_files(tmp_path)
    assert window.actions.restore_all.isEnabled() and not window.actions.cancel.isEnabled()


def test_cancelling_a_single_restore_stops_the_model_within_a_second(
    qtbot, window: MainWindow, reference_weights, tmp_path, rng
):
    use_weights(qtbot, window, reference_weights)
    window.open_paths([write_photo(tmp_path / "large.png", rng, 256, 320)])
    qtbot.waitUntil(lambda: window.session.original is not None, timeout=10_000)
    controller = window.controller
    progress: list[float] = []  # what the model itself reports (the run's bar ends at 1.0 either way)
    controller.worker.progressChanged.connect(lambda entry, fraction, text: progress.append(fraction))
    window.actions.restore.trigger()
    qtbot.waitUntil(lambda: any(0.02 < f < 0.5 for f in progress), timeout=RUN_TIMEOUT_MS)
    started = time.perf_counter()
    window.actions.cancel.trigger()
    qtbot.waitUntil(lambda: not controller.busy(), timeout=RUN_TIMEOUT_MS)
    latency = time.perf_counter() - started
    entry = window.session.current_entry()
    assert entry.status == Status.CANCELLED and window.compare.restored is None
    assert max(progress) < 0.9, "the model ran on to the end after the cancel"
    assert latency <= 1.0, f"cancel took {latency:.2f} s"
    assert not part_files(tmp_path)


@pytest.mark.parametrize("worker_done", [False, True], ids=["while-it-runs", "as-the-worker-ends-it"])
def test_files_dropped_during_a_batch_join_it(
    qtbot, window: MainWindow, reference_weights, tmp_path, rng, worker_done: bool
):
    source = tmp_path / "in"
    source.mkdir()
    write_photo(source / "first.png", rng, 128, 160)
    late = write_photo(tmp_path / "late.png", rng)
    output = tmp_path / "out"
    use_weights(qtbot, window, reference_weights)
    reports: list[str] = []
    window.controller.runFinished.connect(lambda kind, report: reports.append(report))
    window.controller.start_batch([source], recursive=False, output=OutputSettings(folder=str(output)))
    run = window.controller.run
    if worker_done:  # the worker found no photo waiting and closed its feed: the late one needs a job of its own
        qtbot.waitUntil(lambda: run.feed is not None and bool(run.feed.entries), timeout=10_000)
        first_feed = run.feed
        first_feed.close()
    window.open_paths([late])
    qtbot.waitUntil(lambda: len(run.entries) == 2, timeout=10_000)
    qtbot.waitUntil(lambda: bool(reports), timeout=RUN_TIMEOUT_MS)
    assert reports[0].startswith("2 restored.")
    assert sorted(p.name for p in output.iterdir()) == ["first_dehaze.png", "late_dehaze.png"]
    if worker_done:
        assert run.feed is not first_feed


def test_a_batch_feed_hands_out_photos_until_it_finds_none_waiting(tmp_path):
    feed = BatchFeed()
    assert feed.add(7, InputItem(tmp_path / "a.png"))
    taken = []
    for item in feed:
        taken.append(item.path.name)
        if len(taken) == 1:
            assert feed.add(9, InputItem(tmp_path / "b.png"))  # dropped during the batch: it joins
    assert taken == ["a.png", "b.png"] and feed.entries == [7, 9]
    assert not feed.add(11, InputItem(tmp_path / "c.png"))  # the worker is done with it: a new job is needed
    other = BatchFeed()
    other.add(1, InputItem(tmp_path / "d.png"))
    assert [entry for entry, _ in other.close()] == [1] and not other.add(2, InputItem(tmp_path / "e.png"))


def test_restore_all_then_export_all(qtbot, window: MainWindow, reference_weights, tmp_path, rng):
    photos = [write_photo(tmp_path / name, rng) for name in ("x.png", "y.jpg")]
    use_weights(qtbot, window, reference_weights)
    window.open_paths(photos)
    window.actions.restore_all.trigger()
    wait_idle(qtbot, window)
    assert all(e.status == Status.DONE for e in window.session.entries.values())
    assert window.actions.export_all.isEnabled()
    window.settings.output = OutputSettings(template="{name}-{task}", format="tif", skip_existing=True)
    exported = tmp_path / "export"
    window.controller.export_all(exported)
    wait_idle(qtbot, window)
    assert sorted(p.name for p in exported.iterdir()) == ["x-dehaze.tif", "y-dehaze.tif"]
    assert read_image(exported / "y-dehaze.tif").bit_depth == 16

    # Named like the originals, beside them: neither Export all nor a batch writes over a photo, with or
    # without skip-existing; each says why.
    before = [p.read_bytes() for p in photos]
    reports: list[str] = []
    window.controller.runFinished.connect(lambda kind, report: reports.append(report))
    for skip in (True, False):
        window.settings.output = OutputSettings(template="{name}", skip_existing=skip)
        window.controller.export_all()
        wait_idle(qtbot, window)
        window.controller.start_batch(photos, False, OutputSettings(template="{name}", skip_existing=skip))
        wait_idle(qtbot, window)
    assert [p.read_bytes() for p in photos] == before
    assert len(reports) == 4 and all(r.startswith("0 restored") and "2 failed" in r for r in reports), reports
    assert all("would replace the original photo" in e.message for e in window.session.entries.values())


def test_batch_dialog_checks_its_fields(qtbot, tmp_path, rng):
    source = tmp_path / "in"
    source.mkdir()
    write_photo(source / "dune.png", rng)
    scanner = FolderScanner()
    output = OutputSettings(folder=str(tmp_path / "o"))
    dialog = BatchDialog("Dehaze", "dehaze", 0.8, str(source), False, output, scanner)
    qtbot.addWidget(dialog)
    qtbot.waitUntil(dialog.start.isEnabled, timeout=10_000)  # once the folder's images are counted
    assert "1 image(s) found" in dialog.found.text()
    assert "dune.png → dune_dehaze.png" in dialog.options.example.text()
    dialog.options.format.setCurrentIndex(dialog.options.format.findData("jpg"))
    assert dialog.options.quality.isEnabled()
    assert "dune_dehaze.jpg" in dialog.options.example.text()
    dialog.options.template.setText("{name}_{colour}")
    assert not dialog.start.isEnabled()
    assert "unknown field" in dialog.start.toolTip()
    dialog.options.template.setText("{name}")
    dialog.input_folder.setText(str(tmp_path / "nowhere"))
    assert not dialog.start.isEnabled()
    dialog.input_folder.setText(str(source))
    qtbot.waitUntil(dialog.start.isEnabled, timeout=10_000)
    assert dialog.output().template == "{name}" and dialog.output().format == "jpg"
    (source / "dune.png").unlink()
    dialog.recursive_box.setChecked(True)
    qtbot.waitUntil(lambda: "0 image(s)" in dialog.found.text(), timeout=10_000)
    assert not dialog.start.isEnabled() and "no images" in dialog.start.toolTip()
    scanner.shutdown()


def test_batch_files_are_written_at_the_strength_chosen(qtbot, window: MainWindow, tmp_path, rng):
    photo = write_photo(tmp_path / "haze.png", rng)
    window.controller.engine.set_task("classic-dehaze")
    qtbot.waitUntil(window.controller.engine.ready, timeout=RUN_TIMEOUT_MS)
    written = {}
    for percent in (100, 40):
        window.actions.strength.setValue(percent)
        output = tmp_path / f"at{percent}"
        window.controller.start_batch([photo], recursive=False, output=OutputSettings(folder=str(output)))
        wait_idle(qtbot, window)
        written[percent] = read_image(output / "haze_classic-dehaze.png").rgb
    original = read_image(photo).rgb
    expected = original + 0.4 * (written[100] - original)
    assert np.abs(written[40] - expected).max() <= 1.5 / 255
    assert np.abs(written[40] - written[100]).max() > 4 / 255  # the strength really changed the file


def test_a_file_with_several_frames_says_only_the_first_was_restored(qtbot, window: MainWindow, tmp_path, rng):
    from PIL import Image

    pages = [Image.fromarray((rng.random((24, 32, 3)) * 255).astype(np.uint8)) for _ in range(3)]
    source = tmp_path / "scan.tif"
    pages[0].save(source, save_all=True, append_images=pages[1:])
    window.controller.engine.set_task("classic-dehaze")
    qtbot.waitUntil(window.controller.engine.ready, timeout=RUN_TIMEOUT_MS)
    notices: list[str] = []
    window.controller.noticeRaised.connect(lambda level, message: notices.append(message))
    window.open_paths([source])
    qtbot.waitUntil(lambda: window.session.original is not None, timeout=10_000)
    window.actions.restore.trigger()
    qtbot.waitUntil(lambda: not window.controller.busy(), timeout=RUN_TIMEOUT_MS)
    assert "scan.tif: the file holds 3 frames; only the first was restored." in notices
    notices.clear()
    reports: list[str] = []
    window.controller.runFinished.connect(lambda kind, report: reports.append(report))
    window.controller.start_batch([source], False, OutputSettings(folder=str(tmp_path / "out")))
    qtbot.waitUntil(lambda: bool(reports), timeout=RUN_TIMEOUT_MS)
    assert "scan.tif: the file holds 3 frames; only the first was restored." in notices
    assert "only the first was restored" in reports[0]
