"""File ▸ Export comparison…: one picture of the shown photo's two sides (what the left side shows, the result at
the chosen strength) side by side or split, labelled, at full or reduced size. core.comparison composes it, as
for `aknet compare`; the reading, blending and writing run on a thread pool, never on the UI thread."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
from PySide6.QtCore import QT_TRANSLATE_NOOP, QObject, QThreadPool, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QWidget,
)

from aknet_gui.accessibility import describe
from aknet_gui.core_text import core_text
from aknet_gui.display import to_float
from core.comparison import LAYOUTS, ComparisonOptions
from core.errors import AKNetError, unexpected_reason
from core.tasks import TASKS

if TYPE_CHECKING:
    from aknet_gui.main_window import MainWindow

SIZES = {
    QT_TRANSLATE_NOOP("ComparisonDialog", "Full size"): None,
    QT_TRANSLATE_NOOP("ComparisonDialog", "Long side 2048 px"): 2048,
    QT_TRANSLATE_NOOP("ComparisonDialog", "Long side 1024 px"): 1024,
}  # labels translated where shown, as are the layouts'
LAYOUT_LABELS = {
    "side-by-side": QT_TRANSLATE_NOOP("ComparisonDialog", "Side by side"),
    "split": QT_TRANSLATE_NOOP("ComparisonDialog", "Split down the middle"),
}
FILTERS = "JPEG (*.jpg *.jpeg);;PNG (*.png);;WebP (*.webp);;TIFF (*.tif *.tiff)"


@dataclass
class ComparisonRequest:
    """Everything the background export needs (plain data: no Qt)."""

    original: Path
    result: np.ndarray | Path  # the result in memory (uint16, blended at `strength`) or a file a batch wrote
    strength: float
    reference: np.ndarray | None  # the left side's result (None: the original), over the original at its opacity
    reference_opacity: float
    options: ComparisonOptions
    output: Path


def export_comparison(request: ComparisonRequest) -> Path:
    """Read the original, blend both sides as the view shows them, compose and write atomically."""
    from core.batch import blend
    from core.comparison import write_comparison
    from core.image.read import read_image

    original = read_image(request.original).rgb
    if isinstance(request.result, Path):
        after = read_image(request.result).rgb
    else:
        after = blend(original, to_float(request.result), request.strength)
    before = original
    if request.reference is not None:
        before = blend(original, to_float(request.reference), request.reference_opacity)
    return write_comparison(request.output, before, after, request.options, overwrite=True)


class ComparisonDialog(QDialog):
    """Asks for the layout, the size and the file of a comparison picture."""

    def __init__(self, target: Path, layout: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Export comparison"))
        form = QFormLayout(self)
        self.layout_box = QComboBox(self)
        for key in LAYOUTS:
            self.layout_box.addItem(self.tr(LAYOUT_LABELS[key]), key)
        self.layout_box.setCurrentIndex(max(0, self.layout_box.findData(layout)))
        form.addRow(self.tr("&Layout:"), self.layout_box)
        self.size_box = QComboBox(self)
        for label, side in SIZES.items():
            self.size_box.addItem(self.tr(label), side)
        form.addRow(self.tr("&Size:"), self.size_box)
        row = QHBoxLayout()
        self.path = QLineEdit(str(target), self)
        browse = QPushButton(self.tr("&Browse…"), self)
        browse.clicked.connect(self._browse)
        row.addWidget(self.path, 1)
        row.addWidget(browse)
        form.addRow(self.tr("&File:"), row)
        form.labelForField(row).setBuddy(self.path)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        export = buttons.addButton(self.tr("&Export"), QDialogButtonBox.ButtonRole.AcceptRole)
        describe(
            self.layout_box, self.tr("Layout"), self.tr("The two sides next to each other, or one photo split in two")
        )
        describe(self.size_box, self.tr("Size"), self.tr("The picture's size: the photo's own, or smaller to share"))
        describe(self.path, self.tr("File"), self.tr("The file the comparison is written to"))
        describe(browse, self.tr("Browse"), self.tr("Choose the file to write"))
        describe(export, self.tr("Export"), self.tr("Write the comparison picture"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def layout_choice(self) -> str:
        """'side-by-side' or 'split'."""
        return self.layout_box.currentData()

    def max_side(self) -> int | None:
        """The picture's longest side, or None for full size."""
        return self.size_box.currentData()

    def target(self) -> Path:
        """The file to write."""
        return Path(self.path.text().strip())

    def _browse(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Export comparison"), self.path.text(), FILTERS)
        if path:
            self.path.setText(path)


class ComparisonExport(QObject):
    """File ▸ Export comparison… for a MainWindow; `exportFinished(path)` / `exportFailed(message)` when done."""

    exportFinished = Signal(object)  # Path written
    exportFailed = Signal(str)

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(1)
        self.exportFinished.connect(self._finished)
        self.exportFailed.connect(self._failed)

    def default_target(self) -> Path:
        """'<photo>_comparison.jpg' in the folder results were last saved to (else beside the photo)."""
        item = self.window.session.current_entry()
        assert item is not None
        folder = self.window.settings.folder("save") or str(item.path.parent)
        return Path(folder) / f"{item.path.stem}_comparison.jpg"

    def export(self) -> None:
        """Ask how and where, then write the comparison in the background."""
        if not self.window.clipboard.can_copy():
            return
        layout = "split" if self.window.compare.mode == "split" else "side-by-side"
        dialog = ComparisonDialog(self.default_target(), layout, self.window)
        accepted = dialog.exec() == QDialog.DialogCode.Accepted
        dialog.deleteLater()
        if accepted:
            self.start(dialog.target(), dialog.layout_choice(), dialog.max_side())

    def request(self, output: Path, layout: str = "side-by-side", max_side: int | None = None) -> ComparisonRequest:
        """What to export of the shown photo, as the view shows it now."""
        session, controller = self.window.session, self.window.controller
        item = session.current_entry()
        if item is None or not self.window.clipboard.can_copy():
            raise AKNetError(self.tr("Restore the photo first; a comparison needs its result."))
        in_memory = session.current in session.store
        if in_memory:
            result: np.ndarray | Path = session.store.get(session.current)
            strength = controller.strength
        elif item.output is not None:
            result, strength = item.output, item.strength
        else:
            raise AKNetError(self.tr("The result of this photo is no longer available; restore it again."))
        task = core_text(TASKS[item.task].label) if item.task in TASKS else self.tr("Restored")
        after = item.result_label if in_memory and item.result_label else task
        if strength < 1.0:
            after += f" · {round(strength * 100)}%"
        reference, opacity, before = controller.ab.reference_pixels()
        options = ComparisonOptions(layout, before, after, max_side)
        return ComparisonRequest(item.path, result, strength, reference, opacity, options, Path(output))

    def start(self, output: Path, layout: str = "side-by-side", max_side: int | None = None) -> None:
        """Write the shown photo's comparison to `output` on the thread pool."""
        try:
            request = self.request(output, layout, max_side)
        except AKNetError as exc:
            self.window.notice.show_message("error", core_text(str(exc)))
            return

        def work() -> None:
            try:
                self.exportFinished.emit(export_comparison(request))
            except AKNetError as exc:
                self.exportFailed.emit(str(exc))
            except Exception as exc:
                self.exportFailed.emit(unexpected_reason(exc))

        self.window.settings.set_folder("save", Path(output).parent)
        self.pool.start(work)

    def _finished(self, written: Path) -> None:
        text = self.tr("Saved the comparison {name} in {folder}.").format(name=written.name, folder=written.parent)
        self.window.notice.show_message("info", text)

    def _failed(self, message: str) -> None:
        text = self.tr("Could not export the comparison: {reason}").format(reason=core_text(message))
        self.window.notice.show_message("error", text)
