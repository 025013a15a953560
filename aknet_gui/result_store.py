"""Restored images of the session, kept as uint16 until saved; past a memory budget the oldest move
to a private temporary folder (and come back memory-mapped), so a long session cannot fill the RAM."""

from __future__ import annotations

import contextlib
import shutil
import tempfile
from collections import OrderedDict
from pathlib import Path

import numpy as np

from core.atomic import atomic_write

DEFAULT_BUDGET = 2 * 1024**3  # bytes of results held in memory


def default_budget() -> int:
    """A quarter of the machine's memory, at most DEFAULT_BUDGET."""
    try:
        import psutil

        return int(min(DEFAULT_BUDGET, psutil.virtual_memory().total // 4))
    except Exception:
        return DEFAULT_BUDGET


class ResultStore:
    """Results by entry id: in memory while they fit the budget, else spilled to .npy files."""

    def __init__(self, budget: int | None = None) -> None:
        self.budget = default_budget() if budget is None else budget
        self._memory: OrderedDict[int, np.ndarray] = OrderedDict()
        self._spilled: dict[int, Path] = {}
        self._folder: Path | None = None

    def put(self, entry: int, restored: np.ndarray) -> None:
        """Keep a result (replacing any earlier one of this entry)."""
        self.discard(entry)
        self._memory[entry] = restored
        self._spill_over_budget()

    def get(self, entry: int) -> np.ndarray | None:
        """The result of an entry, or None."""
        if entry in self._memory:
            return self._memory[entry]
        path = self._spilled.get(entry)
        return None if path is None else np.load(path, mmap_mode="r")

    def __contains__(self, entry: int) -> bool:
        return entry in self._memory or entry in self._spilled

    def discard(self, entry: int) -> None:
        """Forget an entry's result."""
        self._memory.pop(entry, None)
        path = self._spilled.pop(entry, None)
        if path is not None:
            with contextlib.suppress(OSError):
                path.unlink()

    def memory_bytes(self) -> int:
        """Bytes held in memory."""
        return sum(array.nbytes for array in self._memory.values())

    def _spill_over_budget(self) -> None:
        while len(self._memory) > 1 and self.memory_bytes() > self.budget:
            entry, array = self._memory.popitem(last=False)
            if self._folder is None:
                self._folder = Path(tempfile.mkdtemp(prefix="aknet-results-"))
            path = self._folder / f"{entry}.npy"
            atomic_write(path, lambda temporary, array=array: np.save(temporary, array))
            self._spilled[entry] = path

    def close(self) -> None:
        """Delete everything, spilled files included."""
        self._memory.clear()
        self._spilled.clear()
        if self._folder is not None:
            shutil.rmtree(self._folder, ignore_errors=True)
            self._folder = None
