"""Output options, edited in one widget (used by the batch dialog and the export dialog)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Signal
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

from aknet_gui.accessibility import FocusRings, describe
from aknet_gui.core_text import core_text
from aknet_gui.icons import icon
from aknet_gui.settings import OUTPUT_FORMATS, OutputSettings
from core.batch import TEMPLATE_FIELDS, OutputOptions, check_template, output_path_for
from core.errors import AKNetError

FORMAT_LABELS = (
    QT_TRANSLATE_NOOP("OutputOptionsWidget", "Same as the original"),
    "PNG",
    "JPEG",
    QT_TRANSLATE_NOOP("OutputOptionsWidget", "TIFF, 16-bit"),
    "WebP",
)
FORMATS = tuple(zip(OUTPUT_FORMATS, FORMAT_LABELS, strict=True))  # labels translated where shown
LOSSY_FORMATS = ("jpg", "webp")  # the quality setting applies to these


def folder_row(edit: QLineEdit, title: str, parent: QWidget) -> QWidget:
    """A line edit with a Browse… button that picks a folder into it."""
    row = QWidget(parent)
    layout = QHBoxLayout(row)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.addWidget(edit, 1)
    button = QPushButton(icon("open-folder"), QCoreApplication.translate("OutputOptions", "Browse…"), row)

    def browse() -> None:
        start = edit.text() or str(Path.home())
        chosen = QFileDialog.getExistingDirectory(parent, title, start)
        if chosen:
            edit.setText(chosen)

    button.clicked.connect(browse)
    describe(button, QCoreApplication.translate("OutputOptions", "Choose the folder: {what}").format(what=title))
    layout.addWidget(button)
    return row


def add_folder_row(form: QFormLayout, label: str, edit: QLineEdit, title: str, parent: QWidget) -> None:
    """A labelled folder_row in a form; the label's mnemonic (Alt+letter) goes to the text field."""
    row = folder_row(edit, title, parent)
    form.addRow(label, row)
    form.labelForField(row).setBuddy(edit)


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
        self.folder.setPlaceholderText(self.tr("a folder") if folder_required else self.tr("beside each original"))
        describe(self.folder, self.tr("Output folder"), self.tr("Where restored files are written (Alt+F)"))
        add_folder_row(form, self.tr("Output &folder:"), self.folder, self.tr("Output folder"), self)
        self.template = QLineEdit(self)
        fields = ", ".join("{" + name + "}" for name in TEMPLATE_FIELDS)
        self.template.setToolTip(self.tr("Fields: {fields}").replace("{fields}", fields))
        describe(self.template, self.tr("File names"), self.template.toolTip())
        form.addRow(self.tr("File &names:"), self.template)
        self.example = QLabel(self)
        self.example.setWordWrap(True)
        form.addRow("", self.example)
        self.format = QComboBox(self)
        for key, label in FORMATS:
            self.format.addItem(QCoreApplication.translate("OutputOptionsWidget", label), key)
        describe(self.format, self.tr("Format"), self.tr("The file type restored photos are written as (Alt+R)"))
        form.addRow(self.tr("Fo&rmat:"), self.format)
        self.quality = QSpinBox(self)
        self.quality.setRange(1, 100)
        self.quality.setSuffix(" %")
        self.quality.setToolTip(self.tr("JPEG and WebP quality (PNG and TIFF are lossless)"))
        describe(self.quality, self.tr("Quality"), self.quality.toolTip())
        describe(self.example, self.tr("Example file name"))
        form.addRow(self.tr("&Quality:"), self.quality)
        self.skip_existing = QCheckBox(self.tr("S&kip images whose output already exists"), self)
        form.addRow("", self.skip_existing)
        self.strip_metadata = QCheckBox(self.tr("Strip &metadata (camera, place, time; colours are kept)"), self)
        self.strip_metadata.setToolTip(
            self.tr(
                "Leave out EXIF, XMP, IPTC and the provenance note, e.g. before sharing a photo. The colour profile "
                "(ICC) and the resolution stay."
            )
        )
        describe(self.strip_metadata, self.tr("Strip metadata"), self.strip_metadata.toolTip())
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
            return self.tr("Choose an output folder.")
        if value.folder and Path(value.folder).exists() and not Path(value.folder).is_dir():
            return self.tr("{folder} is a file, not a folder.").format(folder=value.folder)
        try:
            check_template(value.template)
        except AKNetError as exc:
            return core_text(str(exc))
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
        self.example.setText(self.tr("e.g. {name} → {example}").format(name=self.example_name, example=example))

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
        FocusRings.install()
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
