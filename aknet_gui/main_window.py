"""The main window: image list and pickers on the left, the compare view on the right, menus,
toolbars, shortcuts and a status bar. It forwards what the user does to the controller; the File and
Model menus' dialogs live in file_dialogs.FileDialogs (`window.files`)."""

from __future__ import annotations

from itertools import pairwise
from pathlib import Path

from PySide6.QtCore import QEvent, QLocale, QObject, Qt, QTimer
from PySide6.QtGui import QCloseEvent, QDragEnterEvent, QDropEvent, QGuiApplication, QKeyEvent
from PySide6.QtWidgets import (
    QApplication,
    QLabel,
    QMainWindow,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from aknet_gui.about_dialog import AboutDialog
from aknet_gui.accessibility import FocusRings, describe
from aknet_gui.actions import WindowActions
from aknet_gui.clipboard import Clipboard
from aknet_gui.compare_view import CompareView
from aknet_gui.compare_with import CompareWithBox
from aknet_gui.comparison_export import ComparisonExport
from aknet_gui.controller import Controller
from aknet_gui.core_text import core_text
from aknet_gui.engine_panel import EnginePanel
from aknet_gui.file_dialogs import FileDialogs
from aknet_gui.finish_alert import FinishAlert
from aknet_gui.icons import app_icon
from aknet_gui.image_list import ImageList, dropped_paths
from aknet_gui.jobs import EngineFactory
from aknet_gui.model_install import ModelInstaller
from aknet_gui.notice_bar import NoticeBar
from aknet_gui.runs import report_html
from aknet_gui.settings import Settings
from aknet_gui.signal_refcount import protect_singletons
from core.progress import Status
from core.tasks import TASKS


class MainWindow(QMainWindow):
    """AKNet Studio's window; `session` holds the images, `controller` runs the work, `compare` is the view."""

    def __init__(
        self, settings: Settings | None = None, engine_factory: EngineFactory | None = None, start: bool = True
    ) -> None:
        super().__init__()
        protect_singletons()  # before the first of the many signals a session emits
        self.setWindowTitle("AKNet Studio")
        self.setWindowIcon(app_icon())
        self.settings = settings or Settings()
        problems = self.settings.startup_problems()  # a damaged file is reset before anything reads it
        self.controller = Controller(self.settings, engine_factory, self)
        self.session = self.controller.session
        self.compare = CompareView(self)
        self.files = FileDialogs(self)
        self.clipboard = Clipboard(self)
        self.comparison = ComparisonExport(self)
        self.finish_alert = FinishAlert(self)
        self.models = ModelInstaller(self)  # the models folder, scanned now
        self.actions = WindowActions(self)
        self._build()
        self._describe()
        self._connect()
        self._restore_settings()
        if problems:
            self.notice.show_message("warning", " ".join(problems))
        self.setAcceptDrops(True)
        QApplication.instance().installEventFilter(self)
        self.refresh_engine()
        self._update_actions()
        if start:
            QTimer.singleShot(0, self.controller.start)

    # Layout -----------------------------------------------------------------------------------------
    def _build(self) -> None:
        a = self.actions
        self.engine_panel = EnginePanel(self)
        self.image_list = ImageList(self)
        self.image_list.setMinimumWidth(220)
        run_row = QWidget(self)
        run_layout = QVBoxLayout(run_row)
        run_layout.setContentsMargins(0, 0, 0, 0)
        self.restore_button = QPushButton(a.restore.icon(), self.tr("Restore"), run_row)
        self.restore_button.clicked.connect(a.restore.trigger)
        self.restore_all_button = QPushButton(a.restore_all.icon(), self.tr("Restore all"), run_row)
        self.restore_all_button.clicked.connect(a.restore_all.trigger)
        run_layout.addWidget(self.restore_button)
        run_layout.addWidget(self.restore_all_button)
        left = QWidget(self)
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(6, 6, 0, 6)
        left_layout.addWidget(self.engine_panel)
        left_layout.addWidget(self.image_list, 1)
        left_layout.addWidget(run_row)

        self.notice = NoticeBar(self)
        right = QWidget(self)
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 6, 6, 6)
        right_layout.addWidget(self.notice)
        self.compare_with = CompareWithBox(self.controller.ab, self)
        a.view_bar.insertWidget(a.fit, self.compare_with.button(a))
        a.view_bar.insertWidget(a.fit, self.compare_with)
        a.view_bar.insertSeparator(a.fit)
        right_layout.addWidget(a.view_bar)
        right_layout.addWidget(self.compare, 1)

        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.addWidget(left)
        self.splitter.addWidget(right)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([280, 1000])
        self.setCentralWidget(self.splitter)
        self.addToolBar(a.main_bar)
        a.build_menus(self.menuBar())

        status = self.statusBar()
        self.progress = QProgressBar(self)
        self.progress.setRange(0, 1000)
        self.progress.setMaximumWidth(220)
        self.progress.setTextVisible(False)
        self.progress_text = QLabel(self)
        self.cancel_button = QPushButton(a.cancel.icon(), self.tr("Cancel"), self)
        self.cancel_button.clicked.connect(a.cancel.trigger)
        self.image_label, self.time_label, self.device_label, self.zoom_label = (QLabel(self) for _ in range(4))
        status.addWidget(self.progress_text, 1)
        for widget in (self.progress, self.cancel_button):
            status.addPermanentWidget(widget)
            widget.hide()
        for label in (self.image_label, self.time_label, self.device_label, self.zoom_label):
            status.addPermanentWidget(label)

    def _describe(self) -> None:
        """Names and descriptions for screen readers, and the Tab order: pickers, list, buttons, views."""
        FocusRings.install()
        describe(
            self.image_list,
            self.tr("Photos"),
            self.tr("The opened photos and their status; arrow keys choose the one shown, Delete removes it."),
        )
        describe(self.restore_button, self.tr("Restore"), self.tr("Restore the shown photo (Ctrl+R)"))
        describe(self.restore_all_button, self.tr("Restore all"), self.tr("Restore every photo in the list"))
        describe(self.cancel_button, self.tr("Cancel"), self.tr("Stop restoring (Esc)"))
        describe(self.progress, self.tr("Progress"))
        describe(self.progress_text, self.tr("Progress details"))
        describe(self.image_label, self.tr("Photo size"))
        describe(self.time_label, self.tr("Restoration time"))
        describe(self.device_label, self.tr("Device"))
        describe(self.zoom_label, self.tr("Zoom"))
        describe(self.actions.main_bar, self.tr("Main toolbar"))
        describe(self.actions.view_bar, self.tr("View toolbar"))
        describe(self.splitter, self.tr("Photos and comparison"))
        e, a, n = self.engine_panel, self.actions, self.notice
        chain = [e.task, e.model, e.device, e.load_button, self.image_list, self.restore_button]
        chain += [self.restore_all_button, n.action, n.dismiss_button, a.hold, a.strength, self.compare.left]
        chain += [self.compare.right, self.cancel_button]
        for first, second in pairwise(chain):
            QWidget.setTabOrder(first, second)

    def _connect(self) -> None:
        c, s = self.controller, self.session
        s.entriesAdded.connect(self._entries_added)
        s.entryChanged.connect(self._entry_changed)
        s.thumbnailReady.connect(self.image_list.set_thumbnail)
        s.currentChanged.connect(self._current_changed)
        s.displayChanged.connect(self._display_changed)
        c.engineChanged.connect(self.refresh_engine)
        c.devicesChanged.connect(lambda _: self.refresh_engine())
        c.busyChanged.connect(self._busy_changed)
        c.progressChanged.connect(self._progress_changed)
        c.noticeRaised.connect(self.notice.show_message)
        c.runFinished.connect(self._run_finished)
        self.image_list.entrySelected.connect(s.select)
        self.image_list.filesDropped.connect(self.open_paths)
        self.image_list.removeRequested.connect(self.remove_entry)
        self.image_list.restoreRequested.connect(lambda entry: c.restore([entry]))
        self.engine_panel.taskChosen.connect(c.engine.set_task)
        self.engine_panel.weightsChosen.connect(c.engine.set_weights)
        self.engine_panel.deviceChosen.connect(c.engine.set_device)
        self.engine_panel.precisionChosen.connect(c.engine.set_precision)
        self.engine_panel.loadCheckpointRequested.connect(self.files.load_checkpoint)
        self.compare.zoomChanged.connect(lambda zoom: self.zoom_label.setText(self._zoom_text(zoom)))
        self.compare.holdChanged.connect(self.actions.hold.setDown)
        self.actions.strength.valueChanged.connect(self._strength_changed)
        c.ab.referenceChanged.connect(self._reference_changed)

    # Settings ---------------------------------------------------------------------------------------
    def _restore_settings(self) -> None:
        s = self.settings
        if s.geometry is not None:
            self.restoreGeometry(s.geometry)
        else:
            self.resize(1360, 860)
        if s.splitter_state is not None:
            self.splitter.restoreState(s.splitter_state)
        self.set_compare_mode(s.compare_mode)

    def _save_settings(self) -> None:
        s = self.settings
        s.geometry = self.saveGeometry()
        s.splitter_state = self.splitter.saveState()
        s.compare_mode = self.compare.mode
        s.sync()

    # Opening ----------------------------------------------------------------------------------------
    def open_paths(self, paths: list[Path]) -> None:
        """Add files and folders (folders with their subfolders when the batch setting says so); install
        checkpoints among them into the models folder."""
        paths = self.models.take_dropped([Path(p) for p in paths])  # checkpoints are installed, not opened
        if paths:
            folder = paths[0] if paths[0].is_dir() else paths[0].parent
            self.settings.set_folder("open", folder)
            self.session.add_paths(paths, recursive=self.settings.batch_recursive)

    def remove_entry(self, entry: int) -> None:
        """Take an image off the list."""
        if self.controller.busy():
            return
        self.controller.remove(entry)
        self.image_list.remove_entry(entry)
        self._update_actions()

    # Viewing ----------------------------------------------------------------------------------------
    def set_compare_mode(self, mode: str) -> None:
        """side-by-side, split or single."""
        self.compare.set_mode(mode)
        self.actions.check_mode(self.compare.mode)

    def about(self) -> None:
        """Show the About dialog with the model's metadata and provenance."""
        info = self.controller.engine.info
        AboutDialog(info.description if info else None, info.device_label if info else "", self).exec()

    def _zoom_text(self, zoom: float) -> str:
        return self.tr("Zoom {percent}%").format(percent=f"{zoom * 100:.0f}")

    def _strength_changed(self, value: int) -> None:
        self.controller.set_strength(value / 100)
        self._apply_strength()

    def _apply_strength(self) -> None:
        applies = self.session.strength_applies()
        self.actions.strength.setEnabled(applies)
        self.compare.set_strength(self.controller.strength if applies else 1.0)

    # Controller answers -----------------------------------------------------------------------------
    def _entries_added(self, entries: list[int]) -> None:
        for entry in entries:
            self.image_list.add_entry(self.session.entries[entry])
        self._update_actions()

    def _entry_changed(self, entry: int) -> None:
        if entry in self.session.entries:
            self.image_list.update_entry(self.session.entries[entry])
        if entry == self.session.current:
            self._show_entry_status()
        self._update_actions()

    def _current_changed(self, entry: int) -> None:
        self.image_list.select_entry(entry)
        self._show_entry_status()
        self._update_actions()

    def _display_changed(self) -> None:
        self.compare.set_images(self.session.original, self.session.restored)
        self._reference_changed()
        self._apply_strength()
        self.zoom_label.setText(self._zoom_text(self.compare.zoom()) if self.session.original else "")
        self._update_actions()

    def _reference_changed(self) -> None:
        """Show what the left side is compared with; against another result, the result's caption names its model."""
        reference = self.controller.ab.reference()
        item = self.session.current_entry()
        name = core_text(TASKS[item.task].label) if item is not None and item.task in TASKS else ""
        if item is not None and reference.image is not None and item.result_label and not item.from_file:
            name = item.result_label
        self.compare.set_result_name(name)
        self.compare.set_reference(reference.image, reference.label, reference.opacity)

    def _show_entry_status(self) -> None:
        item = self.session.current_entry()
        if item is None:
            for label in (self.image_label, self.time_label):
                label.setText("")
            return
        size = (
            self.tr("{width} × {height} px · {bits}-bit {format}").format(
                width=item.width, height=item.height, bits=item.bit_depth, format=item.format
            )
            if item.width
            else ""
        )
        self.image_label.setText(size)
        restored = item.status == Status.DONE and item.seconds
        seconds = QLocale().toString(item.seconds, "f", 1)  # 2.5 s, 2,5 s
        if item.fallback:  # not where the engine was asked to run
            text = self.tr("Restored in {seconds} s on {device}").format(seconds=seconds, device=item.device)
        else:
            text = self.tr("Restored in {seconds} s").format(seconds=seconds)
        self.time_label.setText(text if restored else "")
        self.time_label.setToolTip(item.fallback if restored else "")
        self.setWindowTitle(f"{item.path.name} — AKNet Studio")

    def refresh_engine(self) -> None:
        """Show the engine choice and its state (also after a checkpoint dialog was cancelled)."""
        c = self.controller
        e = c.engine
        installed = self.models.library.for_task(e.task)
        self.engine_panel.show_state(
            e.task, e.weights, e.devices, e.device, e.state, e.message, c.busy(), installed, e.precision
        )
        self.device_label.setText(e.info.device_label if e.info is not None and e.ready() else "")
        self._update_actions()

    def _busy_changed(self, busy: bool) -> None:
        self.progress.setVisible(busy)
        self.cancel_button.setVisible(busy)
        if busy:
            self.progress.setValue(0)
        self.refresh_engine()

    def _progress_changed(self, fraction: float, text: str) -> None:
        self.progress.setValue(round(fraction * 1000))
        self.progress_text.setText(text)

    def _run_finished(self, kind: str, report: str) -> None:
        self._update_actions()
        self.finish_alert.run_finished(self.controller.last_run)
        failed = len(report.splitlines()) > 1
        if kind in ("batch", "export") or failed:
            run = self.controller.last_run
            level = "warning" if failed or (run is not None and run.cancel.cancelled) else "info"
            self.notice.show_message(level, report_html(report))
        if kind in ("restore", "batch"):
            self._show_entry_status()

    def _update_actions(self) -> None:
        c, s = self.controller, self.session
        busy, ready = c.busy(), c.engine.ready()
        has_current = s.current in s.entries
        has_result = has_current and s.current in s.store
        self.actions.update(
            busy=busy,
            ready=ready,
            has_current=has_current,
            has_entries=bool(s.order),
            has_result=has_result,
            has_results=any(i in s.store for i in s.order),
            shows_result=self.clipboard.can_copy(),
            reason=c.engine.message if not ready else "",
        )
        self.restore_button.setEnabled(self.actions.restore.isEnabled())
        self.restore_button.setToolTip(self.actions.restore.toolTip())
        self.restore_all_button.setEnabled(self.actions.restore_all.isEnabled())

    # Events -----------------------------------------------------------------------------------------
    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if dropped_paths(event.mimeData()):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        paths = dropped_paths(event.mimeData())
        if paths:
            event.acceptProposedAction()
            self.open_paths(paths)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Hold backslash to see the original (key release events need a filter, not a shortcut)."""
        if event.type() in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease) and self.isActiveWindow():
            key_event: QKeyEvent = event  # type: ignore[assignment]
            if key_event.key() == Qt.Key.Key_Backslash and not key_event.isAutoRepeat():
                self.compare.set_hold(event.type() == QEvent.Type.KeyPress)
                return True
        return super().eventFilter(watched, event)

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.controller.busy() and QGuiApplication.platformName() != "offscreen":
            answer = QMessageBox.question(
                self,
                self.tr("Stop and quit?"),
                self.tr("Images are still being restored. Stop and quit? Finished files are kept."),
            )
            if answer != QMessageBox.StandardButton.Yes:
                event.ignore()
                return
        self._save_settings()
        QApplication.instance().removeEventFilter(self)
        self.controller.shutdown()
        self.models.library.shutdown()
        super().closeEvent(event)
