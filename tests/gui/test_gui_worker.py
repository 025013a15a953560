"""The worker thread: the UI stays responsive during a real restore; the engine's out-of-memory fallback and
failure reach the user."""

from __future__ import annotations

import time
from dataclasses import dataclass

import numpy as np
import pytest

from aknet_gui.jobs import EngineRequest
from aknet_gui.main_window import MainWindow
from aknet_gui.settings import OutputSettings
from core.errors import OutOfMemoryError
from core.progress import RunReport, Status
from tests.gui.conftest import ENGINE_TIMEOUT_MS, RUN_TIMEOUT_MS, STALL_LIMIT_MS, StallProbe, use_weights, write_photo

pytestmark = pytest.mark.gui


def test_the_window_stays_responsive_while_restoring(qtbot, window: MainWindow, reference_weights, tmp_path, rng):
    photo = write_photo(tmp_path / "large.png", rng, 384, 384)
    use_weights(qtbot, window, reference_weights)
    window.open_paths([photo])
    session = window.session
    qtbot.waitUntil(lambda: session.original is not None, timeout=10_000)
    qtbot.wait(200)  # let the thumbnail land before measuring

    probe = StallProbe()
    probe.start()
    started = time.perf_counter()
    window.actions.restore.trigger()
    entry = session.current
    qtbot.waitUntil(lambda: session.entries[entry].status in (Status.DONE, Status.FAILED), timeout=RUN_TIMEOUT_MS)
    qtbot.waitUntil(lambda: window.compare.right.top.image is not None, timeout=10_000)
    probe.stop()
    seconds = time.perf_counter() - started
    assert session.entries[entry].status == Status.DONE
    print(f"\nlongest UI stall during a {seconds:.1f} s restore: {probe.longest_ms:.1f} ms ({probe.ticks} ticks)")
    assert probe.ticks > seconds * 1000 / 10 / 3  # the timer really ran throughout
    assert probe.longest_ms <= STALL_LIMIT_MS


def window_with_engine(qtbot, settings, factory, weights) -> MainWindow:
    """A main window whose worker builds engines with `factory`, with one loaded."""
    window = MainWindow(settings, engine_factory=factory)
    qtbot.addWidget(window)
    window.show()
    window.controller.engine.set_weights(weights)
    qtbot.waitUntil(window.controller.engine.ready, timeout=ENGINE_TIMEOUT_MS)
    return window


CPU_FALLBACK = "The GPU ran out of memory; restored on the CPU."


@dataclass
class FakeGpuEngine:
    """Stands in for a Restorer on a GPU: reports what it fell back on, or runs out of memory altogether."""

    request: EngineRequest
    device_label = "Fake GPU (cuda:0)"
    description = property(lambda self: {"task": "dehaze", "weights": "fake", "parameters": 1, "metadata": {}})
    last_report: RunReport | None = None
    fallback = CPU_FALLBACK  # what the next run falls back on ('' for none)
    out_of_memory = False  # the next run fails even after falling back

    def restore(self, image, progress=None, cancel=None):
        if FakeGpuEngine.out_of_memory:
            raise OutOfMemoryError("Not enough memory for this image (fake). Close other programs and try again.")
        device = "CPU (fake)" if self.fallback else self.device_label
        self.last_report = RunReport(device, False, 0.1, fallback=self.fallback)
        return np.clip(image * 0.5 + 0.25, 0, 1)


def run_restore(qtbot, window: MainWindow):
    """Restore the shown image and wait for it; its entry."""
    window.actions.restore.trigger()
    qtbot.waitUntil(lambda: not window.controller.busy(), timeout=RUN_TIMEOUT_MS)
    return window.session.current_entry()


def test_the_engines_fallback_is_shown(qtbot, settings, reference_weights, tmp_path, rng):
    window = window_with_engine(qtbot, settings, FakeGpuEngine, reference_weights)
    window.open_paths([write_photo(tmp_path / "a.png", rng)])
    entry = run_restore(qtbot, window)
    assert entry.status == Status.DONE and entry.device == "CPU (fake)"
    assert window.notice.isVisible() and window.notice.level == "warning"
    assert window.notice.text.text() == CPU_FALLBACK
    assert window.time_label.text().endswith("on CPU (fake)") and window.time_label.toolTip() == CPU_FALLBACK

    # A batch that fell back says so in its summary (the notice and the status bar).
    reports: list[str] = []
    window.controller.runFinished.connect(lambda kind, report: reports.append(report))
    window.controller.start_batch([tmp_path / "a.png"], False, OutputSettings(folder=str(tmp_path / "out")))
    qtbot.waitUntil(lambda: bool(reports), timeout=RUN_TIMEOUT_MS)
    assert reports[0] == f"1 restored. {CPU_FALLBACK}"
    assert (tmp_path / "out" / "a_dehaze.png").is_file()
    assert CPU_FALLBACK in window.notice.text.text() and CPU_FALLBACK in window.progress_text.text()


def test_a_run_without_a_fallback_is_no_warning(qtbot, settings, reference_weights, tmp_path, rng, monkeypatch):
    monkeypatch.setattr(FakeGpuEngine, "fallback", "")
    window = window_with_engine(qtbot, settings, FakeGpuEngine, reference_weights)
    window.open_paths([write_photo(tmp_path / "a.png", rng)])
    entry = run_restore(qtbot, window)
    assert entry.status == Status.DONE and entry.device == "Fake GPU (cuda:0)"
    assert not window.notice.isVisible()
    assert "on " not in window.time_label.text() and window.time_label.toolTip() == ""


def test_out_of_memory_shows_the_error_and_the_app_goes_on(
    qtbot, settings, reference_weights, tmp_path, rng, monkeypatch
):
    monkeypatch.setattr(FakeGpuEngine, "out_of_memory", True)
    window = window_with_engine(qtbot, settings, FakeGpuEngine, reference_weights)
    window.open_paths([write_photo(tmp_path / "a.png", rng)])
    entry = run_restore(qtbot, window)
    assert entry.status == Status.FAILED and "Not enough memory" in entry.message
    assert window.notice.isVisible() and "Close other programs and try again." in window.notice.text.text()
    assert "Failed" in window.image_list.item(0).text()
    assert window.controller.engine.ready() and window.actions.restore.isEnabled()
    assert not window.actions.save.isEnabled()

    monkeypatch.setattr(FakeGpuEngine, "out_of_memory", False)  # memory freed: the same image now restores
    entry = run_restore(qtbot, window)
    assert entry.status == Status.DONE and window.actions.save.isEnabled()
