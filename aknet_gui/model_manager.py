"""The Model manager: every model (bundled and installed) with its task, architecture, size, training and
source; installs new ones and removes installed ones (bundled ones stay). The models are read off the UI thread."""

from __future__ import annotations

from PySide6.QtCore import Qt, QUrl, Signal
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

from aknet_gui.icons import icon
from aknet_gui.models_library import ModelsLibrary
from core.errors import AKNetError
from core.model_details import ModelDetails

COLUMNS = ("Model", "Task", "Architecture", "Parameters", "Training", "Source")


class ModelManagerDialog(QDialog):
    """Lists the models; Install… asks the window for a file (installRequested); Remove deletes an installed one."""

    installRequested = Signal()

    def __init__(self, library: ModelsLibrary, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Model manager")
        self.library = library
        self.details: list[ModelDetails] = []
        layout = QVBoxLayout(self)
        folder_row = QHBoxLayout()
        self.folder_label = QLabel(self)
        self.folder_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.folder_label.setText(f"Installed models live in <b>{library.folder()}</b>")
        folder_row.addWidget(self.folder_label, 1)
        self.open_folder = QPushButton(icon("open-folder"), "Open folder", self)
        self.open_folder.clicked.connect(self._open_folder)
        folder_row.addWidget(self.open_folder)
        layout.addLayout(folder_row)
        self.table = QTableWidget(0, len(COLUMNS), self)
        self.table.setHorizontalHeaderLabels(COLUMNS)
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
        self.status = QLabel("Reading the models…", self)
        self.status.setWordWrap(True)
        layout.addWidget(self.status)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.install_button = buttons.addButton("Install model…", QDialogButtonBox.ButtonRole.ActionRole)
        self.install_button.setIcon(icon("install-model"))
        self.remove_button = buttons.addButton("Remove", QDialogButtonBox.ButtonRole.ActionRole)
        self.remove_button.setIcon(icon("remove"))
        self.install_button.clicked.connect(self.installRequested)
        self.remove_button.clicked.connect(self.remove_selected)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.table.itemSelectionChanged.connect(self._selection_changed)
        library.detailsReady.connect(self.show_details)
        library.changed.connect(self._reload)  # an install or removal: read again
        self._selection_changed()
        self.resize(1320, 340)
        library.load_details()

    def show_details(self, details: list[ModelDetails]) -> None:
        """Fill the table with what the loader read."""
        self.details = details
        self.table.setRowCount(len(details))
        for row, item in enumerate(details):
            preset = f" (preset {item.preset})" if item.preset else ""
            cells = (
                item.model.name,
                item.task_label,
                item.error or item.architecture + preset,
                f"{item.parameters:,}" if item.parameters else "",
                item.training or ("" if item.error else "not recorded in the file"),
                item.model.source + (", published format" if item.source_format == "published" else ""),
            )
            for column, text in enumerate(cells):
                cell = QTableWidgetItem(text)
                cell.setToolTip(str(item.model.path) if column == 0 else text)
                self.table.setItem(row, column, cell)
        self.table.resizeRowsToContents()
        installed = sum(not item.model.bundled for item in details)
        self.status.setText(f"{len(details) - installed} bundled, {installed} installed. "
                            "Drop a .pkl, .pth or .safetensors file on the main window to install it.")  # fmt: skip
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
            answer = QMessageBox.question(self, "Remove model?", f"Delete {chosen.model.path} from the models folder?")
            if answer != QMessageBox.StandardButton.Yes:
                return
        try:
            self.library.remove(chosen.model)
        except AKNetError as exc:
            QMessageBox.warning(self, "Could not remove the model", str(exc))

    def _selection_changed(self) -> None:
        chosen = self.selected()
        self.remove_button.setEnabled(chosen is not None and not chosen.model.bundled)
        tip = "Bundled models cannot be removed." if chosen is not None and chosen.model.bundled else ""
        self.remove_button.setToolTip(tip)

    def _reload(self) -> None:
        if self.isVisible():
            self.status.setText("Reading the models…")
            self.library.load_details()

    def _open_folder(self) -> None:
        folder = self.library.folder()
        folder.mkdir(parents=True, exist_ok=True)
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))
