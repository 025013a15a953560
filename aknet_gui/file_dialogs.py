"""The dialogs behind the File and Model menus: what to open, where and how to save, which folder to
batch. They ask the user, then hand the answer to the window's controller."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QFileDialog, QMessageBox

from aknet_gui.batch_dialog import BatchDialog
from aknet_gui.output_options import OutputDialog
from core.atomic import same_file
from core.image import IMAGE_SUFFIXES
from core.tasks import WEIGHTS_SUFFIXES

if TYPE_CHECKING:
    from aknet_gui.main_window import MainWindow

IMAGE_PATTERNS = " ".join(f"*{s}" for s in sorted(IMAGE_SUFFIXES))
CHECKPOINT_PATTERNS = " ".join(f"*{s}" for s in WEIGHTS_SUFFIXES)


def _filter(named: str, patterns: str) -> str:
    """A file dialog's filter: the named kind (a translated '… ({patterns})'), then all files."""
    every = QCoreApplication.translate("FileDialogs", "All files (*)")
    return f"{named.format(patterns=patterns)};;{every}"


def checkpoint_filter() -> str:
    """The filter of the dialogs that pick a checkpoint, in the user's language."""
    return _filter(QCoreApplication.translate("FileDialogs", "AKNet checkpoints ({patterns})"), CHECKPOINT_PATTERNS)


class FileDialogs:
    """Open, Load checkpoint, Save, Save as, Export all, Output options and Batch for a MainWindow."""

    def __init__(self, window: MainWindow) -> None:
        self.window = window
        self.controller, self.session, self.settings = window.controller, window.session, window.settings

    def open_files(self) -> None:
        """The Open dialog (several files at once)."""
        images = _filter(QCoreApplication.translate("FileDialogs", "Images ({patterns})"), IMAGE_PATTERNS)
        title = QCoreApplication.translate("FileDialogs", "Open photos")
        files, _ = QFileDialog.getOpenFileNames(self.window, title, self.settings.folder("open"), images)
        self.window.open_paths([Path(f) for f in files])

    def open_folder(self) -> None:
        """Add every image in a folder."""
        title = QCoreApplication.translate("FileDialogs", "Open a folder of photos")
        folder = QFileDialog.getExistingDirectory(self.window, title, self.settings.folder("open"))
        if folder:
            self.window.open_paths([Path(folder)])

    def load_checkpoint(self) -> None:
        """Pick a .pkl, .pth or .safetensors file for the current task; it is checked on the worker thread."""
        path, _ = QFileDialog.getOpenFileName(
            self.window,
            QCoreApplication.translate("FileDialogs", "Load an AKNet checkpoint"),
            self.settings.folder("checkpoint"),
            checkpoint_filter(),
        )
        if path:
            self.controller.engine.set_weights(Path(path))
        self.window.refresh_engine()

    def save(self) -> None:
        """Save the shown result with the output settings' name; asks before replacing an earlier result."""
        entry = self.session.current
        if entry < 0 or entry not in self.session.store:
            return
        target = self.controller.default_output(entry)
        overwrite = False
        if target.exists():
            answer = QMessageBox.question(
                self.window,
                QCoreApplication.translate("FileDialogs", "Replace?"),
                QCoreApplication.translate("FileDialogs", "{name} already exists in {folder}. Replace it?").format(
                    name=target.name, folder=target.parent
                ),
            )
            if answer != QMessageBox.StandardButton.Yes:
                return
            overwrite = True
        self.controller.save(entry, target, overwrite=overwrite)

    def save_as(self) -> None:
        """Save the shown result under a chosen name and format."""
        entry = self.session.current
        if entry < 0 or entry not in self.session.store:
            return
        start = self.controller.default_output(entry, Path(self.settings.folder("save")))
        tiff = QCoreApplication.translate("FileDialogs", "TIFF, 16-bit")
        filters = f"PNG (*.png);;JPEG (*.jpg *.jpeg);;{tiff} (*.tif *.tiff);;WebP (*.webp)"
        title = QCoreApplication.translate("FileDialogs", "Save the restored photo")
        path, _ = QFileDialog.getSaveFileName(self.window, title, str(start), filters)
        if not path:
            return
        target = Path(path)
        if same_file(target, self.session.entries[entry].path):
            text = QCoreApplication.translate(
                "FileDialogs", "That is the original photo; originals are never replaced."
            )
            self.window.notice.show_message("error", text)
            return
        self.settings.set_folder("save", target.parent)
        self.controller.save(entry, target, overwrite=target.exists())

    def export_all(self) -> None:
        """Write every restored image into a folder, named and encoded by the output options."""
        output = self.settings.output
        output.folder = output.folder or self.settings.folder("save")
        note = QCoreApplication.translate("FileDialogs", "Results are written at the current strength ({percent}%).")
        note = note.format(percent=round(self.controller.strength * 100))
        title = QCoreApplication.translate("FileDialogs", "Export all restored photos")
        export = QCoreApplication.translate("FileDialogs", "Export")
        dialog = OutputDialog(title, self.controller.engine.task, output, True, export, note, self.window)
        if dialog.exec() == OutputDialog.DialogCode.Accepted:
            self.settings.output = dialog.value()
            self.settings.set_folder("save", dialog.value().folder)
            self.controller.export_all(Path(dialog.value().folder))

    def output_options(self) -> None:
        """Edit how Save names and encodes files (folder empty: beside each original)."""
        note = QCoreApplication.translate(
            "FileDialogs", "Save (Ctrl+S) uses these; Save as… asks for a name each time. Originals are never replaced."
        )
        title = QCoreApplication.translate("FileDialogs", "Output options")
        ok = QCoreApplication.translate("FileDialogs", "OK")
        dialog = OutputDialog(title, self.controller.engine.task, self.settings.output, False, ok, note, self.window)
        if dialog.exec() == OutputDialog.DialogCode.Accepted:
            self.settings.output = dialog.value()

    def batch(self) -> None:
        """Ask for a batch's folders and options, then start it."""
        c = self.controller
        dialog = BatchDialog(
            c.engine.label(),
            c.engine.task,
            c.strength,
            self.settings.folder("batch-input"),
            self.settings.batch_recursive,
            self.settings.output,
            self.session.scanner,
            self.window,
            gpus=c.engine.batch_gpus(),
        )
        accepted = dialog.exec() == BatchDialog.DialogCode.Accepted
        dialog.deleteLater()
        if not accepted:
            return
        self.settings.set_folder("batch-input", dialog.inputs()[0])
        self.settings.batch_recursive = dialog.recursive()
        c.start_batch(dialog.inputs(), dialog.recursive(), dialog.output(), dialog.devices())
