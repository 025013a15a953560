"""Fixtures of the app's tests: private settings, a real main window, small photos on disk."""

from __future__ import annotations

import gc
import time
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtCore import QMimeData, QPointF, QSettings, Qt, QTimer, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent

from aknet_gui.main_window import MainWindow
from aknet_gui.settings import Settings
from core.image.write import write_image
from tests.conftest import smooth_image

ENGINE_TIMEOUT_MS = 60_000  # loading torch and the weights on a busy 2-core machine
RUN_TIMEOUT_MS = 90_000
STALL_LIMIT_MS = 100  # the longest the UI thread may stop answering


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    """Settings in a private INI file, so tests never touch (or read) the user's."""
    return Settings(QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))


@pytest.fixture
def window(qtbot, settings: Settings) -> Iterator[MainWindow]:
    """The real main window, shown offscreen, with its worker thread running."""
    main = MainWindow(settings)
    qtbot.addWidget(main)
    main.show()
    qtbot.waitExposed(main)
    yield main
    gc.unfreeze()  # the worker froze the whole test process's objects (see keep_collections_short)


def write_photo(path: Path, rng: np.random.Generator, height: int = 48, width: int = 64) -> Path:
    """Write a small photo-like image and return its path."""
    return write_image(path, smooth_image(rng, height, width))


def drop_files(widget, paths: list[Path]) -> None:
    """Deliver a real drag-enter and drop of local files onto a widget."""
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    centre = widget.rect().center()
    action, button, modifier = Qt.DropAction.CopyAction, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    enter = QDragEnterEvent(centre, action, mime, button, modifier)
    widget.dragEnterEvent(enter)
    assert enter.isAccepted()
    drop = QDropEvent(QPointF(centre), action, mime, button, modifier)
    widget.dropEvent(drop)


def use_weights(qtbot, window: MainWindow, weights: Path) -> None:
    """Load a checkpoint through the UI's controller and wait until the engine is ready."""
    window.controller.engine.set_weights(weights)
    qtbot.waitUntil(lambda: window.controller.engine.state in ("ready", "failed"), timeout=ENGINE_TIMEOUT_MS)
    assert window.controller.engine.state == "ready", window.controller.engine.message


def wait_idle(qtbot, window: MainWindow, timeout: int = RUN_TIMEOUT_MS) -> None:
    """Wait until the running job (restore, batch, save) has finished."""
    qtbot.waitUntil(lambda: not window.controller.busy(), timeout=timeout)


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
