"""The crash report: a failure injected on each of the app's threads (the UI thread, the worker's QThread, the
loader's pool threads, a Python thread) and in the worker's own error path shows the dialog with the error, is
logged with its traceback, and leaves the app running."""

from __future__ import annotations

import threading
from dataclasses import dataclass

import numpy as np
import pytest
from PySide6.QtCore import QObject, QTimer, QUrl, Signal, Slot
from PySide6.QtGui import QDesktopServices, QGuiApplication

from aknet_gui.crash_report import CrashReporter
from aknet_gui.jobs import EngineRequest, ListDevicesJob
from aknet_gui.loader import _Task
from aknet_gui.main_window import MainWindow
from core.logs import start_file_log, stop_file_log
from core.progress import RunReport, Status
from tests.gui.conftest import RUN_TIMEOUT_MS, write_photo
from tests.gui.test_gui_worker import window_with_engine

pytestmark = pytest.mark.gui


@pytest.fixture
def reporter(qapp, tmp_path):
    """The app's crash reporter, installed as at start-up, with the log in tmp_path/log."""
    log = start_file_log(tmp_path / "log")
    installed = CrashReporter(qapp).install()
    yield installed
    installed.uninstall()
    if installed.dialog is not None:
        installed.dialog.close()
        installed.dialog.deleteLater()
    stop_file_log()
    assert log.path.is_file()


def shown(qtbot, reporter: CrashReporter, error: str) -> str:
    """Wait for the dialog to show `error`; the report text."""
    qtbot.waitUntil(lambda: reporter.dialog is not None and reporter.dialog.isVisible(), timeout=10_000)
    assert error in reporter.dialog.error.text()
    return reporter.dialog.report.toPlainText()


def logged(tmp_path) -> str:
    return (tmp_path / "log" / "aknet-studio.log").read_text(encoding="utf-8")


def test_a_failure_on_the_ui_thread(qtbot, reporter, window, tmp_path):
    def broken_slot() -> None:
        raise ZeroDivisionError("injected on the UI thread")

    QTimer.singleShot(0, broken_slot)
    report = shown(qtbot, reporter, "ZeroDivisionError: injected on the UI thread")
    assert "Traceback (most recent call last)" in report and "broken_slot" in report
    assert "AKNet Studio 0." in report and "Python 3." in report
    assert "ZeroDivisionError: injected on the UI thread" in logged(tmp_path)
    dialog = reporter.dialog
    assert "keeps running" in dialog.explanation.text()
    assert window.isVisible() and window.actions.open.isEnabled()  # the app carries on


class _Saboteur(QObject):
    poke = Signal()

    @Slot()
    def explode(self) -> None:
        raise KeyError("injected on the worker thread")


def test_a_failure_on_the_worker_thread(qtbot, reporter, window, tmp_path):
    saboteur = _Saboteur()
    saboteur.moveToThread(window.controller.thread)
    saboteur.poke.connect(saboteur.explode)
    saboteur.poke.emit()
    report = shown(qtbot, reporter, "KeyError: 'injected on the worker thread'")
    assert "in thread aknet-worker" in report
    assert "explode" in logged(tmp_path)
    with qtbot.waitSignal(window.controller.worker.devicesListed, timeout=30_000):  # the worker still works
        window.controller.worker.submit(ListDevicesJob())
    saboteur.deleteLater()


def test_a_job_the_worker_cannot_handle_is_reported_and_the_next_one_runs(qtbot, reporter, window):
    worker = window.controller.worker
    with qtbot.waitSignal(worker.devicesListed, timeout=30_000):
        worker.submit(object())  # no handler: a bug in the worker's dispatch
        worker.submit(ListDevicesJob())
    report = shown(qtbot, reporter, "KeyError")
    assert "the worker (object)" in report
    assert worker.pending() == 0


def test_a_failure_on_a_loader_thread(qtbot, reporter, window):
    def broken_decode() -> None:
        raise IndexError("injected on a loader thread")

    window.session.loader.pool.start(_Task(broken_decode))
    report = shown(qtbot, reporter, "IndexError: injected on a loader thread")
    assert "broken_decode" in report


def test_a_failure_on_a_python_thread(qtbot, reporter, window):
    def broken_thread() -> None:
        raise RuntimeError("injected on a Python thread")

    thread = threading.Thread(target=broken_thread, name="injected-thread")
    thread.start()
    thread.join()
    report = shown(qtbot, reporter, "RuntimeError: injected on a Python thread")
    assert "in thread injected-thread" in report


@dataclass
class BuggyEngine:
    """An engine with a bug on its first photo (ValueError, not one of the project's errors); fine afterwards."""

    request: EngineRequest
    device_label = "Buggy (cpu)"
    description = property(lambda self: {"task": "dehaze", "weights": "fake", "parameters": 1, "metadata": {}})
    last_report: RunReport | None = None
    failures = 1

    def restore(self, image, progress=None, cancel=None):
        if BuggyEngine.failures:
            BuggyEngine.failures -= 1
            raise ValueError("injected in the restorer")
        self.last_report = RunReport(self.device_label, False, 0.01)
        return np.clip(image * 0.5 + 0.25, 0, 1)


def test_a_bug_the_worker_catches_is_reported_and_the_photo_fails_alone(
    qtbot, reporter, settings, tmp_path, rng, reference_weights
):
    window: MainWindow = window_with_engine(qtbot, settings, BuggyEngine, reference_weights)
    window.open_paths([write_photo(tmp_path / "a.png", rng)])
    qtbot.waitUntil(lambda: window.session.original is not None, timeout=10_000)
    entry = window.session.current
    window.actions.restore.trigger()
    qtbot.waitUntil(lambda: not window.controller.busy(), timeout=RUN_TIMEOUT_MS)
    assert window.session.entries[entry].status == Status.FAILED
    assert "ValueError: injected in the restorer" in window.session.entries[entry].message
    report = shown(qtbot, reporter, "ValueError: injected in the restorer")
    assert "restore of" in report and "a.png" in report
    assert "Traceback" in logged(tmp_path)
    window.actions.restore.trigger()  # the same photo again: the app kept running
    qtbot.waitUntil(lambda: not window.controller.busy(), timeout=RUN_TIMEOUT_MS)
    assert window.session.entries[entry].status == Status.DONE
    window.close()


def test_the_dialog_copies_the_report_and_opens_the_log_folder(qtbot, reporter, window, tmp_path, monkeypatch):
    opened: list[QUrl] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url) or True)
    QTimer.singleShot(0, lambda: 1 / 0)
    report = shown(qtbot, reporter, "ZeroDivisionError")
    reporter.dialog.copy_button.click()
    assert QGuiApplication.clipboard().text() == report
    reporter.dialog.log_button.click()
    assert [url.toLocalFile() for url in opened] == [str(tmp_path / "log")]


def test_errors_while_the_dialog_is_open_are_added_to_it(qtbot, reporter, window):
    QTimer.singleShot(0, lambda: 1 / 0)
    shown(qtbot, reporter, "ZeroDivisionError")
    QTimer.singleShot(0, lambda: [][1])
    qtbot.waitUntil(lambda: len(reporter.reports) == 2, timeout=10_000)
    assert "and 1 more errors" in reporter.dialog.error.text()
    assert "IndexError" in reporter.dialog.report.toPlainText()
    reporter.dialog.close()
    QTimer.singleShot(0, lambda: {}["x"])
    qtbot.waitUntil(lambda: len(reporter.reports) == 3, timeout=10_000)
    assert "ZeroDivisionError" not in reporter.dialog.report.toPlainText()  # a fresh report once it was closed
