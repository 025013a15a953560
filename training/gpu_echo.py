"""Data echoing for short GPU runs: the model never waits for the data loader. Batches come from the usual
DataLoader (workers synthesising degradations on the CPU) through a background thread; when the next fresh
batch is not ready yet, the step re-uses the current one ("data echoing", Choi et al. 2019) through a
different random crop and flip, at most `max_reuse` times, so the GPU keeps stepping while the CPUs catch up.

The loader makes crops `margin` pixels larger than the training crop; every use of a batch takes its own
random training-size window of them (and a random horizontal flip), so even an echoed step sees new pixels
in new places. With `max_reuse` 0 every step takes a fresh batch, as the plain trainer does."""

from __future__ import annotations

import queue
import random
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

import torch

from training.config import TrainConfig
from training.data import RunData
from training.trainer import Trainer

_END = object()


@dataclass
class EchoStats:
    """How many steps took a fresh batch and how many re-used one."""

    fresh: int = 0
    echoed: int = 0
    wait_seconds: float = 0.0  # time the training loop waited for a fresh batch (re-use limit reached)

    def to_dict(self) -> dict[str, Any]:
        """Counts and the share of fresh steps, JSON-ready."""
        total = self.fresh + self.echoed
        share = round(self.fresh / total, 4) if total else None
        return {
            "fresh_batches": self.fresh,
            "echoed_steps": self.echoed,
            "fresh_share": share,
            "wait_seconds": round(self.wait_seconds, 2),
        }


class _Failure:
    def __init__(self, error: BaseException) -> None:
        self.error = error


class EchoBatches:
    """`steps` training batches from `source`, re-using the current one while no fresh one is ready."""

    def __init__(
        self,
        source: Iterable[tuple[torch.Tensor, torch.Tensor]],
        steps: int,
        crop: int,
        device: torch.device,
        max_reuse: int = 3,
        seed: int = 0,
        prefetch: int = 4,
        stats: EchoStats | None = None,
    ) -> None:
        self.source, self.steps, self.crop, self.device = source, steps, crop, device
        self.max_reuse, self.prefetch = max(0, max_reuse), max(1, prefetch)
        self.random = random.Random(seed)
        self.stats = stats if stats is not None else EchoStats()

    def _fill(self, batches: queue.Queue, stop: threading.Event) -> None:
        def put(item: object) -> bool:
            while not stop.is_set():
                try:
                    batches.put(item, timeout=0.1)
                    return True
                except queue.Full:
                    continue
            return False

        try:
            for batch in self.source:
                if not put(batch):
                    return
        except BaseException as exc:  # handed to the training thread, which raises it
            put(_Failure(exc))
            return
        put(_END)

    def view(self, batch: tuple[torch.Tensor, ...]) -> tuple[torch.Tensor, ...]:
        """A random crop-size window (the same for every image of the batch) and a random horizontal flip, of the
        degraded and clean images and of any target laid out like them (a haze transmission map); other targets
        (the airlight) pass as they are."""
        height, width = batch[0].shape[-2:]
        top = self.random.randint(0, max(0, height - self.crop))
        left = self.random.randint(0, max(0, width - self.crop))
        window = (..., slice(top, top + self.crop), slice(left, left + self.crop))
        flip = self.random.random() < 0.5
        views = []
        for tensor in batch:
            if tensor.dim() >= 3 and tensor.shape[-2:] == (height, width):
                tensor = tensor[window].flip(-1) if flip else tensor[window]
            views.append(tensor.contiguous())
        return tuple(views)

    def _take(self, item: object) -> tuple[torch.Tensor, ...] | None:
        if item is _END:
            return None
        if isinstance(item, _Failure):
            raise item.error
        return tuple(tensor.to(self.device, non_blocking=True) for tensor in item)  # type: ignore[attr-defined]

    def __iter__(self) -> Iterator[tuple[torch.Tensor, ...]]:
        batches: queue.Queue = queue.Queue(maxsize=self.prefetch)
        stop = threading.Event()
        filler = threading.Thread(target=self._fill, args=(batches, stop), name="echo-loader", daemon=True)
        filler.start()
        current, uses = None, 0
        try:
            for _ in range(self.steps):
                item = None
                if current is None or uses > self.max_reuse:
                    started = time.perf_counter()
                    item = batches.get()
                    self.stats.wait_seconds += time.perf_counter() - started
                else:
                    try:
                        item = batches.get_nowait()
                    except queue.Empty:
                        item = None
                if item is not None:
                    taken = self._take(item)
                    if taken is None:
                        return
                    current, uses = taken, 0
                    self.stats.fresh += 1
                else:
                    self.stats.echoed += 1
                uses += 1
                yield self.view(current)  # type: ignore[arg-type]
        finally:
            stop.set()


class EchoTrainer(Trainer):
    """The trainer with data echoing: `data` makes crops of config.crop_size + `margin` pixels (build it from
    a configuration with that crop size); each step trains on a config.crop_size window of them."""

    def __init__(
        self,
        config: TrainConfig,
        data: RunData,
        echo: Callable[[str], None] | None = None,
        max_reuse: int = 3,
        margin: int = 32,
    ) -> None:
        super().__init__(config, data, echo)
        self.max_reuse, self.margin = max_reuse, margin
        self.echo_stats = EchoStats()

    def _loader(self, steps: int) -> Iterable[tuple[torch.Tensor, torch.Tensor]]:  # type: ignore[override]
        source = super()._loader(steps)
        seed = self.config.seed * 1_000_003 + self.step
        return EchoBatches(
            source, steps, self.config.crop_size, self.runtime.device, self.max_reuse, seed, stats=self.echo_stats
        )
