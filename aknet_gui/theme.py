"""Light and dark palettes: follow the system's colour scheme, or the user's choice."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication

from aknet_gui.contrast import over, readable

THEMES = {
    "system": QT_TRANSLATE_NOOP("Theme", "Follow the system"),
    "light": QT_TRANSLATE_NOOP("Theme", "Light"),
    "dark": QT_TRANSLATE_NOOP("Theme", "Dark"),
}  # translated where shown


def dark_palette() -> QPalette:
    """A neutral dark palette for the Fusion style."""
    palette = QPalette()
    window, base, text = QColor(45, 45, 48), QColor(30, 30, 32), QColor(230, 230, 230)
    roles = {
        QPalette.ColorRole.Window: window,
        QPalette.ColorRole.WindowText: text,
        QPalette.ColorRole.Base: base,
        QPalette.ColorRole.AlternateBase: window,
        QPalette.ColorRole.ToolTipBase: QColor(60, 60, 64),
        QPalette.ColorRole.ToolTipText: text,
        QPalette.ColorRole.PlaceholderText: QColor(150, 150, 150),
        QPalette.ColorRole.Text: text,
        QPalette.ColorRole.Button: QColor(55, 55, 58),
        QPalette.ColorRole.ButtonText: text,
        QPalette.ColorRole.BrightText: QColor(255, 80, 80),
        QPalette.ColorRole.Highlight: QColor(58, 120, 215),
        QPalette.ColorRole.HighlightedText: QColor(255, 255, 255),
        QPalette.ColorRole.Link: QColor(100, 160, 255),
        QPalette.ColorRole.Light: QColor(75, 75, 78),
        QPalette.ColorRole.Midlight: QColor(62, 62, 65),
        QPalette.ColorRole.Mid: QColor(40, 40, 42),
        QPalette.ColorRole.Dark: QColor(25, 25, 27),
        QPalette.ColorRole.Shadow: QColor(0, 0, 0),
    }
    for role, colour in roles.items():
        palette.setColor(role, colour)
    disabled = QColor(127, 127, 127)
    for role in (QPalette.ColorRole.WindowText, QPalette.ColorRole.Text, QPalette.ColorRole.ButtonText):
        palette.setColor(QPalette.ColorGroup.Disabled, role, disabled)
    return palette


def with_readable_text(palette: QPalette) -> QPalette:
    """The palette with selection and placeholder colours adjusted so their text meets WCAG AA (4.5:1): Fusion's
    own light selection blue and half-transparent placeholder text fall short."""
    for group in (QPalette.ColorGroup.Active, QPalette.ColorGroup.Inactive):
        base = palette.color(group, QPalette.ColorRole.Base)
        selected_text = palette.color(group, QPalette.ColorRole.HighlightedText)
        highlight = readable(palette.color(group, QPalette.ColorRole.Highlight), selected_text)
        palette.setColor(group, QPalette.ColorRole.Highlight, highlight)
        placeholder = over(palette.color(group, QPalette.ColorRole.PlaceholderText), base)
        palette.setColor(group, QPalette.ColorRole.PlaceholderText, readable(placeholder, base))
    return palette


def system_is_dark() -> bool:
    """Whether the desktop asks for a dark colour scheme (Qt 6.5+; False when it does not say)."""
    hints = QGuiApplication.styleHints()
    scheme = getattr(hints, "colorScheme", None)
    return scheme is not None and scheme() == Qt.ColorScheme.Dark


def apply_theme(app: QApplication, theme: str) -> bool:
    """Use the Fusion style with a light or dark palette; returns True when the result is dark."""
    app.setStyle("Fusion")
    dark = theme == "dark" or (theme == "system" and system_is_dark())
    app.setPalette(with_readable_text(dark_palette() if dark else app.style().standardPalette()))
    return dark
