"""Picking the restoration engine for a task: AKNet with weights, or the classic dark channel prior."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Protocol

import numpy as np

from core.progress import CancelToken, ProgressCallback
from core.tasks import bundled_weights, get_task


class RestorationEngine(Protocol):
    """What the CLI and the app need from anything that restores images."""

    device_label: str
    last_report: Any

    @property
    def description(self) -> dict[str, Any]: ...

    def restore(
        self, image: np.ndarray, progress: ProgressCallback | None = None, cancel: CancelToken | None = None
    ) -> np.ndarray: ...


def create_restorer(
    task: str,
    weights: str | Path | None = None,
    device: str = "auto",
    tile: str | int | None = "auto",
    threads: int | None = None,
    precision: str = "auto",
) -> RestorationEngine:
    """The engine for a task: the given weights, else the task's bundled weights, else a clear error. `threads`:
    the CPU threads it may use (default: every core; a worker process of a multi-device batch takes its share);
    `precision`: auto, fp32, bf16 or fp16 (see core.precision; the classic method ignores it)."""
    spec = get_task(task)
    if spec.classic and weights is None:
        from core.dark_channel import ClassicDehazer

        return ClassicDehazer()
    from core.restorer import Restorer

    checkpoint = weights if weights is not None else bundled_weights(task)
    return Restorer(checkpoint, device=device, tile=tile, threads=threads, precision=precision)
