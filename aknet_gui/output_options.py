"""Output options, edited in one widget (used by the batch dialog and the export dialog)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from aknet_gui.icons import icon
from aknet_gui.settings import OUTPUT_FORMATS, OutputSettings
from core.batch import TEMPLATE_FIELDS, OutputOptions, check_template, output_path_for
from core.errors import AKNetError

FORMATS = tuple(zip(OUTPUT_FORMATS, ("Same as the original", "PNG", "JPEG", "TIFF, 16-bit", "WebP"), strict=True))
LOSSY_FORMATS = ("jpg", "webp")  # the quality setting applies to these


def folder_row(edit: QLineEdit, title: str, parent: QWidget) -> QWidget:
    """A line edit with a Browse… button that picks a folder into it."""
    row = QWidget(parent)
    layout = QHBoxLayout(row)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.addWidget(edit, 1)
    button = QPushButton(icon("open-folder"), "Browse…", row)

    def browse() -> None:
        start = edit.text() or str(Path.home())
        chosen = QFileDialog.getExistingDirectory(parent, title, start)
        if chosen:
            edit.setText(chosen)

    button.clicked.connect(browse)
    layout.addWidget(button)
    return row


class OutputOptionsWidget(QWidget):
    """Folder, naming template (with a live example), format, JPEG/WebP quality, skip-existing and strip-metadata."""

    changed = Signal()

    def __init__(self, task: str, folder_required: bool = False, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.task = task
        self.folder_required = folder_required
        self.example_name = "photo.jpg"
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        self.folder = QLineEdit(self)
        self.folder.setPlaceholderText("a folder" if folder_required else "beside each original")
        form.addRow("Output folder:", folder_row(self.folder, "Output folder", self))
        self.template = QLineEdit(self)
        self.template.setToolTip("Fields: " + ", ".join("{" + name + "}" for name in TEMPLATE_FIELDS))
        form.addRow("File names:", self.template)
        self.example = QLabel(self)
        self.example.setWordWrap(True)
        form.addRow("", self.example)
        self.format = QComboBox(self)
        for key, label in FORMATS:
            self.format.addItem(label, key)
        form.addRow("Format:", self.format)
        self.quality = QSpinBox(self)
        self.quality.setRange(1, 100)
        self.quality.setSuffix(" %")
        form.addRow("Quality:", self.quality)
        self.quality.setToolTip("JPEG and WebP quality (PNG and TIFF are lossless)")
        self.skip_existing = QCheckBox("Skip images whose output already exists", self)
        form.addRow("", self.skip_existing)
        self.strip_metadata = QCheckBox("Strip metadata (camera, place, time; colours are kept)", self)
        self.strip_metadata.setToolTip(
            "Leave out EXIF, XMP, IPTC and the provenance note, e.g. before sharing a photo. The colour profile "
            "(ICC) and the resolution stay."
        )
        form.addRow("", self.strip_metadata)
        for signal in (self.folder.textChanged, self.template.textChanged):
            signal.connect(self._changed)
        self.format.currentIndexChanged.connect(self._changed)
        self.quality.valueChanged.connect(self._changed)
        self.skip_existing.toggled.connect(self._changed)
        self.strip_metadata.toggled.connect(self._changed)

    def set_value(self, value: OutputSettings) -> None:
        """Show these settings."""
        self.folder.setText(value.folder)
        self.template.setText(value.template)
        self.format.setCurrentIndex(max(0, self.format.findData(value.format)))
        self.quality.setValue(value.quality)
        self.skip_existing.setChecked(value.skip_existing)
        self.strip_metadata.setChecked(value.strip_metadata)
        self._changed()

    def value(self) -> OutputSettings:
        """The settings shown."""
        return OutputSettings(
            folder=self.folder.text().strip(),
            template=self.template.text().strip(),
            format=self.format.currentData(),
            quality=self.quality.value(),
            skip_existing=self.skip_existing.isChecked(),
            strip_metadata=self.strip_metadata.isChecked(),
        )

    def problem(self) -> str:
        """Why these settings cannot be used ('' when they can)."""
        value = self.value()
        if self.folder_required and not value.folder:
            return "Choose an output folder."
        if value.folder and Path(value.folder).exists() and not Path(value.folder).is_dir():
            return f"{value.folder} is a file, not a folder."
        try:
            check_template(value.template)
        except AKNetError as exc:
            return str(exc)
        return ""

    def set_example(self, name: str) -> None:
        """Show how this file name would be renamed."""
        self.example_name = name
        self._show_example()

    def _show_example(self) -> None:
        problem = self.problem()
        if problem:
            self.example.setText(f"⚠ {problem}")
            return
        value = self.value()
        options = OutputOptions(template=value.template, format=value.format)
        example = output_path_for(Path(self.example_name), options, self.task).name
        self.example.setText(f"e.g. {self.example_name} → {example}")

    def _changed(self, *_: object) -> None:
        self.quality.setEnabled(self.format.currentData() in LOSSY_FORMATS)
        self._show_example()
        self.changed.emit()


class OutputDialog(QDialog):
    """Output options in a dialog: for Save's defaults (folder optional) and for Export all (folder needed)."""

    def __init__(
        self,
        title: str,
        task: str,
        output: OutputSettings,
        folder_required: bool,
        accept_text: str,
        note: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        layout = QVBoxLayout(self)
        self.options = OutputOptionsWidget(task, folder_required=folder_required, parent=self)
        self.options.set_value(output)
        layout.addWidget(self.options)
        if note:
            label = QLabel(note, self)
            label.setWordWrap(True)
            layout.addWidget(label)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        self.accept_button = buttons.addButton(accept_text, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.options.changed.connect(self._check)
        self.resize(560, self.sizeHint().height())
        self._check()

    def value(self) -> OutputSettings:
        """The chosen output settings."""
        return self.options.value()

    def _check(self) -> None:
        problem = self.options.problem()
        self.accept_button.setEnabled(not problem)
        self.accept_button.setToolTip(problem)
