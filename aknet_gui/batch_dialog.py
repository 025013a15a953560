"""The batch dialog: an input folder (optionally with subfolders) restored into an output folder."""

from __future__ import annotations

import html
from pathlib import Path

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from aknet_gui.accessibility import FocusRings, describe
from aknet_gui.icons import icon
from aknet_gui.output_options import OutputOptionsWidget, add_folder_row
from aknet_gui.scanner import FolderScanner
from aknet_gui.settings import OutputSettings
from core.batch import InputItem


class BatchDialog(QDialog):
    """Asks for the input folder, recursion and output options; `inputs()`, `recursive()`, `output()`.

    The images in the folder are counted on the scanner's thread (a large tree takes a while to walk).
    """

    def __init__(
        self,
        task_label: str,
        task: str,
        strength: float,
        input_folder: str,
        recursive: bool,
        output: OutputSettings,
        scanner: FolderScanner,
        parent: QWidget | None = None,
        gpus: list[str] | None = None,
    ) -> None:
        super().__init__(parent)
        self.scanner = scanner
        self._scan = 0  # the count being made (0: none)
        self._items: list[InputItem] = []
        self.setWindowTitle(self.tr("Batch restore"))
        FocusRings.install()
        self.setWindowIcon(icon("batch"))
        layout = QVBoxLayout(self)
        source = QGroupBox(self.tr("Photos to restore"), self)
        source_form = QFormLayout(source)
        self.input_folder = QLineEdit(input_folder, source)
        describe(self.input_folder, self.tr("Input folder"), self.tr("The folder whose photos are restored (Alt+I)"))
        add_folder_row(source_form, self.tr("&Input folder:"), self.input_folder, self.tr("Input folder"), self)
        self.recursive_box = QCheckBox(self.tr("Include &subfolders (their structure is kept in the output)"), source)
        self.recursive_box.setChecked(recursive)
        source_form.addRow("", self.recursive_box)
        self.found = QLabel(source)
        source_form.addRow("", self.found)
        layout.addWidget(source)

        target = QGroupBox(self.tr("Restored files"), self)
        target_layout = QVBoxLayout(target)
        self.options = OutputOptionsWidget(task, folder_required=True, parent=target)
        self.options.set_value(output)
        target_layout.addWidget(self.options)
        layout.addWidget(target)

        self.run_on: QComboBox | None = None  # offered only with two GPUs or more
        if gpus and len(gpus) >= 2:
            devices = QGroupBox(self.tr("Devices"), self)
            devices_form = QFormLayout(devices)
            self.run_on = QComboBox(devices)
            self.run_on.addItem(self.tr("The device chosen in the window"), ())
            all_gpus = self.tr("All GPUs ({count}: {names})").format(count=len(gpus), names=", ".join(gpus))
            self.run_on.addItem(all_gpus, tuple(gpus))
            self.run_on.setToolTip(
                self.tr("All GPUs: one process per GPU, each taking the next photo as it finishes one.")
            )
            describe(self.run_on, self.tr("Run on"), self.run_on.toolTip())
            devices_form.addRow(self.tr("Run &on:"), self.run_on)
            layout.addWidget(devices)

        note = QLabel(
            self.tr(
                "Task: <b>{task}</b> at strength <b>{strength}%</b>. "
                "Originals are never changed; a file that fails is reported and the batch goes on. "
                "Photos dropped on the window while the batch runs join it."
            ).format(task=html.escape(task_label), strength=round(strength * 100)),
            self,
        )
        note.setWordWrap(True)
        layout.addWidget(note)

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        self.start = self.buttons.addButton(self.tr("Start batch"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.start.setIcon(icon("restore-all"))
        self.start.setDefault(True)  # Enter starts the batch
        describe(self.start, self.tr("Start batch"), self.tr("Restore every photo of the input folder (Enter)"))
        describe(self.found, self.tr("Photos found"))
        describe(note, self.tr("What the batch does"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)

        self.input_folder.textChanged.connect(self._count)
        self.recursive_box.toggled.connect(self._count)
        self.options.changed.connect(self._check)
        scanner.scanned.connect(self._counted)
        self.finished.connect(self._forget_count)
        self.resize(620, self.sizeHint().height())
        self._count()

    def inputs(self) -> list[Path]:
        """The input folder, as a list for core.batch.collect_inputs."""
        return [Path(self.input_folder.text().strip())]

    def recursive(self) -> bool:
        """Whether subfolders are included."""
        return self.recursive_box.isChecked()

    def devices(self) -> tuple[str, ...]:
        """The devices to spread the batch over (all GPUs), or () for the engine chosen in the window."""
        return self.run_on.currentData() if self.run_on is not None else ()

    def output(self) -> OutputSettings:
        """The chosen output settings."""
        return self.options.value()

    def _folder(self) -> Path | None:
        text = self.input_folder.text().strip()
        return Path(text) if text and Path(text).is_dir() else None

    def _count(self, *_: object) -> None:
        self._forget_count()
        self._items = []
        folder = self._folder()
        if folder is not None:
            self._scan = self.scanner.scan([folder], recursive=self.recursive())
        self.found.setText(self.tr("Looking for photos…") if self._scan else "")
        self._check()

    def _forget_count(self, *_: object) -> None:
        if self._scan:
            self.scanner.forget(self._scan)
            self._scan = 0

    def _counted(self, request: int, items: list[InputItem], problems: list) -> None:
        if request != self._scan:
            return
        self._scan, self._items = 0, items
        self.found.setText(self.tr("{count} image(s) found.").format(count=len(items)))
        if items:
            self.options.set_example(items[0].path.name)
        self._check()

    def _check(self, *_: object) -> None:
        if self._folder() is None:
            problem = self.tr("Choose a folder of photos.")
        elif self._scan:
            problem = self.tr("Looking for photos…")
        elif not self._items:
            problem = self.tr("There are no images in this folder.")
        else:
            problem = self.options.problem()
        self.start.setEnabled(not problem)
        self.start.setToolTip(problem)
