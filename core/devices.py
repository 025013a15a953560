"""Choosing the compute device: CUDA, then Apple MPS, then the CPU; and naming it for people."""

from __future__ import annotations

import os
from dataclasses import dataclass

import torch

from core.errors import DeviceError


@dataclass(frozen=True)
class DeviceInfo:
    """A device the user can pick: its spec (`cpu`, `cuda:0`, `mps`) and a readable name."""

    spec: str
    name: str


def available_devices() -> list[DeviceInfo]:
    """Every device this machine can run on, the CPU last."""
    devices = []
    if torch.cuda.is_available():
        for index in range(torch.cuda.device_count()):
            devices.append(DeviceInfo(f"cuda:{index}", torch.cuda.get_device_name(index)))
    if getattr(torch.backends, "mps", None) is not None and torch.backends.mps.is_available():
        devices.append(DeviceInfo("mps", "Apple GPU (Metal)"))
    devices.append(DeviceInfo("cpu", f"CPU ({threads_label(cpu_threads())})"))
    return devices


def cpu_threads() -> int:
    """Threads worth using on the CPU: the cores this process may run on (no hyper-thread doubling)."""
    try:
        usable = len(os.sched_getaffinity(0))
    except AttributeError:
        usable = os.cpu_count() or 1
    try:
        import psutil

        physical = psutil.cpu_count(logical=False) or usable
    except ImportError:
        physical = usable
    return max(1, min(usable, physical))


def resolve_device(spec: str = "auto") -> torch.device:
    """Turn `auto`, `cpu`, `cuda`, `cuda:N` or `mps` into a device, or explain why it is unavailable."""
    spec = (spec or "auto").strip().lower()
    if spec == "auto":
        if torch.cuda.is_available():
            return torch.device("cuda:0")
        if getattr(torch.backends, "mps", None) is not None and torch.backends.mps.is_available():
            return torch.device("mps")
        return torch.device("cpu")
    try:
        device = torch.device(spec)
    except RuntimeError as exc:
        raise DeviceError(f"'{spec}' is not a device name; use auto, cpu, cuda, cuda:N or mps.") from exc
    if device.type == "cuda":
        if not torch.cuda.is_available():
            raise DeviceError("No CUDA GPU is available (or this build of PyTorch has no CUDA); use --device cpu.")
        index = device.index or 0
        if index >= torch.cuda.device_count():
            raise DeviceError(f"There is no GPU cuda:{index}; this machine has {torch.cuda.device_count()}.")
        return torch.device("cuda", index)
    if device.type == "mps" and not (
        getattr(torch.backends, "mps", None) is not None and torch.backends.mps.is_available()
    ):
        raise DeviceError("Apple MPS is not available on this machine; use --device cpu.")
    if device.type not in ("cpu", "cuda", "mps"):
        raise DeviceError(f"Device type '{device.type}' is not supported; use auto, cpu, cuda, cuda:N or mps.")
    return device


def describe_device(device: torch.device) -> str:
    """A short label such as 'NVIDIA H100 (cuda:0)' or 'CPU (2 threads)'."""
    if device.type == "cuda":
        return f"{torch.cuda.get_device_name(device)} ({device})"
    if device.type == "mps":
        return "Apple GPU (mps)"
    return f"CPU ({threads_label(torch.get_num_threads())})"


def threads_label(count: int) -> str:
    """'1 thread', '2 threads'."""
    return f"{count} thread" if count == 1 else f"{count} threads"
