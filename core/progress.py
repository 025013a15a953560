"""Progress reporting and cancellation shared by every long-running job."""

from __future__ import annotations

import threading
from collections.abc import Callable

from core.errors import CancelledError

ProgressCallback = Callable[[float, str], None]
"""Called with the fraction done (0..1) and a short message."""


class CancelToken:
    """A flag one thread sets and another checks between steps of its work."""

    def __init__(self) -> None:
        self._event = threading.Event()

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
