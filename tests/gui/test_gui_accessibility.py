"""Accessibility: every control has a name a screen reader can say, focus is visible, text and overlays meet WCAG AA
in both themes, and the Tab order reaches every control of the window in reading order."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible, QColor, QPalette
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSlider,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QGraphicsView,
    QLineEdit,
    QScrollBar,
    QTextEdit,
    QWidget,
)

from aknet_gui.about_dialog import AboutDialog
from aknet_gui.accessibility import FocusRings, focus_colour
from aknet_gui.batch_dialog import BatchDialog
from aknet_gui.comparison_export import ComparisonDialog
from aknet_gui.contrast import AA_GRAPHICS, AA_TEXT, contrast_ratio, over, readable
from aknet_gui.crash_report import CrashDialog
from aknet_gui.icons import STATUS_COLOURS
from aknet_gui.image_view import BACKGROUND, CAPTION_BOX, CAPTION_TEXT, PLACEHOLDER_TEXT, SPLIT_HANDLE, SPLIT_LINE
from aknet_gui.main_window import MainWindow
from aknet_gui.model_manager import ModelManagerDialog
from aknet_gui.output_options import OutputDialog
from aknet_gui.scanner import FolderScanner
from aknet_gui.settings import OutputSettings
from aknet_gui.theme import apply_theme

pytestmark = pytest.mark.gui

INTERACTIVE = (QAbstractButton, QComboBox, QLineEdit, QAbstractSpinBox, QAbstractSlider, QAbstractItemView, QTextEdit)
VIEWS = (QAbstractItemView, QGraphicsView, QTextEdit)
Role = QPalette.ColorRole


def controls(root: QWidget) -> Iterator[QWidget]:
    """The controls and views a user reaches in a window (not the parts Qt builds inside them)."""
    for widget in root.findChildren(QWidget):
        if not isinstance(widget, INTERACTIVE + VIEWS) or isinstance(widget, QScrollBar):
            continue
        parent = widget.parentWidget()
        inner = False
        while parent is not None and parent is not root:
            inner = inner or isinstance(parent, (QComboBox, QAbstractSpinBox, QAbstractItemView))
            parent = parent.parentWidget()
        if not inner and widget.objectName() not in ("qt_toolbar_ext_button", "qt_menubar_ext_button"):
            yield widget


def accessible(widget: QWidget, what: QAccessible.Text) -> str:
    """What assistive technology reads for a widget: its name or its description. (On Linux a picker's accessible
    text is its value and its name comes from its label's relation, so the name set on it counts too.)"""
    own = widget.accessibleName() if what == QAccessible.Text.Name else widget.accessibleDescription()
    interface = QAccessible.queryAccessibleInterface(widget)
    return own.strip() or (interface.text(what).strip() if interface is not None else "")


def dialogs(window: MainWindow, tmp_path) -> list[QWidget]:
    """The app's dialogs, built as the window builds them."""
    scanner = FolderScanner(window)
    gpus = ["cuda:0", "cuda:1"]  # the Run on picker too
    batch = BatchDialog("Dehaze", "dehaze", 1.0, str(tmp_path), False, OutputSettings(), scanner, window, gpus=gpus)
    output = OutputDialog("Output options", "dehaze", OutputSettings(), False, "OK", "note", window)
    comparison = ComparisonDialog(tmp_path / "photo_comparison.jpg", "split", window)
    manager = ModelManagerDialog(window.models.library, window)
    return [batch, output, AboutDialog(None, "", window), comparison, manager, CrashDialog(window)]


def test_every_control_and_view_has_a_name_and_the_pickers_and_views_a_description(qtbot, window, tmp_path):
    unnamed, undescribed, checked = [], [], 0
    for root in [window, *dialogs(window, tmp_path)]:
        for widget in controls(root):
            checked += 1
            label = f"{type(root).__name__}: {type(widget).__name__} {accessible(widget, QAccessible.Text.Name)!r}"
            if not accessible(widget, QAccessible.Text.Name):
                unnamed.append(label)
            needs_description = isinstance(widget, (*VIEWS, QComboBox, QLineEdit, QAbstractSlider))
            if needs_description and not accessible(widget, QAccessible.Text.Description):
                undescribed.append(label)
    assert checked > 40, checked
    assert not unnamed, "controls a screen reader cannot name:\n" + "\n".join(unnamed)
    assert not undescribed, "pickers and views without a description:\n" + "\n".join(undescribed)


def activate(qtbot, window: QWidget) -> None:
    """Make a window the active one (keyboard focus and shortcuts go there)."""
    window.raise_()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=2000)


def test_tab_reaches_every_control_of_the_window_in_reading_order(qtbot, window):
    activate(qtbot, window)
    panel = window.engine_panel
    panel.task.setFocus()
    visited = [panel.task]
    for _ in range(40):
        QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        if QApplication.focusWidget() is panel.task:
            break
        visited.append(QApplication.focusWidget())
    expected = [panel.task, panel.model, panel.device, window.image_list, window.actions.hold, window.actions.strength]
    expected += [window.compare.left, window.compare.right]
    order = [visited.index(widget) for widget in expected if widget in visited]
    assert len(order) == len(expected), [type(w).__name__ for w in visited]
    assert order == sorted(order), "Tab goes through the window out of reading order"
    # every control that can take focus from Tab and is visible is in the cycle
    reachable = [w for w in controls(window) if w.isVisible() and w.isEnabled() and w.focusPolicy() & Qt.TabFocus]
    missing = [type(w).__name__ + " " + accessible(w, QAccessible.Text.Name) for w in reachable if w not in visited]
    assert not missing, missing


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_the_focused_control_has_a_ring_that_stands_out(qtbot, window, theme):
    apply_theme(QApplication.instance(), theme)
    activate(qtbot, window)
    for widget in (window.engine_panel.task, window.image_list, window.compare.right):
        widget.setFocus(Qt.FocusReason.TabFocusReason)
        qtbot.waitUntil(lambda w=widget: (r := FocusRings.install().ring_for(w)) is not None and r.isVisible())
        ring = FocusRings.install().ring_for(widget)
        assert ring.widget() is widget
        frame = ring.geometry()
        assert frame.contains(widget.geometry())
        picture = ring.parentWidget().grab().toImage()
        edge = picture.pixelColor(frame.left() + 1, frame.center().y())
        colour = focus_colour(window.palette())
        assert (
            abs(edge.red() - colour.red()) + abs(edge.green() - colour.green()) + abs(edge.blue() - colour.blue()) < 60
        )
    palette = window.palette()
    for role in (Role.Window, Role.Base):
        assert contrast_ratio(focus_colour(palette), palette.color(role)) >= AA_GRAPHICS


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_text_colours_meet_wcag_aa_in_both_themes(qapp, theme):
    apply_theme(qapp, theme)
    palette = qapp.palette()
    pairs = [
        (Role.WindowText, Role.Window),
        (Role.Text, Role.Base),
        (Role.Text, Role.AlternateBase),
        (Role.ButtonText, Role.Button),
        (Role.HighlightedText, Role.Highlight),
        (Role.ToolTipText, Role.ToolTipBase),
        (Role.PlaceholderText, Role.Base),
        (Role.Link, Role.Base),
    ]
    failing = []
    for group in (QPalette.ColorGroup.Active, QPalette.ColorGroup.Inactive):
        for text, background in pairs:
            ratio = contrast_ratio(palette.color(group, text), palette.color(group, background))
            if ratio < AA_TEXT:
                failing.append(f"{group.name} {text.name} on {background.name}: {ratio:.2f}")
    for status, colour in STATUS_COLOURS.items():  # failed and cancelled photos are listed in their colour
        base = palette.color(Role.Base)
        ratio = contrast_ratio(readable(QColor(colour), base), base)
        if ratio < AA_TEXT:
            failing.append(f"{status} in the list: {ratio:.2f}")
    assert not failing, failing


def test_overlays_on_the_photo_meet_wcag_aa_over_any_photo():
    for photo in (QColor("white"), QColor("black"), QColor(128, 128, 128), BACKGROUND):
        box = over(CAPTION_BOX, photo)
        assert contrast_ratio(CAPTION_TEXT, box) >= AA_TEXT, photo.name()
        handle = over(SPLIT_HANDLE, photo)
        assert contrast_ratio(SPLIT_LINE, handle) >= AA_TEXT, photo.name()  # the ⇔ on the split handle
    assert contrast_ratio(PLACEHOLDER_TEXT, BACKGROUND) >= AA_TEXT


def test_readable_keeps_hue_and_reaches_the_ratio():
    for background in (QColor("white"), QColor(30, 30, 32), QColor(239, 239, 239)):
        for colour in ("#d64541", "#c98a00", "#7a7a7a", "#2e9d4f"):
            adjusted = readable(QColor(colour), background)
            assert contrast_ratio(adjusted, background) >= AA_TEXT
            assert abs(adjusted.hslHueF() - QColor(colour).hslHueF()) < 0.05 or QColor(colour).hslSaturationF() < 0.1
