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


WARM_UP_SIDE = 256
"""Long side of the photo a warm-up restores: small, yet through every layer the network has."""


def warm_up(engine: RestorationEngine, side: int = WARM_UP_SIDE) -> None:
    """Restore a small made-up photo once and discard it, so that the first real photo does not pay for the
    one-time set-up of the first run (oneDNN choosing and compiling its convolution kernels, PyTorch's
    allocator and thread pool growing). The app does this on its worker right after loading a model, while the
    user picks photos. A haze-output network runs on a copy of at most `working_side` pixels, so a 4:3 photo at
    that size prepares exactly the shapes a 4:3 photo of any size will use."""
    checkpoint = getattr(engine, "checkpoint", None)
    if checkpoint is None:  # the classic method: nothing to prepare
        return
    if checkpoint.config.output == "haze":
        side = engine.working_side  # type: ignore[attr-defined]
    height = side * 3 // 4
    ramp = np.linspace(0.2, 0.8, side, dtype=np.float32)
    engine.restore(np.ascontiguousarray(np.broadcast_to(ramp[None, :, None], (height, side, 3))))
