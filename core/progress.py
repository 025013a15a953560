"""Progress reporting and cancellation shared by every long-running job."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum

from core.errors import CancelledError

ProgressCallback = Callable[[float, str], None]
"""Called with the fraction done (0..1) and a short message."""


class Status(str, Enum):
    """How an image or a job stands: the one name of each status, for the batch, the CLI and the app.

    A member is its string: it compares equal to, hashes like, prints and serialises as its value
    ('done', ...), so reports and JSON read as before. (enum.StrEnum does the same from Python 3.11.)
    """

    NEW = "new"  # opened in the app, not restored yet
    WAITING = "waiting"  # in a run, not started
    WORKING = "working"  # being restored
    DONE = "done"
    SKIPPED = "skipped"  # its output existed and the run was told to skip such files
    FAILED = "failed"
    CANCELLED = "cancelled"

    def __str__(self) -> str:
        return str.__str__(self)


class CancelToken:
    """A flag one thread sets and another checks between steps of its work.

    `event` is the flag to use instead of a new threading.Event: a multiprocessing Event shares one cancel with
    worker processes (core.device_pool)."""

    def __init__(self, event: threading.Event | None = None) -> None:
        self._event = event if event is not None else threading.Event()

    def cancel(self) -> None:
        """Ask the work to stop at its next check."""
        self._event.set()

    @property
    def cancelled(self) -> bool:
        """Whether cancel() was called."""
        return self._event.is_set()

    def raise_if_cancelled(self) -> None:
        """Raise CancelledError if cancel() was called."""
        if self._event.is_set():
            raise CancelledError("Cancelled.")


def scaled(progress: ProgressCallback | None, start: float, end: float) -> ProgressCallback | None:
    """A callback that maps 0..1 onto start..end of `progress` (for a step inside a larger job)."""
    if progress is None:
        return None

    def report(fraction: float, message: str) -> None:
        progress(start + (end - start) * min(max(fraction, 0.0), 1.0), message)

    return report


class EtaEstimator:
    """Estimates the seconds left of a job from the fraction done so far."""

    def __init__(self, clock: Callable[[], float] | None = None) -> None:
        import time

        self._clock = clock or time.monotonic
        self._start = self._clock()

    def seconds_left(self, fraction: float) -> float | None:
        """Seconds left at this fraction done, or None while too little is known to guess."""
        elapsed = self._clock() - self._start
        if fraction <= 0.01 or elapsed < 0.5:
            return None
        return max(0.0, elapsed * (1.0 - fraction) / fraction)


def format_seconds(seconds: float | None) -> str:
    """'1 h 02 min', '3 min 05 s', '12 s', or '' when unknown."""
    if seconds is None:
        return ""
    seconds = round(seconds)
    if seconds >= 3600:
        return f"{seconds // 3600} h {seconds % 3600 // 60:02d} min"
    if seconds >= 60:
        return f"{seconds // 60} min {seconds % 60:02d} s"
    return f"{seconds} s"


@dataclass
class RunReport:
    """How the last restoration went: where it ran, how, how long, and any fallback taken."""

    device: str
    tiled: bool
    seconds: float
    tiles: str = ""  # the tile plan, when tiled
    fallback: str = ""  # what was done after running out of memory ("" when nothing was needed)
