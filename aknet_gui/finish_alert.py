"""The finished-run alert: when a batch (or a restore or export that took a while) ends while the window is not
the active one, the taskbar entry asks for attention and a desktop notification says how many photos were done
and how many failed. Where the platform has no notification area, only the taskbar entry asks."""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QObject, Signal
from PySide6.QtWidgets import QApplication, QSystemTrayIcon

from aknet_gui.icons import app_icon
from aknet_gui.runs import Run, count_text, counts_sentence
from core.progress import Status

if TYPE_CHECKING:
    from aknet_gui.main_window import MainWindow

LONG_RUN_SECONDS = 10.0  # a restore or export shorter than this ends while the user is still watching
MESSAGE_MILLISECONDS = 10_000
TITLES = {
    "batch": QT_TRANSLATE_NOOP("FinishAlert", "Batch finished"),
    "restore": QT_TRANSLATE_NOOP("FinishAlert", "Restoring finished"),
    "export": QT_TRANSLATE_NOOP("FinishAlert", "Export finished"),
}  # translated where shown


def finish_message(run: Run) -> str:
    """'12 photos done, 1 failed.' (skipped and cancelled photos are counted when there are any)."""
    summary = run.summary
    done = summary.count(Status.DONE)
    if done == 1:
        first = QCoreApplication.translate("FinishAlert", "{count} photo done")
    else:
        first = QCoreApplication.translate("FinishAlert", "{count} photos done")
    parts = [first.format(count=done)]
    for status in (Status.FAILED, Status.SKIPPED, Status.CANCELLED):
        if summary.count(status) or status == Status.FAILED:
            parts.append(count_text(status, summary.count(status)))
    return counts_sentence(parts)


class FinishAlert(QObject):
    """Watches a window's runs; `alerted(title, message)` says an alert was given (the window was not active)."""

    alerted = Signal(str, str)

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.tray: QSystemTrayIcon | None = None
        self._started = time.monotonic()
        window.controller.busyChanged.connect(self._busy_changed)

    def _busy_changed(self, busy: bool) -> None:
        if busy:
            self._started = time.monotonic()

    def run_finished(self, run: Run | None) -> bool:
        """Alert about a run that just ended if the user is elsewhere and it was worth waiting for; True if so."""
        if run is None or run.kind not in TITLES or run.cancel.cancelled or self.window.isActiveWindow():
            return False
        if run.kind != "batch" and time.monotonic() - self._started < LONG_RUN_SECONDS:
            return False
        title, message = self.tr(TITLES[run.kind]), finish_message(run)
        QApplication.alert(self.window)  # the taskbar entry flashes or bounces until the window is activated
        if QSystemTrayIcon.isSystemTrayAvailable():
            if self.tray is None:
                self.tray = QSystemTrayIcon(app_icon(), self)
                self.tray.setToolTip("AKNet Studio")
                self.tray.messageClicked.connect(self._bring_forward)
            self.tray.show()
            failed = run.summary.count(Status.FAILED)
            kind = QSystemTrayIcon.MessageIcon.Warning if failed else QSystemTrayIcon.MessageIcon.Information
            self.tray.showMessage(f"AKNet Studio — {title}", message, kind, MESSAGE_MILLISECONDS)
        self.alerted.emit(title, message)
        return True

    def _bring_forward(self) -> None:
        self.window.showNormal()
        self.window.raise_()
        self.window.activateWindow()
