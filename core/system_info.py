"""The machine as AKNet Studio sees it, for a support request: the app, OS, Python, PyTorch and its build, CUDA and
MPS with their devices and memory, the CPU and its units, threads, and the models. `aknet info --system` prints
`format_system_info(system_info())`; the app's Help ▸ Copy system info copies the very same text."""

from __future__ import annotations

import os
import platform
import sys
from importlib import metadata
from typing import Any

from core import __version__

GIB = 1024**3
LIBRARIES = ("PySide6", "numpy", "pillow", "safetensors", "qtawesome")


def _version(package: str) -> str:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return "not installed"


def _os_name() -> str:
    """'Linux 6.1.0 (Debian GNU/Linux 12 (bookworm)), x86_64', 'Windows 11 (10.0.22631), AMD64', ..."""
    system, release, machine = platform.system(), platform.release(), platform.machine()
    detail = ""
    if system == "Linux":
        try:
            detail = platform.freedesktop_os_release().get("PRETTY_NAME", "")
        except OSError:
            detail = ""
    elif system == "Darwin":
        detail = f"macOS {platform.mac_ver()[0]}"
    elif system == "Windows":
        detail = platform.version()
    return f"{system} {release}" + (f" ({detail})" if detail else "") + f", {machine}"


def _torch_info(torch: Any) -> dict[str, Any]:
    cudnn = torch.backends.cudnn
    return {
        "version": torch.__version__,
        "cuda_build": torch.version.cuda,
        "hip_build": getattr(torch.version, "hip", None),
        "cudnn": cudnn.version() if torch.version.cuda and cudnn.is_available() else None,
        "mkldnn": bool(torch.backends.mkldnn.is_available()),
        "mps_build": bool(getattr(torch.backends, "mps", None) and torch.backends.mps.is_built()),
    }


def _cuda_devices(torch: Any) -> list[dict[str, Any]]:
    devices = []
    for index in range(torch.cuda.device_count()):
        properties = torch.cuda.get_device_properties(index)
        devices.append(
            {
                "spec": f"cuda:{index}",
                "name": properties.name,
                "memory_gib": round(properties.total_memory / GIB, 1),
                "capability": f"{properties.major}.{properties.minor}",
            }
        )
    return devices


def bundled_models() -> list[dict[str, Any]]:
    """The weights shipped with the app, per task: file, size, and whether it is there."""
    from core.tasks import TASKS

    models = []
    for task in TASKS.values():
        path = task.weights_path()
        if path is not None:
            size = path.stat().st_size if path.is_file() else None
            models.append({"task": task.name, "file": str(path), "bytes": size})
    return models


def system_info() -> dict[str, Any]:
    """Everything `format_system_info` shows, as plain data (`aknet info --system --json`)."""
    import torch

    from core.cpu_features import describe_cpu
    from core.devices import available_devices, cpu_threads
    from core.gpu_check import gpu_problem
    from core.huge_pages import huge_pages_state
    from core.logs import current_log_folder

    cuda = bool(torch.cuda.is_available())
    mps = bool(getattr(torch.backends, "mps", None) is not None and torch.backends.mps.is_available())
    return {
        "app": __version__,
        "frozen": bool(getattr(sys, "frozen", False)),
        "os": _os_name(),
        "python": f"{platform.python_version()} ({platform.python_implementation()})",
        "libraries": {name: _version(name) for name in LIBRARIES},
        "torch": _torch_info(torch),
        "cuda": {"available": cuda, "devices": _cuda_devices(torch) if cuda else []},
        "mps": mps,
        "gpu_problem": gpu_problem(torch),
        "cpu": describe_cpu(),
        "threads": cpu_threads(),
        "logical_cpus": os.cpu_count(),
        "huge_pages": huge_pages_state(),
        "devices": [{"spec": d.spec, "name": d.name} for d in available_devices()],
        "models": bundled_models(),
        "log_folder": str(current_log_folder()),
    }


def _size(count: int | None) -> str:
    return "missing" if count is None else f"{count / 1e6:.1f} MB"


def format_system_info(info: dict[str, Any]) -> str:
    """The text a user pastes into a support request (one 'Label: value' per line)."""
    cpu, torch_info = info["cpu"], info["torch"]
    build = (
        f"CUDA {torch_info['cuda_build']}" + (f", cuDNN {torch_info['cudnn']}" if torch_info["cudnn"] else "")
        if torch_info["cuda_build"]
        else (f"ROCm {torch_info['hip_build']}" if torch_info["hip_build"] else "CPU only")
    )
    if torch_info["mps_build"]:
        build += ", MPS"
    if torch_info["mkldnn"]:
        build += ", oneDNN"
    if info["cuda"]["available"]:
        gpus = "; ".join(
            f"{d['spec']} {d['name']}, {d['memory_gib']} GiB, compute {d['capability']}"
            for d in info["cuda"]["devices"]
        )
        cuda = f"available: {gpus}"
    else:
        cuda = "not available"
    devices = "; ".join(f"{d['spec']} ({d['name']})" for d in info["devices"])
    libraries = ", ".join(f"{name} {version}" for name, version in info["libraries"].items())
    models = "; ".join(f"{m['task']}: {os.path.basename(m['file'])} ({_size(m['bytes'])})" for m in info["models"])
    lines = [
        f"AKNet Studio:  {info['app']}" + (" (frozen build)" if info["frozen"] else " (source install)"),
        f"OS:            {info['os']}",
        f"Python:        {info['python']}",
        f"Libraries:     {libraries}",
        f"PyTorch:       {torch_info['version']} ({build}), CPU kernels for {cpu['torch_kernels']}",
        f"CUDA:          {cuda}",
        f"MPS:           {'available' if info['mps'] else 'not available'}",
    ]
    if info["gpu_problem"]:
        lines.append(f"GPU problem:   {info['gpu_problem']}")
    lines += [
        f"CPU:           {cpu['model']}",
        f"Units:         {', '.join(cpu['units']) or 'none of AVX2, AVX-512, AVX-512 BF16, AMX'}",
        f"bfloat16:      {'matrix units present' if cpu['bf16_units'] else 'no bfloat16 units'}",
        f"Threads:       {info['threads']} used (of {info['logical_cpus']} logical CPUs)",
        f"Restorer:      {cpu['restorer']}",
        f"Huge pages:    {info['huge_pages']}",
        f"Devices:       {devices}",
        f"Models:        {models or 'none bundled'}",
        f"Log folder:    {info['log_folder']}",
    ]
    return "\n".join(lines)
