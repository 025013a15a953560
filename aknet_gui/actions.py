"""The window's actions (menus, toolbars, shortcuts) in one place, and when each is enabled."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QSize, Qt, QTimer
from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import QApplication, QLabel, QMenu, QMenuBar, QMessageBox, QSlider, QToolBar, QToolButton

from aknet_gui.accessibility import describe
from aknet_gui.compare_view import MODES
from aknet_gui.icons import icon
from aknet_gui.language_menu import add_language_menu
from aknet_gui.support import SupportActions
from aknet_gui.theme import THEMES, apply_theme

if TYPE_CHECKING:
    from aknet_gui.main_window import MainWindow

Key = QKeySequence.StandardKey


class _CompactWhenNarrow(QObject):
    """Shows a toolbar's named buttons as icons only while the bar is too narrow for their names (a long language,
    a small window), so that what follows them (the strength slider) stays in view rather than behind »."""

    def __init__(self, bar: QToolBar, buttons: list[QToolButton]) -> None:
        super().__init__(bar)
        self.bar, self.buttons = bar, buttons
        self.saving = 0  # how much narrower the bar is with the buttons' names left out (measured while named)
        bar.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.bar and event.type() in (QEvent.Type.Resize, QEvent.Type.LayoutRequest):
            QTimer.singleShot(0, self, self.fit)  # after the bar has laid itself out; dropped with the bar
        return False

    def fit(self) -> None:
        """Names where they fit, icons only where they do not (where the bar shows its » overflow button)."""
        named = Qt.ToolButtonStyle.ToolButtonTextBesideIcon
        compact = any(button.toolButtonStyle() != named for button in self.buttons)
        overflow = self.bar.findChild(QToolButton, "qt_toolbar_ext_button")
        if not compact:
            if overflow is None or not overflow.isVisible():
                return
            self.saving = sum(button.sizeHint().width() - button.iconSize().width() - 12 for button in self.buttons)
            style = Qt.ToolButtonStyle.ToolButtonIconOnly
        elif self.bar.sizeHint().width() + self.saving + 48 <= self.bar.width():
            style = named
        else:
            return
        for button in self.buttons:
            button.setToolButtonStyle(style)


class WindowActions:
    """Creates and wires every action of a MainWindow."""

    def __init__(self, window: MainWindow) -> None:
        self.window = window
        self._icons: list[tuple[QAction | QToolButton, str]] = []
        w, f = window, window.files
        self.open = self._action(
            QCoreApplication.translate("WindowActions", "&Open photos…"),
            "open",
            f.open_files,
            Key.Open,
            QCoreApplication.translate("WindowActions", "Open one or more photos"),
        )
        self.open_folder = self._action(
            QCoreApplication.translate("WindowActions", "Open &folder…"), "open-folder", f.open_folder, "Ctrl+Shift+O"
        )
        self.save = self._action(
            QCoreApplication.translate("WindowActions", "&Save"),
            "save",
            f.save,
            Key.Save,
            QCoreApplication.translate("WindowActions", "Save the result with the output naming"),
        )
        self.save_as = self._action(
            QCoreApplication.translate("WindowActions", "Save &as…"), "save-as", f.save_as, Key.SaveAs
        )
        self.export_all = self._action(
            QCoreApplication.translate("WindowActions", "&Export all…"), "export-all", f.export_all, "Ctrl+E"
        )
        self.export_comparison = self._action(
            QCoreApplication.translate("WindowActions", "Export &comparison…"),
            "split",
            w.comparison.export,
            "Ctrl+Shift+C",
            QCoreApplication.translate("WindowActions", "Write a before/after picture to share"),
        )
        self.output_options = self._action(
            QCoreApplication.translate("WindowActions", "Output &options…"), "save-as", f.output_options, "Ctrl+Shift+E"
        )
        self.batch = self._action(
            QCoreApplication.translate("WindowActions", "&Batch folder…"),
            "batch",
            f.batch,
            "Ctrl+B",
            QCoreApplication.translate("WindowActions", "Restore a whole folder to files"),
        )
        self.quit = self._action(QCoreApplication.translate("WindowActions", "&Quit"), "quit", w.close, "Ctrl+Q")
        self.copy = self._action(
            QCoreApplication.translate("WindowActions", "&Copy result"),
            "copy",
            w.clipboard.copy,
            Key.Copy,
            QCoreApplication.translate("WindowActions", "Copy the shown result"),
        )
        self.paste = self._action(
            QCoreApplication.translate("WindowActions", "&Paste"),
            "paste",
            w.clipboard.paste,
            Key.Paste,
            QCoreApplication.translate("WindowActions", "Open a copied image or image files"),
        )
        c = w.controller
        self.restore = self._action(
            QCoreApplication.translate("WindowActions", "&Restore"),
            "restore",
            c.restore_current,
            "Ctrl+R",
            QCoreApplication.translate("WindowActions", "Restore the shown photo"),
        )
        self.restore_all = self._action(
            QCoreApplication.translate("WindowActions", "Restore &all"), "restore-all", c.restore_all, "Ctrl+Shift+R"
        )
        self.cancel = self._action(
            QCoreApplication.translate("WindowActions", "&Cancel"),
            "cancel",
            c.cancel,
            "Esc",
            QCoreApplication.translate("WindowActions", "Stop (within a second)"),
        )
        self.load_checkpoint = self._action(
            QCoreApplication.translate("WindowActions", "&Load checkpoint…"), "checkpoint", f.load_checkpoint, "Ctrl+L"
        )
        m = w.models
        self.install_model = self._action(
            QCoreApplication.translate("WindowActions", "&Install model…"),
            "install-model",
            m.install_from_dialog,
            tip=QCoreApplication.translate("WindowActions", "Check a checkpoint and copy it into your models folder"),
        )
        self.model_manager = self._action(
            QCoreApplication.translate("WindowActions", "Model &manager…"), "model-manager", m.open_manager, "Ctrl+M"
        )
        self.fit = self._action(
            QCoreApplication.translate("WindowActions", "&Fit"),
            "zoom-fit",
            w.compare.fit,
            "Ctrl+0",
            QCoreApplication.translate("WindowActions", "Fit the photo in the window"),
        )
        self.actual = self._action(
            QCoreApplication.translate("WindowActions", "&100%"),
            "zoom-100",
            w.compare.actual_size,
            "Ctrl+1",
            QCoreApplication.translate("WindowActions", "One photo pixel per screen pixel"),
        )
        self.zoom_in = self._action(
            QCoreApplication.translate("WindowActions", "Zoom &in"), "zoom-in", w.compare.zoom_in, Key.ZoomIn
        )
        self.zoom_out = self._action(
            QCoreApplication.translate("WindowActions", "Zoom &out"), "zoom-out", w.compare.zoom_out, Key.ZoomOut
        )
        self.about = self._action(
            QCoreApplication.translate("WindowActions", "&About AKNet Studio"), "about", w.about, Key.HelpContents
        )
        self.shortcuts = self._action(
            QCoreApplication.translate("WindowActions", "&Keyboard shortcuts"), "info", self._show_shortcuts
        )
        self.remove = self._action(
            QCoreApplication.translate("WindowActions", "&Remove from the list"),
            "remove",
            self._remove_current,
            Key.Delete,
        )
        self.modes = QActionGroup(window)
        self.mode_actions: dict[str, QAction] = {}
        for number, (mode, label) in enumerate(MODES.items(), start=1):
            text = QCoreApplication.translate("CompareView", label)
            action = self._action(text, mode, lambda m=mode: w.set_compare_mode(m), str(number))
            action.setCheckable(True)
            self.modes.addAction(action)
            self.mode_actions[mode] = action
        self.strength_down = self._action(
            QCoreApplication.translate("WindowActions", "Less strength"), "strength", lambda: self._nudge(-10), "["
        )
        self.strength_up = self._action(
            QCoreApplication.translate("WindowActions", "More strength"), "strength", lambda: self._nudge(+10), "]"
        )
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
        self.main_bar = QToolBar(QCoreApplication.translate("WindowActions", "Main"), self.window)
        self.main_bar.setObjectName("MainToolbar")
        self.main_bar.setIconSize(QSize(20, 20))
        self.main_bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        for action in (self.open, self.open_folder, None, self.restore, self.restore_all, self.cancel, None):
            self.main_bar.addSeparator() if action is None else self.main_bar.addAction(action)
        for action in (self.save, self.save_as, self.export_all, self.batch):
            self.main_bar.addAction(action)

        self.view_bar = QToolBar(QCoreApplication.translate("WindowActions", "View"), self.window)
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
        self.hold.setText(QCoreApplication.translate("WindowActions", "Original"))
        self.hold.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.hold.setToolTip(
            QCoreApplication.translate(
                "WindowActions", "Hold to see the original (or hold \\, or the right mouse button)"
            )
        )
        self.hold.pressed.connect(lambda: self.window.compare.set_hold(True))
        self.hold.released.connect(lambda: self.window.compare.set_hold(False))
        self._icons.append((self.hold, "hold-original"))
        self.view_bar.addWidget(self.hold)
        self.view_bar.addSeparator()
        strength_label = QLabel(QCoreApplication.translate("WindowActions", "Strength"), self.window)
        strength_label.setContentsMargins(6, 0, 6, 0)
        self.view_bar.addWidget(strength_label)
        self.strength = QSlider(Qt.Orientation.Horizontal, self.window)
        strength_label.setBuddy(self.strength)
        self.strength.setRange(0, 100)
        self.strength.setValue(100)
        self.strength.setFixedWidth(120)
        self.strength.setToolTip(
            QCoreApplication.translate(
                "WindowActions", "Blend the result with the original; saved files use this strength ([ and ])"
            )
        )
        self.strength_value = QLabel("100%", self.window)
        self.strength_value.setMinimumWidth(40)
        self.strength.valueChanged.connect(lambda value: self.strength_value.setText(f"{value}%"))
        self.view_bar.addWidget(self.strength)
        self.view_bar.addWidget(self.strength_value)
        named = [self.view_bar.widgetForAction(action) for action in self.mode_actions.values()]
        self._compact = _CompactWhenNarrow(self.view_bar, [*named, self.hold])
        describe(self.hold, QCoreApplication.translate("WindowActions", "Show the original"), self.hold.toolTip())
        describe(self.strength, QCoreApplication.translate("WindowActions", "Strength"), self.strength.toolTip())
        describe(self.strength_value, QCoreApplication.translate("WindowActions", "Strength in percent"))
        self.refresh_icons()

    def build_menus(self, bar: QMenuBar) -> None:
        """File, Restore, Model, View and Help menus."""
        file = bar.addMenu(QCoreApplication.translate("WindowActions", "&File"))
        file.addActions([self.open, self.open_folder])
        self.recent = file.addMenu(icon("recent"), QCoreApplication.translate("WindowActions", "Open &recent"))
        self.recent.aboutToShow.connect(self._fill_recent)
        file.addSeparator()
        file.addActions([self.save, self.save_as, self.export_all, self.export_comparison, self.output_options])
        file.addAction(self.batch)
        file.addSeparator()
        file.addActions([self.remove, self.quit])
        edit = bar.addMenu(QCoreApplication.translate("WindowActions", "&Edit"))
        edit.addActions([self.copy, self.paste])
        run = bar.addMenu(QCoreApplication.translate("WindowActions", "&Restore"))
        run.addActions([self.restore, self.restore_all, self.cancel])
        model = bar.addMenu(QCoreApplication.translate("WindowActions", "&Model"))
        model.addActions([self.load_checkpoint, self.install_model, self.model_manager])
        view = bar.addMenu(QCoreApplication.translate("WindowActions", "&View"))
        view.addActions(list(self.mode_actions.values()))
        view.addSeparator()
        view.addActions([self.fit, self.actual, self.zoom_in, self.zoom_out])
        view.addSeparator()
        view.addActions([self.strength_down, self.strength_up])
        view.addSeparator()
        themes = view.addMenu(QCoreApplication.translate("WindowActions", "&Theme"))
        group = QActionGroup(self.window)
        for key, label in THEMES.items():
            action = themes.addAction(QCoreApplication.translate("Theme", label), lambda k=key: self.set_theme(k))
            action.setCheckable(True)
            action.setChecked(self.window.settings.theme == key)
            group.addAction(action)
        help_menu = bar.addMenu(QCoreApplication.translate("WindowActions", "&Help"))
        help_menu.addActions([self.shortcuts, self.about])
        self.support = SupportActions(self.window)  # Copy system info, Open log folder
        self.support.add_to(help_menu)
        add_language_menu(view, self.window.settings, self.window.notice)

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
        why = reason or (QCoreApplication.translate("WindowActions", "Open a photo first.") if not has_current else "")
        tip = QCoreApplication.translate("WindowActions", "Restore the shown photo") + " (Ctrl+R)"
        self.restore.setToolTip(f"{tip}: {why}" if why and not ready else tip)
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
            menu.addAction(QCoreApplication.translate("WindowActions", "No recent photos")).setEnabled(False)
        else:
            menu.addSeparator()
            menu.addAction(
                QCoreApplication.translate("WindowActions", "Clear the list"), self.window.settings.clear_recent
            )

    def shortcut_text(self) -> str:
        """The keyboard shortcuts, for the Help menu."""
        native = QKeySequence.SequenceFormat.NativeText
        rows = [(action.text().replace("&", ""), action.shortcut().toString(native)) for action in self.all()]
        lines = [f"{name}: {keys}" for name, keys in rows if keys]
        return "\n".join(
            [
                *lines,
                QCoreApplication.translate("WindowActions", "Show the original: hold \\ or the right mouse button"),
            ]
        )

    def _show_shortcuts(self) -> None:
        QMessageBox.information(
            self.window, QCoreApplication.translate("WindowActions", "Keyboard shortcuts"), self.shortcut_text()
        )
