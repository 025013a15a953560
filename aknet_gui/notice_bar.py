"""A message strip above the images: errors and notices without modal boxes that stop the work."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QSize, Qt, QTimer
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QToolButton, QWidget

from aknet_gui.accessibility import describe
from aknet_gui.icons import icon

STYLES = {
    "info": ("info", "#2d6cdf"),
    "warning": ("warning", "#c98a00"),
    "error": ("status-failed", "#d64541"),
}
INFO_SECONDS = 8  # information disappears by itself; warnings and errors stay until closed


class NoticeBar(QFrame):
    """Shows one message at a time with its level's colour, an optional action button and a close button."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("NoticeBar")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 4, 4, 4)
        self.icon = QLabel(self)
        layout.addWidget(self.icon)
        self.text = QLabel(self)
        self.text.setWordWrap(True)
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.text, 1)
        self.action = QPushButton(self)
        self.action.hide()
        layout.addWidget(self.action)
        close = self.dismiss_button = QToolButton(self)
        close.setIcon(icon("remove"))
        close.setAutoRaise(True)
        close.setToolTip(self.tr("Dismiss"))
        describe(close, self.tr("Dismiss the message"))
        describe(self.text, self.tr("Message"))
        describe(self.action, self.tr("Message action"))
        describe(self, self.tr("Message bar"), self.tr("Errors and notices about the work; Tab reaches its buttons."))
        close.clicked.connect(self.hide)
        layout.addWidget(close)
        self.level = ""
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.hide)
        self._callback: Callable[[], None] | None = None
        self.action.clicked.connect(self._act)
        self.hide()

    def show_message(
        self, level: str, message: str, action: str = "", callback: Callable[[], None] | None = None
    ) -> None:
        """Show a message; info ones vanish after a few seconds."""
        role, colour = STYLES.get(level, STYLES["info"])
        self.level = level
        self.setStyleSheet(
            f"#NoticeBar {{ border: 1px solid {colour}; border-left: 4px solid {colour}; border-radius: 3px; }}"
        )
        self.icon.setPixmap(icon(role, colour).pixmap(QSize(18, 18)))
        self.text.setText(message)
        self._callback = callback
        self.action.setText(action)
        self.action.setAccessibleName(action.replace("&", "") or self.tr("Message action"))
        self.action.setVisible(bool(action and callback))
        self.show()
        if level == "info":
            self._timer.start(INFO_SECONDS * 1000)
        else:
            self._timer.stop()

    def _act(self) -> None:
        self.hide()
        if self._callback is not None:
            self._callback()
