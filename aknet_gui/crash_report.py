"""The crash report: an exception nobody caught (on the UI thread, the worker's QThread, a loader's pool thread or a
Python thread), or one the worker caught but did not expect, is logged with its traceback and shown in a dialog
that explains it briefly, shows the error, and offers to copy the report and open the log folder. The app keeps
running: Qt carries on after an exception in a slot, and the worker goes on with its next job."""

from __future__ import annotations

import html
import logging
import platform
import sys
import threading
import traceback
from datetime import datetime
from types import TracebackType

from PySide6.QtCore import QObject, Qt, QThread, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from aknet_gui.accessibility import describe
from aknet_gui.icons import icon
from core import __version__

logger = logging.getLogger(__name__)


def format_report(
    exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None, where: str
) -> tuple[str, str]:
    """(one-line summary, the report to send): what failed, where, the versions, and the traceback."""
    summary = f"{exc_type.__name__}: {exc}".strip().rstrip(":")
    details = "".join(traceback.format_exception(exc_type, exc, tb))
    header = (
        f"AKNet Studio {__version__} · Python {platform.python_version()} · {platform.platform()}\n"
        f"{datetime.now().isoformat(timespec='seconds')} · in {where}\n"
    )
    return summary, header + details


class CrashDialog(QDialog):
    """A short explanation, the error, the full report, and Copy report / Open log folder / Close."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("CrashDialog")
        self.setWindowTitle(self.tr("AKNet Studio: something went wrong"))
        self.setWindowIcon(icon("status-failed"))
        self.count = 0
        layout = QVBoxLayout(self)
        self.explanation = QLabel(
            self.tr(
                "An unexpected error happened. AKNet Studio keeps running, and your photos are untouched, but what "
                "you were doing may not have finished. If it happens again, please copy this report and send it "
                "with the log to the developers."
            ),
            self,
        )
        self.explanation.setWordWrap(True)
        self.error = QLabel(self)
        self.error.setWordWrap(True)
        self.error.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.report = QPlainTextEdit(self)
        self.report.setReadOnly(True)
        self.report.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.copy_button = QPushButton(icon("copy-report"), self.tr("&Copy report"), self)
        self.log_button = QPushButton(icon("log-folder"), self.tr("Open &log folder"), self)
        buttons.addButton(self.copy_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.log_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.close)
        self.copy_button.clicked.connect(self.copy_report)
        self.log_button.clicked.connect(self._open_log_folder)
        describe(self.report, self.tr("Error report"), self.tr("The full report, with the versions and the traceback"))
        describe(self.copy_button, self.tr("Copy report"), self.tr("Put the whole report on the clipboard"))
        describe(self.log_button, self.tr("Open log folder"), self.tr("Show the folder of AKNet Studio's log files"))
        for widget in (self.explanation, self.error, self.report):
            layout.addWidget(widget)
        layout.addWidget(buttons)
        self.resize(720, 420)

    def add(self, summary: str, report: str) -> None:
        """Show a report; while the dialog is open, later ones are added below the first."""
        if not self.isVisible():
            self.count = 0
            self.report.clear()
        self.count += 1
        if self.count == 1:
            self.error.setText(f"<b>{html.escape(summary, quote=False)}</b>")
            self.report.setPlainText(report)
        else:
            self.error.setText(
                f"<b>{html.escape(summary, quote=False)}</b><br>"
                + self.tr("and {count} more errors (below)").format(count=self.count - 1)
            )
            self.report.appendPlainText(f"\n---- {self.count} ----\n{report}")
        self.show()
        self.raise_()

    def copy_report(self) -> None:
        """Put the whole report on the clipboard."""
        QGuiApplication.clipboard().setText(self.report.toPlainText())

    def _open_log_folder(self) -> None:
        from aknet_gui.support import open_log_folder

        open_log_folder()


class CrashReporter(QObject):
    """Catches what nobody else did (sys.excepthook, threading.excepthook) and what the worker reports, logs it,
    and shows the CrashDialog on the UI thread. `install()` / `uninstall()` set and restore the hooks."""

    crashed = Signal(str, str)  # summary, report; emitted on any thread, received on the reporter's (UI) thread

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.dialog: CrashDialog | None = None
        self.reports: list[str] = []
        self._previous: tuple | None = None
        self.crashed.connect(self._show)

    def install(self) -> CrashReporter:
        """Become the handler of uncaught exceptions in every thread (and of report_exception)."""
        global _installed
        if self._previous is None:
            self._previous = (sys.excepthook, threading.excepthook, _installed)
            sys.excepthook = self._excepthook
            threading.excepthook = self._thread_excepthook
            _installed = self
        return self

    def uninstall(self) -> None:
        """Give the hooks back to whoever had them."""
        global _installed
        if self._previous is not None:
            sys.excepthook, threading.excepthook, _installed = self._previous
            self._previous = None

    def report(
        self, exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None, where: str = ""
    ) -> None:
        """Log an exception with its traceback and show it (from any thread)."""
        where = where or f"thread {_thread_name()}"
        logger.error("unexpected error in %s", where, exc_info=(exc_type, exc, tb))
        summary, report = format_report(exc_type, exc, tb, where)
        self.crashed.emit(summary, report)

    def _excepthook(self, exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        if issubclass(exc_type, KeyboardInterrupt):
            sys.__excepthook__(exc_type, exc, tb)
            return
        self.report(exc_type, exc, tb)

    def _thread_excepthook(self, args: threading.ExceptHookArgs) -> None:
        if args.exc_type is SystemExit:
            return
        self.report(args.exc_type, args.exc_value, args.exc_traceback, f"thread {_thread_name(args.thread)}")

    def _show(self, summary: str, report: str) -> None:
        self.reports.append(report)
        if self.dialog is None:
            self.dialog = CrashDialog(QApplication.activeWindow())
        self.dialog.add(summary, report)


_installed: CrashReporter | None = None


def _thread_name(thread: threading.Thread | None = None) -> str:
    """The Qt name of the current thread ('aknet-worker') where it has one, else Python's."""
    if thread is None:
        named = QThread.currentThread().objectName()
        if named:
            return named
        thread = threading.current_thread()
    return thread.name


def report_exception(exc: BaseException, where: str) -> None:
    """An exception that was caught but not expected (a bug): log it, and show it when a reporter is installed."""
    if _installed is not None:
        _installed.report(type(exc), exc, exc.__traceback__, where)
    else:
        logger.error("unexpected error in %s", where, exc_info=exc)
