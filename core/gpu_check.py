"""Why the GPU is not used, in the user's words: no NVIDIA driver, a CUDA build of PyTorch whose CUDA the driver
does not support, or a CPU-only PyTorch on a machine with an NVIDIA GPU. The restorer then runs on the CPU; the
app's notice bar, `aknet restore` and `aknet info --system` say why."""

from __future__ import annotations

from pathlib import Path
from typing import Any

NVIDIA_VENDOR = "0x10de"
PCI_DEVICES = Path("/sys/bus/pci/devices")


def nvidia_gpu_present(pci_root: Path = PCI_DEVICES) -> bool | None:
    """Whether the PCI bus has an NVIDIA display controller (Linux); None where that cannot be told."""
    if not pci_root.is_dir():
        return None
    for device in pci_root.iterdir():
        try:
            vendor = (device / "vendor").read_text().strip()
            kind = (device / "class").read_text().strip()
        except OSError:
            continue
        if vendor == NVIDIA_VENDOR and kind.startswith("0x03"):  # class 03: display controllers
            return True
    return False


def _cuda_failure(torch: Any) -> str:
    """PyTorch's own reason CUDA cannot start (its message names the driver problem), first sentence only."""
    try:
        torch.cuda.init()
    except Exception as exc:  # torch raises RuntimeError or AssertionError, depending on the version
        text = " ".join(str(exc).split())
        return text.split(". ")[0].rstrip(".") or type(exc).__name__
    return "no CUDA device was found"


def gpu_problem(torch: Any = None, nvidia_present: bool | str | None = "detect") -> str:
    """What keeps the GPU from being used ('' when nothing does, or when there is no GPU to use)."""
    if torch is None:
        import torch
    if nvidia_present == "detect":
        nvidia_present = nvidia_gpu_present()
    cuda_version = getattr(torch.version, "cuda", None)
    if cuda_version:
        if torch.cuda.is_available():
            return ""
        if nvidia_present is False:
            return ""  # a CUDA build on a machine without an NVIDIA GPU: the CPU is the only choice anyway
        reason = _cuda_failure(torch)
        return (
            f"The GPU cannot be used: this PyTorch is built for CUDA {cuda_version}, but {reason}. Restoring runs "
            f"on the CPU (slower). To use the GPU, install or update the NVIDIA driver to one that supports CUDA "
            f"{cuda_version}, then restart AKNet Studio."
        )
    if getattr(torch.version, "hip", None):
        return ""
    if nvidia_present:
        return (
            "This machine has an NVIDIA GPU, but the installed PyTorch is a CPU-only build, so restoring runs on the "
            "CPU. To use the GPU, install a CUDA build of PyTorch (the README says how, under 'Two commands on a "
            "fresh machine')."
        )
    return ""
