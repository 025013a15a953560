"""Creating engines and retrying after the GPU runs out of memory: in tiles, then on the CPU.

Qt-free, so the same code runs in the worker thread and in a plain script on a GPU machine.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

from aknet_gui.jobs import EngineRequest
from core.errors import OutOfMemoryError
from core.progress import CancelToken, ProgressCallback

EngineFactory = Callable[[EngineRequest], Any]


def create_engine(request: EngineRequest) -> Any:
    """The real engine for a request (imports torch: only ever call it off the UI thread)."""
    from core.engine import create_restorer

    return create_restorer(request.task, request.weights, device=request.device, tile=request.tile)


def device_type(engine: Any) -> str:
    """'cpu', 'cuda' or 'mps' for an engine (a GPU when it does not say, since only GPUs run out of memory)."""
    return str(getattr(engine, "device", "cuda")).split(":")[0]


def fallback_note(engine: Any) -> str:
    """What the engine's last run had to fall back on ('' when it ran as asked).

    The Restorer itself retries in tiles and then on the CPU after running out of GPU memory, and
    says so in last_report.note (the classic engine uses the note for other news, hence the check).
    """
    note = getattr(getattr(engine, "last_report", None), "note", "") or ""
    return note if "out of memory" in note.lower() else ""


def used_device(engine: Any) -> str:
    """Where the engine's last run actually ran (after a fallback this differs from device_label)."""
    return getattr(getattr(engine, "last_report", None), "device", "") or engine.device_label


@dataclass
class Outcome:
    """A restoration and the engine that made it; `notice` says what fallback was taken ('' when none)."""

    restored: np.ndarray
    engine: Any
    request: EngineRequest
    notice: str = ""


def restore_with_fallback(
    engine: Any,
    request: EngineRequest,
    factory: EngineFactory,
    image: np.ndarray,
    progress: ProgressCallback | None = None,
    cancel: CancelToken | None = None,
) -> Outcome:
    """Restore with `engine`; after an OutOfMemoryError try request.fallbacks() in turn; re-raise when all fail.

    `notice` is set whenever the result was not made as asked (by the engine's own retry or by ours).
    """
    try:
        restored = engine.restore(image, progress=progress, cancel=cancel)
        return Outcome(restored, engine, request, fallback_note(engine))
    except OutOfMemoryError as first:
        failure: OutOfMemoryError = first
    for fallback, notice in request.fallbacks(device_type(engine)):
        if cancel is not None:
            cancel.raise_if_cancelled()
        engine = factory(fallback)
        try:
            restored = engine.restore(image, progress=progress, cancel=cancel)
        except OutOfMemoryError as again:
            failure = again
            continue
        return Outcome(restored, engine, fallback, fallback_note(engine) or notice)
    raise failure
