"""Help ▸ Open log folder and Help ▸ Copy system info: what a user needs in hand to ask for help.

The system info is `core.system_info`'s text, the very one `aknet info --system` prints; it is gathered on a pool
thread (asking PyTorch about the GPUs can take a moment) and put on the clipboard when ready."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QThreadPool, QUrl, Signal
from PySide6.QtGui import QAction, QDesktopServices, QGuiApplication
from PySide6.QtWidgets import QMenu

from aknet_gui.icons import icon
from core.logs import current_log_folder

if TYPE_CHECKING:
    from aknet_gui.main_window import MainWindow

logger = logging.getLogger(__name__)


def open_log_folder() -> Path:
    """Show the log folder in the system's file manager (made first, if the log has not been started)."""
    folder = current_log_folder()
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        logger.warning("the log folder %s cannot be made", folder)
    QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))
    return folder


def gather_system_info() -> str:
    """The text of `aknet info --system` (imports torch: call it off the UI thread)."""
    from core.system_info import format_system_info, system_info

    return format_system_info(system_info())


class SupportActions(QObject):
    """The Help menu's support actions of a window."""

    infoGathered = Signal(str)  # the system info text (emitted on a pool thread)
    infoFailed = Signal(str)

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.open_log = QAction(icon("log-folder"), self.tr("Open &log folder"), window)
        self.open_log.setStatusTip(self.tr("Show the folder of AKNet Studio's log files (attach them to a bug report)"))
        self.open_log.triggered.connect(lambda *_: open_log_folder())
        self.copy_info = QAction(icon("system-info"), self.tr("Copy &system info"), window)
        self.copy_info.setStatusTip(
            self.tr("Copy the app, OS, PyTorch, GPU, CPU and model versions, for a bug report or a question")
        )
        self.copy_info.triggered.connect(lambda *_: self.copy_system_info())
        self.infoGathered.connect(self._copy)
        self.infoFailed.connect(self._failed)
        self.pending = False

    def add_to(self, menu: QMenu) -> None:
        """Put the actions in a menu (Help), before its last entry (About)."""
        before = menu.actions()[-1] if menu.actions() else None
        menu.insertActions(before, [self.copy_info, self.open_log])
        menu.insertSeparator(before)

    def copy_system_info(self) -> None:
        """Gather the system info off the UI thread, then copy it."""
        if self.pending:
            return
        self.pending = True

        def work() -> None:
            try:
                self.infoGathered.emit(gather_system_info())
            except Exception as exc:  # the report is wanted most when something is broken: say what
                logger.exception("the system info could not be gathered")
                self.infoFailed.emit(self.tr("The system info could not be gathered: {error}").format(error=exc))

        QThreadPool.globalInstance().start(work)

    def _failed(self, why: str) -> None:
        self.pending = False
        self.window.notice.show_message("error", why)

    def _copy(self, text: str) -> None:
        self.pending = False
        QGuiApplication.clipboard().setText(text)
        self.window.notice.show_message(
            "info", self.tr("System info copied to the clipboard: paste it into your bug report or question.")
        )
