"""A/B comparison: what the left side of the compare view shows against the photo's result. Besides the
original, that can be an earlier result of the same photo (another checkpoint or task, kept when the photo was
restored again), the classic dark-channel dehaze (computed on request, once), or the same result at half strength.

Every photo's extra results are kept in their own ResultStore (spilled to disk like the main results), and the
displays of the shown photo's are kept too, so switching back and forth recomputes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from PySide6.QtCore import QObject, Signal

from aknet_gui.core_text import core_text
from aknet_gui.display import DisplayImage
from aknet_gui.loader import Preview
from aknet_gui.result_store import ResultStore
from aknet_gui.session import Session
from core.tasks import TASKS

ORIGINAL = "original"
CLASSIC_TASK = "classic-dehaze"
HALF = "strength:50"
HALF_STRENGTH = 0.5
ROLE_PREFIX = "compare:"


@dataclass(frozen=True)
class Reference:
    """What the left side shows: an image over the original at an opacity, and its caption."""

    key: str
    label: str
    image: DisplayImage | None = None  # None: the original alone
    opacity: float = 1.0


def result_key(task: str, weights: object) -> str:
    """The key of a result made by a task with some weights (None: the bundled ones or none)."""
    return f"{task}:{weights or 'bundled'}"


CLASSIC = result_key(CLASSIC_TASK, None)


class ABCompare(QObject):
    """The extra results of each photo and the comparison chosen; emits choicesChanged and referenceChanged."""

    choicesChanged = Signal()  # the shown photo's choices (or the chosen one) changed
    referenceChanged = Signal()  # what the left side shows changed
    computeRequested = Signal(int, str)  # entry, classic task to restore it with (the controller runs it)

    def __init__(self, session: Session, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.store = ResultStore()
        self._ids: dict[tuple[int, str], int] = {}
        self._labels: dict[tuple[int, str], str] = {}
        self._next_id = 0
        self._displays: dict[str, DisplayImage] = {}  # the shown photo's, by key
        self._display_entry = -1
        self.choice = ORIGINAL
        self._computing: set[tuple[int, str]] = set()  # asked for: shown as soon as they are ready
        session.loader.previewReady.connect(self._preview_ready)
        session.currentChanged.connect(self._current_changed)
        session.displayChanged.connect(self.choicesChanged)

    # Results ----------------------------------------------------------------------------------------
    def keep(self, entry: int, key: str, label: str, restored: np.ndarray) -> None:
        """Keep an extra result of a photo (replacing an earlier one made the same way)."""
        if (entry, key) not in self._ids:
            self._ids[(entry, key)] = self._next_id
            self._next_id += 1
        self._labels[(entry, key)] = label
        self.store.put(self._ids[(entry, key)], restored)
        asked = (entry, key) in self._computing
        self._computing.discard((entry, key))
        if entry == self.session.current:
            self._displays.pop(key, None)
            if asked or self.choice == key:
                self.choose(key)
            else:
                self.choicesChanged.emit()

    def forget(self, entry: int, key: str | None = None) -> None:
        """Drop one extra result of a photo, or all of them."""
        for entry_key in [k for k in self._ids if k[0] == entry and (key is None or k[1] == key)]:
            self.store.discard(self._ids.pop(entry_key))
            self._labels.pop(entry_key, None)
            if entry == self.session.current:
                self._displays.pop(entry_key[1], None)
        if entry == self.session.current and self.choice not in dict(self.choices()):
            self.choose(ORIGINAL)

    def result(self, entry: int, key: str) -> np.ndarray | None:
        """An extra result of a photo (uint16), or None."""
        id_ = self._ids.get((entry, key))
        return None if id_ is None else self.store.get(id_)

    def compute_ended(self, entry: int, task: str) -> None:
        """A requested computation with a classic task ended without a result (failed or cancelled)."""
        self._computing.discard((entry, result_key(task, None)))

    def result_replaced(self, entry: int, old_key: str, old_label: str, old: np.ndarray | None, new_key: str) -> None:
        """A photo has a new result: keep the one it replaces when it was made another way."""
        self.forget(entry, new_key)  # the new result is the photo's own now
        if old is not None and old_key and old_key != new_key:
            self.keep(entry, old_key, old_label, old)

    # Choices ----------------------------------------------------------------------------------------
    def choices(self) -> list[tuple[str, str]]:
        """(key, label) of what the shown photo can be compared with, Original first."""
        entry = self.session.current
        item = self.session.current_entry()
        options = [(ORIGINAL, self.tr("Original"))]
        if item is None or entry not in self.session.store:
            return options
        kept = [(key, label) for (e, key), label in self._labels.items() if e == entry]
        options += kept
        if item.task == "dehaze" and CLASSIC not in dict(kept):
            method = core_text(TASKS[CLASSIC_TASK].label)
            options.append((CLASSIC, self.tr("{method} (compute)").format(method=method)))
        options.append((HALF, self.tr("This result at {percent}%").format(percent=round(HALF_STRENGTH * 100))))
        return options

    def choose(self, key: str) -> None:
        """Compare with this; the classic method is computed first when the photo has no such result yet."""
        if key not in dict(self.choices()):
            key = ORIGINAL
        entry = self.session.current
        if key == CLASSIC and (entry, CLASSIC) not in self._ids:
            if (entry, CLASSIC) not in self._computing:
                self._computing.add((entry, CLASSIC))
                self.computeRequested.emit(entry, CLASSIC_TASK)
            key = ORIGINAL if self.choice == CLASSIC else self.choice  # until it is ready
        changed = key != self.choice
        self.choice = key
        if key not in (ORIGINAL, HALF):
            self._load(key)
        if changed:
            self.choicesChanged.emit()
        self.referenceChanged.emit()

    def reference(self) -> Reference:
        """What the left side shows now."""
        key = self.choice
        if key == HALF and self.session.restored is not None:
            label = self.tr("Result at {percent}%").format(percent=round(HALF_STRENGTH * 100))
            return Reference(key, label, self.session.restored, HALF_STRENGTH)
        label = self._labels.get((self.session.current, key))
        image = self._displays.get(key)
        if key == ORIGINAL or label is None:
            return Reference(ORIGINAL, self.tr("Original"))
        return Reference(key, label, image)

    def reference_pixels(self) -> tuple[np.ndarray | None, float, str]:
        """The left side at full resolution for export: (extra result or None for the original, opacity, label)."""
        ref = self.reference()
        if ref.key == HALF:
            return self.session.store.get(self.session.current), ref.opacity, ref.label
        return self.result(self.session.current, ref.key), 1.0, ref.label

    def close(self) -> None:
        """Delete every extra result (spilled files included)."""
        self.store.close()

    # Internals --------------------------------------------------------------------------------------
    def _load(self, key: str) -> None:
        entry = self.session.current
        pixels = self.result(entry, key)
        if pixels is not None and key not in self._displays:
            self.session.loader.preview(entry, ROLE_PREFIX + key, pixels)

    def _preview_ready(self, entry: int, role: str, preview: Preview) -> None:
        if not role.startswith(ROLE_PREFIX) or entry != self.session.current:
            return
        key = role[len(ROLE_PREFIX) :]
        self._displays[key] = preview.display
        if key == self.choice:
            self.referenceChanged.emit()

    def _current_changed(self, entry: int) -> None:
        self._displays.clear()
        if self.choice not in dict(self.choices()) or (self.choice == CLASSIC and (entry, CLASSIC) not in self._ids):
            self.choice = ORIGINAL
        elif self.choice not in (ORIGINAL, HALF):
            self._load(self.choice)
        self.choicesChanged.emit()
        self.referenceChanged.emit()
