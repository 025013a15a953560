"""What the UI asks the worker thread to do, and what comes back (plain data, no Qt, no tensors)."""

from __future__ import annotations

import threading
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from core.batch import InputItem
from core.progress import CancelToken


@dataclass(frozen=True)
class EngineRequest:
    """Which engine to run: a task, its weights (None: the bundled ones), a device, a tile setting and the
    arithmetic precision (core.precision)."""

    task: str
    weights: Path | None = None
    device: str = "auto"
    tile: str | int = "auto"
    precision: str = "auto"


EngineFactory = Callable[[EngineRequest], Any]
"""Builds the engine for a request (the real one imports torch; tests pass doubles)."""


@dataclass(frozen=True)
class EngineInfo:
    """What the UI shows about the loaded engine."""

    request: EngineRequest
    device_label: str
    description: dict[str, Any]
    seconds: float = 0.0


@dataclass
class Job:
    """One piece of work for the worker; `entry` is the session image it belongs to (or -1)."""

    entry: int = -1
    cancel: CancelToken = field(default_factory=CancelToken)


@dataclass
class ListDevicesJob(Job):
    """Find the devices this machine can run on."""


@dataclass
class LoadEngineJob(Job):
    """Load (or keep) the engine for a request; validates the weights."""

    request: EngineRequest = field(default_factory=lambda: EngineRequest("dehaze"))


@dataclass
class RestoreJob(Job):
    """Restore one image into memory, for viewing, then saving."""

    path: Path = Path()
    variant: str = ""  # a classic task to restore with instead of the loaded engine (an A/B comparison's side)


class BatchFeed:
    """The photos of a running batch, with the session image of each, handed to the worker one at a time.

    The UI adds photos while the batch runs (those dropped during it join it); the worker takes each when the
    one before is finished, and closes the feed when it finds none waiting. A photo added after that is
    refused, and the UI starts a new batch job for it.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._waiting: deque[tuple[int, InputItem]] = deque()
        self._closed = False
        self.entries: list[int] = []  # the session image of each photo taken, in order

    def add(self, entry: int, item: InputItem) -> bool:
        """Queue a photo for session image `entry`; False when the worker is done with this feed."""
        with self._lock:
            if self._closed:
                return False
            self._waiting.append((entry, item))
            return True

    def close(self) -> list[tuple[int, InputItem]]:
        """Refuse further photos; returns those still waiting (none once the worker has taken them all)."""
        with self._lock:
            self._closed = True
            left, self._waiting = list(self._waiting), deque()
            return left

    def __iter__(self) -> Iterator[InputItem]:
        while True:
            with self._lock:
                if not self._waiting:
                    self._closed = True
                    return
                entry, item = self._waiting.popleft()
                self.entries.append(entry)
            yield item


@dataclass
class BatchJob(Job):
    """Restore the photos of a feed straight to output files (core.batch.run_batch, at options.strength), with
    the loaded engine or, given several devices, with one worker process on each."""

    feed: BatchFeed = field(default_factory=BatchFeed)
    options: Any = None  # core.batch.OutputOptions
    task: str = ""
    devices: tuple[str, ...] = ()  # several: one worker process each (core.device_pool); none: the loaded engine
    weights: Path | None = None  # the workers' weights (None: the task's bundled ones)
    precision: str = "auto"  # the workers' arithmetic (core.precision)


@dataclass
class SaveJob(Job):
    """Write a restored image blended with its original at a strength."""

    path: Path = Path()
    restored: np.ndarray | None = None  # H×W×3 uint16
    output: Path = Path()
    bit_depth: int | None = None
    quality: int = 95
    overwrite: bool = False
    strength: float = 1.0
    provenance: Any = None  # core.image.provenance.Provenance: the note written into the file
    strip_metadata: bool = False


@dataclass
class RestoreResult:
    """A restoration kept in memory as uint16 (for display and saving); how it was made."""

    restored: np.ndarray  # H×W×3 uint16
    seconds: float
    device_label: str  # where it actually ran
    fallback: str = ""  # what the engine fell back on after running out of memory ('' when nothing)
    variant: str = ""  # the RestoreJob's variant: '' for the photo's result, else a comparison's side
