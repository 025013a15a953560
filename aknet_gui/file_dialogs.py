"""The dialogs behind the File and Model menus: what to open, where and how to save, which folder to
batch. They ask the user, then hand the answer to the window's controller."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QFileDialog, QMessageBox

from aknet_gui.batch_dialog import BatchDialog
from aknet_gui.output_options import OutputDialog
from core.atomic import same_file
from core.image import IMAGE_SUFFIXES
from core.tasks import WEIGHTS_SUFFIXES

if TYPE_CHECKING:
    from aknet_gui.main_window import MainWindow

IMAGE_FILTER = "Images ({})".format(" ".join(f"*{s}" for s in sorted(IMAGE_SUFFIXES)))
CHECKPOINT_FILTER = "AKNet checkpoints ({})".format(" ".join(f"*{s}" for s in WEIGHTS_SUFFIXES))


class FileDialogs:
    """Open, Load checkpoint, Save, Save as, Export all, Output options and Batch for a MainWindow."""

    def __init__(self, window: MainWindow) -> None:
        self.window = window
        self.controller, self.session, self.settings = window.controller, window.session, window.settings

    def open_files(self) -> None:
        """The Open dialog (several files at once)."""
        files, _ = QFileDialog.getOpenFileNames(
            self.window, "Open photos", self.settings.folder("open"), f"{IMAGE_FILTER};;All files (*)"
        )
        self.window.open_paths([Path(f) for f in files])

    def open_folder(self) -> None:
        """Add every image in a folder."""
        folder = QFileDialog.getExistingDirectory(self.window, "Open a folder of photos", self.settings.folder("open"))
        if folder:
            self.window.open_paths([Path(folder)])

    def load_checkpoint(self) -> None:
        """Pick a .pkl, .pth or .safetensors file for the current task; it is checked on the worker thread."""
        path, _ = QFileDialog.getOpenFileName(
            self.window,
            "Load an AKNet checkpoint",
            self.settings.folder("checkpoint"),
            f"{CHECKPOINT_FILTER};;All files (*)",
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
                self.window, "Replace?", f"{target.name} already exists in {target.parent}. Replace it?"
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
        filters = "PNG (*.png);;JPEG (*.jpg *.jpeg);;TIFF, 16-bit (*.tif *.tiff);;WebP (*.webp)"
        path, _ = QFileDialog.getSaveFileName(self.window, "Save the restored photo", str(start), filters)
        if not path:
            return
        target = Path(path)
        if same_file(target, self.session.entries[entry].path):
            self.window.notice.show_message("error", "That is the original photo; originals are never replaced.")
            return
        self.settings.set_folder("save", target.parent)
        self.controller.save(entry, target, overwrite=target.exists())

    def export_all(self) -> None:
        """Write every restored image into a folder, named and encoded by the output options."""
        output = self.settings.output
        output.folder = output.folder or self.settings.folder("save")
        note = f"Results are written at the current strength ({round(self.controller.strength * 100)}%)."
        dialog = OutputDialog(
            "Export all restored photos", self.controller.engine.task, output, True, "Export", note, self.window
        )
        if dialog.exec() == OutputDialog.DialogCode.Accepted:
            self.settings.output = dialog.value()
            self.settings.set_folder("save", dialog.value().folder)
            self.controller.export_all(Path(dialog.value().folder))

    def output_options(self) -> None:
        """Edit how Save names and encodes files (folder empty: beside each original)."""
        note = "Save (Ctrl+S) uses these; Save as… asks for a name each time. Originals are never replaced."
        dialog = OutputDialog(
            "Output options", self.controller.engine.task, self.settings.output, False, "OK", note, self.window
        )
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
