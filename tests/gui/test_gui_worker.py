"""The worker thread: the UI stays responsive during a real restore; GPU out-of-memory falls back."""

from __future__ import annotations

import time
from dataclasses import dataclass

import numpy as np
import pytest
from PySide6.QtCore import QTimer

from aknet_gui.jobs import EngineRequest
from aknet_gui.main_window import MainWindow
from core.errors import OutOfMemoryError
from core.restorer import RunReport
from tests.gui.conftest import ENGINE_TIMEOUT_MS, RUN_TIMEOUT_MS, use_weights, write_photo

pytestmark = pytest.mark.gui

STALL_LIMIT_MS = 100


class StallProbe:
    """A 10 ms QTimer on the UI thread that records the longest gap between its ticks."""

    def __init__(self, interval_ms: int = 10) -> None:
        self.timer = QTimer()
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self._tick)
        self.last = 0.0
        self.longest_ms = 0.0
        self.ticks = 0

    def start(self) -> None:
        self.last = time.perf_counter()
        self.timer.start()

    def _tick(self) -> None:
        now = time.perf_counter()
        self.longest_ms = max(self.longest_ms, (now - self.last) * 1000)
        self.last = now
        self.ticks += 1

    def stop(self) -> None:
        self.timer.stop()


def test_the_window_stays_responsive_while_restoring(qtbot, window: MainWindow, reference_weights, tmp_path, rng):
    photo = write_photo(tmp_path / "large.png", rng, 384, 384)
    use_weights(qtbot, window, reference_weights)
    window.open_paths([photo])
    controller = window.controller
    qtbot.waitUntil(lambda: controller.original is not None, timeout=10_000)
    qtbot.wait(200)  # let the thumbnail land before measuring

    probe = StallProbe()
    probe.start()
    started = time.perf_counter()
    window.actions.restore.trigger()
    entry = controller.current
    qtbot.waitUntil(lambda: controller.entries[entry].status in ("done", "failed"), timeout=RUN_TIMEOUT_MS)
    qtbot.waitUntil(lambda: window.compare.right.top.image is not None, timeout=10_000)
    probe.stop()
    seconds = time.perf_counter() - started
    assert controller.entries[entry].status == "done"
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


@dataclass
class FakeEngine:
    """Stands in for a Restorer on a GPU: runs out of memory unless tiled small enough or on the CPU."""

    request: EngineRequest
    fits_tiles: bool

    @property
    def device(self) -> str:
        return "cpu" if self.request.device == "cpu" else "cuda:0"

    @property
    def device_label(self) -> str:
        return "CPU (fake)" if self.device == "cpu" else "Fake GPU (cuda:0)"

    description = property(lambda self: {"task": "dehaze", "weights": "fake", "parameters": 1, "metadata": {}})
    last_report = None

    def restore(self, image, progress=None, cancel=None):
        tiled_small = isinstance(self.request.tile, int)
        if self.device != "cpu" and not (tiled_small and self.fits_tiles):
            raise OutOfMemoryError("The GPU ran out of memory (fake).")
        return np.clip(image * 0.5 + 0.25, 0, 1)


@pytest.mark.parametrize(
    ("fits_tiles", "notice", "device_label"),
    [
        (True, "retried in 256 px tiles", "Fake GPU (cuda:0)"),
        (False, "retried on the CPU", "CPU (fake)"),
    ],
)
def test_gpu_out_of_memory_retries_in_tiles_then_on_the_cpu(
    qtbot, settings, reference_weights, tmp_path, rng, fits_tiles, notice, device_label
):
    built: list[EngineRequest] = []

    def factory(request: EngineRequest) -> FakeEngine:
        built.append(request)
        return FakeEngine(request, fits_tiles)

    window = window_with_engine(qtbot, settings, factory, reference_weights)
    window.open_paths([write_photo(tmp_path / "a.png", rng)])
    notices: list[str] = []
    window.controller.noticeRaised.connect(lambda level, message: notices.append(message))
    window.actions.restore.trigger()
    entry = window.controller.current
    qtbot.waitUntil(lambda: window.controller.entries[entry].status in ("done", "failed"), timeout=RUN_TIMEOUT_MS)

    assert window.controller.entries[entry].status == "done", window.controller.entries[entry].message
    assert any(notice in n for n in notices), notices
    assert window.notice.isVisible() and notice in window.notice.text.text()
    assert window.device_label.text() == device_label
    assert [r.device for r in built][-1] == ("auto" if fits_tiles else "cpu")
    # The fallback engine stays for the next image: no second out-of-memory round trip.
    count = len(built)
    window.controller.restore_current()
    qtbot.waitUntil(lambda: not window.controller.busy(), timeout=RUN_TIMEOUT_MS)
    assert len(built) == count


@dataclass
class SelfRescuingEngine:
    """Like the real Restorer: retries on the CPU itself and says so in last_report.note."""

    request: EngineRequest
    device = "cuda:0"
    device_label = "Fake GPU (cuda:0)"
    description = property(lambda self: {"task": "dehaze", "weights": "fake", "parameters": 1, "metadata": {}})
    last_report: RunReport | None = None

    def restore(self, image, progress=None, cancel=None):
        self.last_report = RunReport("CPU (fake)", True, 0.1, "The GPU ran out of memory; restored on the CPU.")
        return image[::-1].copy()


def test_the_engines_own_fallback_is_reported(qtbot, settings, reference_weights, tmp_path, rng):
    window = window_with_engine(qtbot, settings, SelfRescuingEngine, reference_weights)
    window.open_paths([write_photo(tmp_path / "a.png", rng)])
    window.actions.restore.trigger()
    qtbot.waitUntil(lambda: not window.controller.busy(), timeout=RUN_TIMEOUT_MS)
    entry = window.controller.current_entry()
    assert entry.status == "done" and entry.device == "CPU (fake)"
    assert window.notice.level == "warning" and "restored on the CPU" in window.notice.text.text()


def test_out_of_memory_fallbacks_go_from_tiles_to_the_cpu():
    whole = EngineRequest("dehaze", None, "cuda:0", "off")
    assert [(r.device, r.tile) for r, _ in whole.fallbacks("cuda")] == [("cuda:0", "auto"), ("cpu", "auto")]
    auto = EngineRequest("dehaze", None, "auto", "auto")
    assert [(r.device, r.tile) for r, _ in auto.fallbacks("cuda")] == [("auto", 256), ("cpu", "auto")]
    small = EngineRequest("dehaze", None, "cuda:1", 128)
    assert [(r.device, r.tile) for r, _ in small.fallbacks("cuda")] == [("cpu", "auto")]
    assert auto.fallbacks("cpu") == []
