"""Accessibility helpers: names and descriptions for screen readers, and a focus ring that shows, in every window,
which control the keyboard is on (the Fusion style marks some controls' focus too faintly, some not at all)."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, Slot
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPalette, QPen
from PySide6.QtWidgets import QApplication, QFocusFrame, QWidget
from shiboken6 import isValid

from aknet_gui.contrast import AA_GRAPHICS, readable

RING_WIDTH = 2


def describe(widget: QWidget, name: str, description: str = "") -> None:
    """Give a control the name a screen reader says for it, and what it does."""
    widget.setAccessibleName(name)
    if description:
        widget.setAccessibleDescription(description)


def focus_colour(palette: QPalette) -> QColor:
    """The focus ring's colour: the palette's highlight, adjusted to stand out (3:1) from window and base."""
    colour = palette.color(QPalette.ColorRole.Highlight)
    for role in (QPalette.ColorRole.Window, QPalette.ColorRole.Base):
        colour = readable(colour, palette.color(role), AA_GRAPHICS)
    return colour


class FocusRing(QFocusFrame):
    """A ring in the focus colour around the widget with the keyboard focus (QFocusFrame follows it)."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """QFocusFrame hides on a style change (a theme switch); the ring stays while its widget has the focus."""
        result = super().eventFilter(watched, event)
        if event.type() == QEvent.Type.StyleChange and watched is self.widget() and self.widget().hasFocus():
            self.show()
        return result

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(QPen(focus_colour(self.palette()), RING_WIDTH))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        half = RING_WIDTH / 2
        painter.drawRoundedRect(self.rect().toRectF().adjusted(half, half, -half, -half), 3, 3)


class FocusRings(QObject):
    """Puts a FocusRing around the focused widget of whichever window has it; install once per application."""

    def __init__(self, app: QApplication) -> None:
        super().__init__(app)
        self.setObjectName("FocusRings")
        self._rings: dict[int, FocusRing] = {}  # per top-level window
        app.focusChanged.connect(self._focus_changed)

    @staticmethod
    def install() -> FocusRings:
        """The application's FocusRings (created on first use)."""
        app = QApplication.instance()
        existing = app.findChild(FocusRings, "FocusRings")
        return existing if existing is not None else FocusRings(app)

    def ring_for(self, widget: QWidget | None) -> FocusRing | None:
        """The ring that follows focus in this widget's window (None: no ring there yet)."""
        ring = self._rings.get(id(widget.window())) if widget is not None else None
        return ring if ring is not None and isValid(ring) else None

    @Slot(QWidget, QWidget)
    def _focus_changed(self, old: QWidget | None, new: QWidget | None) -> None:
        if new is None or new.isWindow() or new.window().windowType() == Qt.WindowType.Popup:
            return
        window = new.window()
        ring = self._rings.get(id(window))
        if ring is None or not isValid(ring):  # none yet, or deleted with a panel it had been placed in
            ring = FocusRing(window)
            ring.setObjectName("FocusRing")
            self._rings[id(window)] = ring
            key = id(window)
            window.destroyed.connect(lambda *_: self._rings.pop(key, None))
        ring.setWidget(new)
