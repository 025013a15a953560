"""Finding the images in files and folders (core.batch.collect_inputs) off the UI thread: a large folder
with its subfolders can take seconds to walk, and the window must not pause meanwhile."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from PySide6.QtCore import QObject, QThreadPool, Signal

from core.batch import ItemResult, collect_inputs
from core.progress import Status


class FolderScanner(QObject):
    """Walks files and folders on a thread of its own, one request at a time, so answers come in the order
    asked; `scanned(request, items, problems)` arrives on the scanner's (the UI) thread."""

    scanned = Signal(int, object, object)  # request, [core.batch.InputItem], [core.batch.ItemResult]
    _found = Signal(int, object, object)  # the same, emitted on the scanning thread

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(1)
        self._requests = 0
        self._pending: set[int] = set()
        self._forgotten: set[int] = set()  # read on the scanning thread (set membership is atomic)
        self._found.connect(self._landed)  # queued: the receiver lives on the UI thread

    def scan(self, paths: Iterable[Path], recursive: bool = False) -> int:
        """Start finding the images in these files and folders; returns the request's number."""
        paths = [Path(p) for p in paths]
        self._requests += 1
        request = self._requests
        self._pending.add(request)

        def work() -> None:
            if request in self._forgotten:  # nobody waits for it any more: skip the walk
                self._found.emit(request, [], [])
                return
            try:
                items, problems = collect_inputs(paths, recursive=recursive)
            except Exception as exc:  # e.g. a folder that vanished mid-walk: answer all the same
                reason = self.tr("could not be read ({reason})").format(reason=exc)
                items, problems = [], [ItemResult(path, None, Status.FAILED, reason) for path in paths]
            self._found.emit(request, items, problems)

        self.pool.start(work)
        return request

    def forget(self, request: int) -> None:
        """No answer to a request is wanted any more; it is skipped if it has not started."""
        if request in self._pending:
            self._forgotten.add(request)

    def busy(self) -> bool:
        """Whether a request has not been answered yet."""
        return bool(self._pending)

    def _landed(self, request: int, items: list, problems: list) -> None:
        self._pending.discard(request)
        if request in self._forgotten:
            self._forgotten.discard(request)
            return
        self.scanned.emit(request, items, problems)

    def shutdown(self) -> None:
        """Drop what has not started and wait (a while) for what has."""
        self.pool.clear()
        self.pool.waitForDone(10_000)
