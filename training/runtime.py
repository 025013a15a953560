"""Where and how a run computes: device, mixed precision, threads, data-loader workers, Ctrl-C handling."""

from __future__ import annotations

import contextlib
import os
import platform
import signal
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import torch

from core.devices import cpu_threads, describe_device
from training.config import TrainConfig
from training.distributed import SINGLE, Group, rank_device


@dataclass(frozen=True)
class Runtime:
    """The compute settings chosen for a configuration on this machine."""

    device: torch.device
    amp_dtype: torch.dtype | None
    channels_last: bool
    workers: int
    processes: int = 1  # of a distributed run, every node's

    @property
    def label(self) -> str:
        """E.g. 'NVIDIA H100 (cuda:0), bf16, channels-last, 12 data workers, 8 processes'."""
        parts = [describe_device(self.device)]
        if self.amp_dtype is not None:
            parts.append("bf16" if self.amp_dtype == torch.bfloat16 else "fp16")
        if self.channels_last:
            parts.append("channels-last")
        parts.append(f"{self.workers} data workers")
        if self.processes > 1:
            parts.append(f"{self.processes} processes")
        return ", ".join(parts)

    def hardware(self) -> dict[str, Any]:
        """A description of the machine for the weights' metadata."""
        return {
            "device": describe_device(self.device),
            "precision": {torch.bfloat16: "bf16", torch.float16: "fp16"}.get(self.amp_dtype, "fp32"),
            "torch": str(torch.__version__),
            "cpus": os.cpu_count(),
            "platform": platform.platform(terse=True),
            "processes": self.processes,
        }


def choose_runtime(config: TrainConfig, group: Group = SINGLE) -> Runtime:
    """Pick the device, precision, memory layout and worker count; set threads and cuDNN/determinism flags.
    In a distributed run the processes on a node share its cores and data workers, each has its own GPU."""
    device = rank_device(config.device, group)
    amp_dtype = None
    if device.type == "cuda" and config.amp != "off":
        bf16 = config.amp == "bf16" or (config.amp == "auto" and torch.cuda.is_bf16_supported())
        amp_dtype = torch.bfloat16 if bf16 else torch.float16
    elif device.type == "cpu" and config.amp == "bf16":
        # Asked for only: on CPUs with bfloat16 units (AMX, AVX-512 BF16) a tiny-model step is ~1.4× faster
        # (oneDNN's bf16 convolutions); elsewhere bf16 is emulated and slower. Validation stays float32.
        amp_dtype = torch.bfloat16
    if device.type == "cpu":
        torch.set_num_threads(max(1, cpu_threads() // group.local_world_size))
    if device.type == "cuda":
        torch.backends.cudnn.benchmark = not config.deterministic
        torch.backends.cuda.matmul.allow_tf32 = True
        torch.backends.cudnn.allow_tf32 = True
    if config.deterministic:
        os.environ.setdefault("CUBLAS_WORKSPACE_CONFIG", ":4096:8")
        torch.use_deterministic_algorithms(True, warn_only=device.type != "cpu")
    # Channels-last: oneDNN's CPU convolutions are faster with it, cuDNN's are no slower (measured).
    channels_last = config.channels_last if config.channels_last is not None else device.type in ("cpu", "cuda")
    workers = config.num_workers
    if workers < 0:
        cores = max(1, (os.cpu_count() or 1) // group.local_world_size)
        workers = max(1, min(14, cores - 2)) if device.type == "cuda" else (0 if cores <= 4 else 2)
    return Runtime(device, amp_dtype, channels_last, workers, group.world_size)


def prepare_fork() -> None:
    """Call before starting worker processes: OpenCV's thread pool does not survive fork(), and a child
    that touches it (even to resize it) waits forever, so the parent drops to one OpenCV thread first
    (children inherit that and stay single-threaded, which is what many parallel workers want)."""
    import cv2

    cv2.setNumThreads(1)


def init_worker(worker_id: int) -> None:
    """In each data-loader worker: one torch thread, and leave Ctrl-C to the main process."""
    torch.set_num_threads(1)
    signal.signal(signal.SIGINT, signal.SIG_IGN)


@contextlib.contextmanager
def graceful_interrupt(on_first: Callable[[], None]) -> Iterator[Callable[[], bool]]:
    """While active, the first Ctrl-C calls `on_first` and is remembered (ask `requested()`); a second one
    interrupts at once. Outside the main thread it changes nothing."""
    flag = threading.Event()
    if threading.current_thread() is not threading.main_thread():
        yield flag.is_set
        return

    def handler(signum: int, frame: Any) -> None:
        if flag.is_set():
            raise KeyboardInterrupt
        flag.set()
        on_first()

    previous = signal.signal(signal.SIGINT, handler)
    try:
        yield flag.is_set
    finally:
        signal.signal(signal.SIGINT, previous)
