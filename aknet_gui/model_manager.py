"""The Model manager: every model (bundled and installed) with its task, architecture, size, training and
source; installs new ones and removes installed ones (bundled ones stay). The models are read off the UI thread."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from aknet_gui.accessibility import describe
from aknet_gui.core_text import core_text
from aknet_gui.icons import icon
from aknet_gui.models_library import ModelsLibrary
from core.errors import AKNetError
from core.model_details import ModelDetails

COLUMNS = (
    QT_TRANSLATE_NOOP("ModelManagerDialog", "Model"),
    QT_TRANSLATE_NOOP("ModelManagerDialog", "Task"),
    QT_TRANSLATE_NOOP("ModelManagerDialog", "Architecture"),
    QT_TRANSLATE_NOOP("ModelManagerDialog", "Parameters"),
    QT_TRANSLATE_NOOP("ModelManagerDialog", "Training"),
    QT_TRANSLATE_NOOP("ModelManagerDialog", "Source"),
)  # the table's headers, translated where shown


class ModelManagerDialog(QDialog):
    """Lists the models; Install… asks the window for a file (installRequested); Remove deletes an installed one."""

    installRequested = Signal()

    def __init__(self, library: ModelsLibrary, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Model manager"))
        self.library = library
        self.details: list[ModelDetails] = []
        layout = QVBoxLayout(self)
        folder_row = QHBoxLayout()
        self.folder_label = QLabel(self)
        self.folder_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.folder_label.setText(self.tr("Installed models live in <b>{folder}</b>").format(folder=library.folder()))
        folder_row.addWidget(self.folder_label, 1)
        self.open_folder = QPushButton(icon("open-folder"), self.tr("&Open folder"), self)
        self.open_folder.clicked.connect(self._open_folder)
        folder_row.addWidget(self.open_folder)
        layout.addLayout(folder_row)
        self.table = QTableWidget(0, len(COLUMNS), self)
        self.table.setHorizontalHeaderLabels([self.tr(column) for column in COLUMNS])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(True)
        header = self.table.horizontalHeader()
        for column in range(len(COLUMNS)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(COLUMNS.index("Training"), QHeaderView.ResizeMode.Stretch)
        layout.addWidget(self.table, 1)
        self.status = QLabel(self)
        self.status.setWordWrap(True)
        layout.addWidget(self.status)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.install_button = buttons.addButton(self.tr("&Install model…"), QDialogButtonBox.ButtonRole.ActionRole)
        self.install_button.setIcon(icon("install-model"))
        self.remove_button = buttons.addButton(self.tr("&Remove"), QDialogButtonBox.ButtonRole.ActionRole)
        self.remove_button.setIcon(icon("remove"))
        describe(self.open_folder, self.tr("Open folder"), self.tr("Show the models folder in the file manager"))
        describe(
            self.table,
            self.tr("Models"),
            self.tr("Every bundled and installed model with its task, architecture, size, training and source"),
        )
        describe(self.install_button, self.tr("Install model"), self.tr("Check a checkpoint and copy it here"))
        describe(self.remove_button, self.tr("Remove"), self.tr("Delete the selected installed model"))
        self.install_button.clicked.connect(self.installRequested)
        self.remove_button.clicked.connect(self.remove_selected)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.table.itemSelectionChanged.connect(self._selection_changed)
        library.detailsReady.connect(self.show_details)
        library.changed.connect(self._reload)  # an install or removal: read again
        self._selection_changed()
        self.resize(1320, 340)
        self.reload()

    def show_details(self, details: list[ModelDetails]) -> None:
        """Fill the table with what the loader read."""
        self.details = details
        self.table.setRowCount(len(details))
        for row, item in enumerate(details):
            architecture = core_text(item.architecture)
            if item.preset:
                architecture = self.tr("{architecture} (preset {preset})").format(
                    architecture=architecture, preset=item.preset
                )
            source = core_text(item.model.source)
            if item.source_format == "published":
                source = self.tr("{source}, published format").format(source=source)
            cells = (
                item.model.name,
                core_text(item.task_label),
                core_text(item.error) or architecture,
                f"{item.parameters:,}" if item.parameters else "",
                item.training or ("" if item.error else self.tr("not recorded in the file")),
                source,
            )
            for column, text in enumerate(cells):
                cell = QTableWidgetItem(text)
                cell.setToolTip(str(item.model.path) if column == 0 else text)
                self.table.setItem(row, column, cell)
        self.table.resizeRowsToContents()
        installed = sum(not item.model.bundled for item in details)
        self.status.setText(
            self.tr(
                "{bundled} bundled, {installed} installed. "
                "Drop a .pkl, .pth or .safetensors file on the main window to install it."
            ).format(bundled=len(details) - installed, installed=installed)
        )
        self._selection_changed()

    def selected(self) -> ModelDetails | None:
        """The model whose row is selected."""
        rows = self.table.selectionModel().selectedRows()
        return self.details[rows[0].row()] if rows and rows[0].row() < len(self.details) else None

    def remove_selected(self, confirm: bool = True) -> None:
        """Delete the selected installed model (after asking, unless `confirm` is False)."""
        chosen = self.selected()
        if chosen is None or chosen.model.bundled:
            return
        if confirm:
            question = self.tr("Delete {path} from the models folder?").format(path=chosen.model.path)
            answer = QMessageBox.question(self, self.tr("Remove model?"), question)
            if answer != QMessageBox.StandardButton.Yes:
                return
        try:
            self.library.remove(chosen.model)
        except AKNetError as exc:
            QMessageBox.warning(self, self.tr("Could not remove the model"), core_text(str(exc)))

    def _selection_changed(self) -> None:
        chosen = self.selected()
        self.remove_button.setEnabled(chosen is not None and not chosen.model.bundled)
        tip = self.tr("Bundled models cannot be removed.") if chosen is not None and chosen.model.bundled else ""
        self.remove_button.setToolTip(tip)

    def reload(self) -> None:
        """Read the models again; the table is filled when they have been read."""
        self.status.setText(self.tr("Reading the models…"))
        self.library.load_details()

    def _reload(self) -> None:
        if self.isVisible():
            self.reload()

    def _open_folder(self) -> None:
        folder = self.library.folder()
        folder.mkdir(parents=True, exist_ok=True)
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))
