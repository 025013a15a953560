"""The session: the images the user opened, their status, results and what the view shows of them.

Decoding for the screen happens on the loader's thread pool, walking folders on the scanner's thread; this
class only keeps the answers.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QImage

from aknet_gui.core_text import core_text
from aknet_gui.display import DisplayImage
from aknet_gui.loader import ImageLoader, Preview
from aknet_gui.result_store import ResultStore
from aknet_gui.runs import Entry
from aknet_gui.scanner import FolderScanner
from aknet_gui.settings import Settings
from core.batch import InputItem, ItemResult, collect_inputs
from core.progress import Status


class Session(QObject):
    """Entries by id in list order, the current one, and its original and result ready to display."""

    entriesAdded = Signal(list)  # entry ids
    entryChanged = Signal(int)
    thumbnailReady = Signal(int, QImage)
    currentChanged = Signal(int)
    displayChanged = Signal()  # the current original / result to show changed
    entriesOpened = Signal(list)  # entry ids of new images the user opened (not those a batch found)
    noticeRaised = Signal(str, str)  # level ('info' | 'warning' | 'error'), message

    def __init__(self, settings: Settings, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.settings = settings
        self.entries: dict[int, Entry] = {}
        self.order: list[int] = []
        self._next_id = 0
        self.current = -1
        self.original: DisplayImage | None = None
        self.restored: DisplayImage | None = None
        self.store = ResultStore()
        self.loader = ImageLoader(self)
        self.loader.thumbnailReady.connect(self.thumbnailReady)
        self.loader.thumbnailFailed.connect(self._thumbnail_failed)
        self.loader.previewReady.connect(self._preview_ready)
        self.loader.previewFailed.connect(self._preview_failed)
        self.scanner = FolderScanner(self)
        self.scanner.scanned.connect(self._scanned)
        self._opening: dict[int, list[Path]] = {}  # scan request -> the paths the user opened

    def close_session(self) -> None:
        """Stop the scanner and the loader and delete results spilled to disk."""
        self.scanner.shutdown()
        self.loader.shutdown()
        self.store.close()

    def add_paths(self, paths: list[Path], recursive: bool = False) -> None:
        """Add image files, and the images in folders, to the session (entriesAdded says which).

        Folders are walked on the scanner's thread. Files alone are added at once, unless an earlier scan
        is still running: images are listed in the order they were opened.
        """
        paths = [Path(p) for p in paths]
        if self.scanner.busy() or any(path.is_dir() for path in paths):
            self._opening[self.scanner.scan(paths, recursive)] = paths
        else:
            self._paths_found(paths, *collect_inputs(paths))

    def _scanned(self, request: int, items: list[InputItem], problems: list[ItemResult]) -> None:
        paths = self._opening.pop(request, None)
        if paths is not None:
            self._paths_found(paths, items, problems)

    def _paths_found(self, paths: list[Path], items: list[InputItem], problems: list[ItemResult]) -> None:
        for problem in problems:
            text = self.tr("Skipped {file}: {reason}.").format(file=problem.input.name, reason=core_text(problem.error))
            self.noticeRaised.emit("warning", text)
        known = set(self.entries)
        added = [entry for entry in self.add_items(items) if entry not in known]
        if added:
            self.settings.add_recent(paths)
            self.entriesOpened.emit(added)

    def add_items(self, items: list[InputItem]) -> list[int]:
        """The entries of these inputs, adding those not in the session yet (with their thumbnails)."""
        known = {self.entries[i].path.resolve(): i for i in self.order}
        entries, added = [], []
        for item in items:
            entry = known.get(item.path.resolve())
            if entry is None:
                entry = self._next_id
                self._next_id += 1
                self.entries[entry] = Entry(entry, item.path)
                self.order.append(entry)
                known[item.path.resolve()] = entry
                added.append(entry)
                self.loader.thumbnail(entry, item.path)
            self.entries[entry].relative_dir = item.relative_dir
            entries.append(entry)
        if added:
            self.entriesAdded.emit(added)
            if self.current < 0:
                self.select(added[0])
        return entries

    def remove(self, entry: int) -> None:
        """Take an image out of the session (the controller keeps those a run uses)."""
        if entry not in self.entries:
            return
        self.order.remove(entry)
        del self.entries[entry]
        self.store.discard(entry)
        if self.current == entry:
            self.select(self.order[0] if self.order else -1)

    def select(self, entry: int) -> None:
        """Show an image: its original and its result are prepared off the UI thread."""
        if entry == self.current:
            return
        self.current = entry
        self.original = self.restored = None
        self.currentChanged.emit(entry)
        self.displayChanged.emit()
        if entry in self.entries:
            self.loader.preview(entry, "original", self.entries[entry].path)
            self._load_result_preview(entry)

    def current_entry(self) -> Entry | None:
        """The image shown, if any."""
        return self.entries.get(self.current)

    def has_result(self, entry: int) -> bool:
        """Whether an image has a result to show or save."""
        item = self.entries.get(entry)
        return entry in self.store or bool(item and item.from_file and item.output and item.output.exists())

    def strength_applies(self) -> bool:
        """Whether the strength slider acts on the shown result (not on a file a batch already wrote)."""
        item = self.current_entry()
        return item is None or not item.from_file

    def result_changed(self, entry: int) -> None:
        """An image has a new result: if it is the one shown, prepare that for display (off the UI thread)."""
        if entry == self.current:
            self._load_result_preview(entry)

    def _load_result_preview(self, entry: int) -> None:
        item = self.entries[entry]
        if entry in self.store:
            self.loader.preview(entry, "result", self.store.get(entry))
        elif item.from_file and item.output is not None and item.output.exists():
            self.loader.preview(entry, "result", item.output)

    def _preview_ready(self, entry: int, role: str, preview: Preview) -> None:
        if entry != self.current or entry not in self.entries or role not in ("original", "result"):
            return  # another photo's, or another part's (an A/B comparison's side)
        if role == "original":
            item = self.entries[entry]
            item.width, item.height, item.bit_depth, item.format = (
                preview.width,
                preview.height,
                preview.bit_depth,
                preview.format,
            )
            self.original = preview.display
            self.entryChanged.emit(entry)
        else:
            self.restored = preview.display
        self.displayChanged.emit()

    def _preview_failed(self, entry: int, role: str, message: str) -> None:
        message = core_text(message)
        if role == "original" and entry in self.entries:
            item = self.entries[entry]
            if item.status == Status.NEW:
                item.status, item.message = Status.FAILED, message
                self.entryChanged.emit(entry)
        if entry == self.current:
            self.noticeRaised.emit("error", message)

    def _thumbnail_failed(self, entry: int, message: str) -> None:
        message = core_text(message)
        item = self.entries.get(entry)
        if item is not None and item.status == Status.NEW:
            item.status, item.message = Status.FAILED, message
            self.entryChanged.emit(entry)
