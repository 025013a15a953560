"""What the UI asks the worker thread to do, and what comes back (plain data, no Qt, no tensors)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from core.progress import CancelToken


@dataclass(frozen=True)
class EngineRequest:
    """Which engine to run: a task, its weights (None: the bundled ones), a device and a tile setting."""

    task: str
    weights: Path | None = None
    device: str = "auto"
    tile: str | int = "auto"


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


@dataclass
class BatchJob(Job):
    """Restore one file straight to an output file (core.batch.restore_file, at options.strength)."""

    path: Path = Path()
    relative_dir: Path = Path()
    output: Path = Path()
    options: Any = None  # core.batch.OutputOptions


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


@dataclass
class RestoreResult:
    """A restoration kept in memory as uint16 (for display and saving); how it was made."""

    restored: np.ndarray  # H×W×3 uint16
    seconds: float
    device_label: str  # where it actually ran
    fallback: str = ""  # what the engine fell back on after running out of memory ('' when nothing)
