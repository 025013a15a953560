"""The session's images: thumbnails with a status badge, the status in words, drops of files and folders."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QMimeData, QPoint, QRect, QSize, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QDragEnterEvent,
    QDragMoveEvent,
    QDropEvent,
    QIcon,
    QImage,
    QPainter,
    QPalette,
    QPixmap,
)
from PySide6.QtWidgets import QAbstractItemView, QListWidget, QListWidgetItem, QMenu, QWidget

from aknet_gui.contrast import readable
from aknet_gui.icons import STATUS_COLOURS, icon, status_icon
from aknet_gui.runs import Entry
from core.progress import Status

ICON_SIZE = 64
ENTRY_ROLE = Qt.ItemDataRole.UserRole + 1


def dropped_paths(mime: QMimeData) -> list[Path]:
    """The local files and folders in a drag's data."""
    if not mime.hasUrls():
        return []
    return [Path(url.toLocalFile()) for url in mime.urls() if url.isLocalFile()]


def badge_icon(thumbnail: QImage | None, status: Status, size: int = ICON_SIZE) -> QIcon:
    """A square icon: the thumbnail (or a placeholder) with the status drawn in its corner."""
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
    if thumbnail is not None and not thumbnail.isNull():
        scaled = thumbnail.scaled(
            size, size, Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.SmoothTransformation
        )
        painter.drawImage(QPoint((size - scaled.width()) // 2, (size - scaled.height()) // 2), scaled)
    else:
        painter.fillRect(QRect(4, 4, size - 8, size - 8), QColor(128, 128, 128, 60))
    if status != Status.NEW:
        badge = size * 3 // 8
        corner = QRect(size - badge, size - badge, badge, badge)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(255, 255, 255, 230))
        painter.drawEllipse(corner)
        status_icon(status).paint(painter, corner.adjusted(1, 1, -1, -1))
    painter.end()
    return QIcon(pixmap)


class ImageList(QListWidget):
    """Lists entries; emits entrySelected, filesDropped and removeRequested."""

    entrySelected = Signal(int)
    filesDropped = Signal(list)  # [Path]
    removeRequested = Signal(int)
    restoreRequested = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setIconSize(QSize(ICON_SIZE, ICON_SIZE))
        self.setUniformItemSizes(True)
        self.setWordWrap(False)
        self.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setAcceptDrops(True)
        self.setDragDropMode(QAbstractItemView.DragDropMode.DropOnly)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.customContextMenuRequested.connect(self._context_menu)
        self.currentItemChanged.connect(self._current_changed)
        self._items: dict[int, QListWidgetItem] = {}
        self._thumbnails: dict[int, QImage] = {}
        self._statuses: dict[int, Status] = {}

    def add_entry(self, entry: Entry) -> None:
        """Add a row for an image."""
        item = QListWidgetItem()
        item.setData(ENTRY_ROLE, entry.id)
        self._items[entry.id] = item
        self.addItem(item)
        self.update_entry(entry)

    def remove_entry(self, entry: int) -> None:
        """Remove an image's row."""
        item = self._items.pop(entry, None)
        self._thumbnails.pop(entry, None)
        self._statuses.pop(entry, None)
        if item is not None:
            self.takeItem(self.row(item))

    def update_entry(self, entry: Entry) -> None:
        """Show an image's name, status (with the reason of a failure) and badge."""
        item = self._items.get(entry.id)
        if item is None:
            return
        item.setText(f"{entry.path.name}\n{entry.status_text}")
        details = [str(entry.path)]
        if entry.width:
            size = self.tr("{width} × {height} px, {bits}-bit {format}")
            details.append(
                size.format(width=entry.width, height=entry.height, bits=entry.bit_depth, format=entry.format)
            )
        failed = self.tr("Failed: {reason}").format(reason=entry.message)
        details.append(entry.status_text if entry.status != Status.FAILED else failed)
        if entry.fallback and entry.status == Status.DONE:
            details.append(entry.fallback)
        if entry.output is not None:
            details.append(self.tr("Saved as {file}").format(file=entry.output))
        item.setToolTip("\n".join(details))
        colour = STATUS_COLOURS.get(entry.status) if entry.status in (Status.FAILED, Status.CANCELLED) else None
        if colour:
            item.setForeground(readable(QColor(colour), self.palette().color(QPalette.ColorRole.Base)))
        else:
            item.setData(Qt.ItemDataRole.ForegroundRole, None)
        if self._statuses.get(entry.id) != entry.status:
            self._statuses[entry.id] = entry.status
            item.setIcon(badge_icon(self._thumbnails.get(entry.id), entry.status))

    def set_thumbnail(self, entry: int, thumbnail: QImage) -> None:
        """Show an image's thumbnail once it is decoded."""
        self._thumbnails[entry] = thumbnail
        item = self._items.get(entry)
        if item is not None:
            item.setIcon(badge_icon(thumbnail, self._statuses.get(entry, Status.NEW)))

    def select_entry(self, entry: int) -> None:
        """Make an image the current row (without emitting entrySelected twice)."""
        item = self._items.get(entry)
        if item is not None and self.currentItem() is not item:
            self.setCurrentItem(item)

    def _current_changed(self, current: QListWidgetItem | None, previous: QListWidgetItem | None) -> None:
        if current is not None:
            self.entrySelected.emit(current.data(ENTRY_ROLE))

    def _context_menu(self, position: QPoint) -> None:
        item = self.itemAt(position)
        if item is None:
            return
        entry = item.data(ENTRY_ROLE)
        menu = QMenu(self)
        menu.addAction(icon("restore"), self.tr("Restore"), lambda: self.restoreRequested.emit(entry))
        menu.addAction(icon("remove"), self.tr("Remove from the list"), lambda: self.removeRequested.emit(entry))
        menu.exec(self.viewport().mapToGlobal(position))

    # Drops ------------------------------------------------------------------------------------------
    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if dropped_paths(event.mimeData()):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:
        if dropped_paths(event.mimeData()):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:
        paths = dropped_paths(event.mimeData())
        if paths:
            event.acceptProposedAction()
            self.filesDropped.emit(paths)
        else:
            event.ignore()
