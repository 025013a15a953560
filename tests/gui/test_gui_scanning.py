"""Opening folders: they are walked off the UI thread, images are listed in the order opened, and a batch
can be cancelled while its photos are still being looked for."""

from __future__ import annotations

import time

import pytest

import aknet_gui.scanner
from aknet_gui.main_window import MainWindow
from aknet_gui.settings import OutputSettings
from tests.gui.conftest import ENGINE_TIMEOUT_MS, STALL_LIMIT_MS, StallProbe, write_photo

pytestmark = pytest.mark.gui

WALK_SECONDS = 1.0  # how long walking a folder takes in these tests (a large tree on a slow disk)


@pytest.fixture
def slow_walks(monkeypatch) -> None:
    """Every folder scan takes WALK_SECONDS longer."""
    walk = aknet_gui.scanner.collect_inputs

    def slow(paths, recursive=False):
        time.sleep(WALK_SECONDS)
        return walk(paths, recursive=recursive)

    monkeypatch.setattr(aknet_gui.scanner, "collect_inputs", slow)


def test_opening_a_large_folder_does_not_pause_the_window(qtbot, window: MainWindow, tmp_path, rng, slow_walks):
    folder = tmp_path / "trip"
    (folder / "day2").mkdir(parents=True)
    write_photo(folder / "a.png", rng)
    write_photo(folder / "day2" / "b.png", rng)
    loose = write_photo(tmp_path / "loose.png", rng)
    window.settings.batch_recursive = True
    # Measure after the start-up work: listing the devices imports torch on the worker thread.
    qtbot.waitUntil(lambda: len(window.controller.engine.devices) > 1, timeout=ENGINE_TIMEOUT_MS)
    qtbot.wait(200)

    probe = StallProbe()
    probe.start()
    started = time.perf_counter()
    window.open_paths([folder])
    window.open_paths([loose])  # opened while the folder is walked: it waits its turn
    assert (time.perf_counter() - started) * 1000 < STALL_LIMIT_MS
    assert window.image_list.count() == 0
    qtbot.waitUntil(lambda: window.image_list.count() == 3, timeout=10_000)
    probe.stop()
    assert [e.path.name for e in window.session.entries.values()] == ["a.png", "b.png", "loose.png"]
    assert probe.ticks > WALK_SECONDS * 1000 / 10 / 3  # the UI thread ran throughout
    assert probe.longest_ms <= STALL_LIMIT_MS


def test_a_batch_can_be_cancelled_while_its_photos_are_looked_for(qtbot, window: MainWindow, tmp_path, rng, slow_walks):
    folder = tmp_path / "in"
    folder.mkdir()
    write_photo(folder / "a.png", rng)
    output = tmp_path / "out"
    controller = window.controller
    controller.engine.set_task("classic-dehaze")
    qtbot.waitUntil(controller.engine.ready, timeout=ENGINE_TIMEOUT_MS)
    reports: list[tuple[str, str]] = []
    controller.runFinished.connect(lambda kind, report: reports.append((kind, report)))

    controller.start_batch([folder], recursive=False, output=OutputSettings(folder=str(output)))
    assert controller.busy() and window.actions.cancel.isEnabled()
    assert "looking for photos" in window.progress_text.text()
    window.actions.cancel.trigger()
    assert not controller.busy() and reports == [("batch", "Cancelled. 0 restored.")]
    qtbot.waitUntil(lambda: not window.session.scanner.busy(), timeout=10_000)
    qtbot.wait(50)
    assert not controller.busy() and not window.session.entries and not output.exists()  # the late answer is dropped

    controller.start_batch([folder], recursive=False, output=OutputSettings(folder=str(output)))
    qtbot.waitUntil(lambda: len(reports) == 2, timeout=10_000 + ENGINE_TIMEOUT_MS)
    assert reports[1] == ("batch", "1 restored.")
    assert (output / "a_classic-dehaze.png").is_file()
