"""The window's actions (menus, toolbars, shortcuts) in one place, and when each is enabled."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import QApplication, QLabel, QMenu, QMenuBar, QMessageBox, QSlider, QToolBar, QToolButton

from aknet_gui.compare_view import MODES
from aknet_gui.icons import icon
from aknet_gui.support import SupportActions
from aknet_gui.theme import THEMES, apply_theme

if TYPE_CHECKING:
    from aknet_gui.main_window import MainWindow

Key = QKeySequence.StandardKey


class WindowActions:
    """Creates and wires every action of a MainWindow."""

    def __init__(self, window: MainWindow) -> None:
        self.window = window
        self._icons: list[tuple[QAction | QToolButton, str]] = []
        w, f = window, window.files
        self.open = self._action("&Open photos…", "open", f.open_files, Key.Open, "Open one or more photos")
        self.open_folder = self._action("Open &folder…", "open-folder", f.open_folder, "Ctrl+Shift+O")
        self.save = self._action("&Save", "save", f.save, Key.Save, "Save the result with the output naming")
        self.save_as = self._action("Save &as…", "save-as", f.save_as, Key.SaveAs)
        self.export_all = self._action("&Export all…", "export-all", f.export_all, "Ctrl+E")
        self.export_comparison = self._action(
            "Export &comparison…", "split", w.comparison.export, "Ctrl+Shift+C", "Write a before/after picture to share"
        )
        self.output_options = self._action("Output &options…", "save-as", f.output_options, "Ctrl+Shift+E")
        self.batch = self._action("&Batch folder…", "batch", f.batch, "Ctrl+B", "Restore a whole folder to files")
        self.quit = self._action("&Quit", "quit", w.close, "Ctrl+Q")
        self.copy = self._action("&Copy result", "copy", w.clipboard.copy, Key.Copy, "Copy the shown result")
        self.paste = self._action("&Paste", "paste", w.clipboard.paste, Key.Paste, "Open a copied image or image files")
        c = w.controller
        self.restore = self._action("&Restore", "restore", c.restore_current, "Ctrl+R", "Restore the shown photo")
        self.restore_all = self._action("Restore &all", "restore-all", c.restore_all, "Ctrl+Shift+R")
        self.cancel = self._action("&Cancel", "cancel", c.cancel, "Esc", "Stop (within a second)")
        self.load_checkpoint = self._action("&Load checkpoint…", "checkpoint", f.load_checkpoint, "Ctrl+L")
        m = w.models
        self.install_model = self._action("&Install model…", "install-model", m.install_from_dialog, tip=(
            "Check a checkpoint and copy it into your models folder"))  # fmt: skip
        self.model_manager = self._action("Model &manager…", "model-manager", m.open_manager, "Ctrl+M")
        self.fit = self._action("&Fit", "zoom-fit", w.compare.fit, "Ctrl+0", "Fit the photo in the window")
        self.actual = self._action(
            "&100%", "zoom-100", w.compare.actual_size, "Ctrl+1", "One photo pixel per screen pixel"
        )
        self.zoom_in = self._action("Zoom &in", "zoom-in", w.compare.zoom_in, Key.ZoomIn)
        self.zoom_out = self._action("Zoom &out", "zoom-out", w.compare.zoom_out, Key.ZoomOut)
        self.about = self._action("&About AKNet Studio", "about", w.about, Key.HelpContents)
        self.shortcuts = self._action("&Keyboard shortcuts", "info", self._show_shortcuts)
        self.remove = self._action("&Remove from the list", "remove", self._remove_current, Key.Delete)
        self.modes = QActionGroup(window)
        self.mode_actions: dict[str, QAction] = {}
        for number, (mode, label) in enumerate(MODES.items(), start=1):
            action = self._action(label, mode, lambda m=mode: w.set_compare_mode(m), str(number))
            action.setCheckable(True)
            self.modes.addAction(action)
            self.mode_actions[mode] = action
        self.strength_down = self._action("Less strength", "strength", lambda: self._nudge(-10), "[")
        self.strength_up = self._action("More strength", "strength", lambda: self._nudge(+10), "]")
        self._build_bars()

    def _action(self, text: str, role: str, slot, shortcut=None, tip: str = "") -> QAction:
        action = QAction(icon(role), text, self.window)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        name = text.replace("&", "").rstrip("…")
        shortcut_text = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
        action.setToolTip(f"{tip or name} ({shortcut_text})" if shortcut_text else tip or name)
        action.setStatusTip(tip or name)
        action.triggered.connect(lambda *_: slot())
        self.window.addAction(action)  # shortcuts work wherever the focus is
        self._icons.append((action, role))
        return action

    def _build_bars(self) -> None:
        self.main_bar = QToolBar("Main", self.window)
        self.main_bar.setObjectName("MainToolbar")
        self.main_bar.setIconSize(QSize(20, 20))
        self.main_bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        for action in (self.open, self.open_folder, None, self.restore, self.restore_all, self.cancel, None):
            self.main_bar.addSeparator() if action is None else self.main_bar.addAction(action)
        for action in (self.save, self.save_as, self.export_all, self.batch):
            self.main_bar.addAction(action)

        self.view_bar = QToolBar("View", self.window)
        self.view_bar.setObjectName("ViewToolbar")
        self.view_bar.setIconSize(QSize(18, 18))
        self.view_bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        for action in self.mode_actions.values():
            self.view_bar.addAction(action)
        self.view_bar.addSeparator()
        for action in (self.fit, self.actual, self.zoom_out, self.zoom_in):
            self.view_bar.addAction(action)
            self.view_bar.widgetForAction(action).setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonIconOnly)
        self.view_bar.addSeparator()
        self.hold = QToolButton(self.window)
        self.hold.setText("Original")
        self.hold.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.hold.setToolTip("Hold to see the original (or hold \\, or the right mouse button)")
        self.hold.pressed.connect(lambda: self.window.compare.set_hold(True))
        self.hold.released.connect(lambda: self.window.compare.set_hold(False))
        self._icons.append((self.hold, "hold-original"))
        self.view_bar.addWidget(self.hold)
        self.view_bar.addSeparator()
        self.view_bar.addWidget(QLabel(" Strength ", self.window))
        self.strength = QSlider(Qt.Orientation.Horizontal, self.window)
        self.strength.setRange(0, 100)
        self.strength.setValue(100)
        self.strength.setFixedWidth(160)
        self.strength.setToolTip("Blend the result with the original; saved files use this strength ([ and ])")
        self.strength_value = QLabel("100%", self.window)
        self.strength_value.setMinimumWidth(40)
        self.strength.valueChanged.connect(lambda value: self.strength_value.setText(f"{value}%"))
        self.view_bar.addWidget(self.strength)
        self.view_bar.addWidget(self.strength_value)
        self.refresh_icons()

    def build_menus(self, bar: QMenuBar) -> None:
        """File, Restore, Model, View and Help menus."""
        file = bar.addMenu("&File")
        file.addActions([self.open, self.open_folder])
        self.recent = file.addMenu(icon("recent"), "Open &recent")
        self.recent.aboutToShow.connect(self._fill_recent)
        file.addSeparator()
        file.addActions([self.save, self.save_as, self.export_all, self.export_comparison, self.output_options])
        file.addAction(self.batch)
        file.addSeparator()
        file.addActions([self.remove, self.quit])
        edit = bar.addMenu("&Edit")
        edit.addActions([self.copy, self.paste])
        run = bar.addMenu("&Restore")
        run.addActions([self.restore, self.restore_all, self.cancel])
        model = bar.addMenu("&Model")
        model.addActions([self.load_checkpoint, self.install_model, self.model_manager])
        view = bar.addMenu("&View")
        view.addActions(list(self.mode_actions.values()))
        view.addSeparator()
        view.addActions([self.fit, self.actual, self.zoom_in, self.zoom_out])
        view.addSeparator()
        view.addActions([self.strength_down, self.strength_up])
        view.addSeparator()
        themes = view.addMenu("&Theme")
        group = QActionGroup(self.window)
        for key, label in THEMES.items():
            action = themes.addAction(label, lambda k=key: self.set_theme(k))
            action.setCheckable(True)
            action.setChecked(self.window.settings.theme == key)
            group.addAction(action)
        help_menu = bar.addMenu("&Help")
        help_menu.addActions([self.shortcuts, self.about])
        self.support = SupportActions(self.window)  # Copy system info, Open log folder
        self.support.add_to(help_menu)

    def all(self) -> list[QAction]:
        """Every action with an icon (for the shortcut list)."""
        return [item for item, _ in self._icons if isinstance(item, QAction)]

    def track_icon(self, item: QAction | QToolButton, role: str) -> None:
        """Give a widget the icon of a role and redraw it with the others after a theme change."""
        item.setIcon(icon(role))
        self._icons.append((item, role))

    def refresh_icons(self) -> None:
        """Redraw the icons in the palette's colours (after a theme change)."""
        for item, role in self._icons:
            item.setIcon(icon(role))

    def set_theme(self, theme: str) -> None:
        """Switch between the system's, a light and a dark palette, and remember it."""
        self.window.settings.theme = theme
        apply_theme(QApplication.instance(), theme)
        self.refresh_icons()

    def check_mode(self, mode: str) -> None:
        """Tick the compare mode shown."""
        if mode in self.mode_actions:
            self.mode_actions[mode].setChecked(True)

    def update(
        self,
        *,
        busy: bool,
        ready: bool,
        has_current: bool,
        has_entries: bool,
        has_result: bool,
        has_results: bool,
        reason: str,
        shows_result: bool = False,
    ) -> None:
        """Enable what can be done now; a disabled Restore says why in its tooltip."""
        self.restore.setEnabled(ready and has_current and not busy)
        self.restore_all.setEnabled(ready and has_entries and not busy)
        why = reason or ("Open a photo first." if not has_current else "")
        self.restore.setToolTip(f"Restore the shown photo (Ctrl+R){': ' + why if why and not ready else ''}")
        self.cancel.setEnabled(busy)
        self.save.setEnabled(has_result and not busy)
        self.save_as.setEnabled(has_result and not busy)
        self.export_all.setEnabled(has_results and not busy)
        self.batch.setEnabled(ready and not busy)
        self.load_checkpoint.setEnabled(not busy)
        self.remove.setEnabled(has_current and not busy)
        self.copy.setEnabled(shows_result)
        self.export_comparison.setEnabled(shows_result and not busy)

    def _nudge(self, step: int) -> None:
        self.strength.setValue(self.strength.value() + step)

    def _remove_current(self) -> None:
        self.window.remove_entry(self.window.session.current)

    def _fill_recent(self) -> None:
        menu: QMenu = self.recent
        menu.clear()
        recent = self.window.settings.recent_files
        for path in recent:
            menu.addAction(path, lambda p=path: self.window.open_paths([p]))
        if not recent:
            menu.addAction("No recent photos").setEnabled(False)
        else:
            menu.addSeparator()
            menu.addAction("Clear the list", self.window.settings.clear_recent)

    def shortcut_text(self) -> str:
        """The keyboard shortcuts, for the Help menu."""
        native = QKeySequence.SequenceFormat.NativeText
        rows = [(action.text().replace("&", ""), action.shortcut().toString(native)) for action in self.all()]
        lines = [f"{name}: {keys}" for name, keys in rows if keys]
        return "\n".join([*lines, "Show the original: hold \\ or the right mouse button"])

    def _show_shortcuts(self) -> None:
        QMessageBox.information(self.window, "Keyboard shortcuts", self.shortcut_text())
