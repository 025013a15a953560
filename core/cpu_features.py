"""What this CPU offers the restorer: its model and the vector and matrix units PyTorch's kernels use.

Read from /proc/cpuinfo on Linux (the `flags` line); elsewhere only PyTorch's own view (the widest vector
instruction set its CPU kernels dispatch to) is known. `aknet info --system` and the About box show it.
"""

from __future__ import annotations

import platform
from pathlib import Path
from typing import Any

UNITS = (
    ("avx2", "AVX2"),
    ("avx512f", "AVX-512"),
    ("avx512_bf16", "AVX-512 BF16"),
    ("amx_bf16", "AMX BF16"),
)
"""(/proc/cpuinfo flag, name) of the units that matter for float32 and bfloat16 arithmetic, narrow to wide."""


def read_cpuinfo(path: Path = Path("/proc/cpuinfo")) -> str:
    """The kernel's CPU description, or '' where there is none (macOS, Windows)."""
    try:
        return path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return ""


def parse_cpuinfo(text: str) -> tuple[str, set[str]]:
    """(model name, flags) of the first processor in a /proc/cpuinfo text."""
    model, flags = "", set()
    for line in text.splitlines():
        key, _, value = line.partition(":")
        key = key.strip()
        if key == "model name" and not model:
            model = value.strip()
        elif key == "flags" and not flags:
            flags = set(value.split())
    return model, flags


def _model_and_flags(cpuinfo: str | None) -> tuple[str, list[str], set[str]]:
    """(model name, names of its UNITS, flags) of this CPU, or of a given /proc/cpuinfo text."""
    model, flags = parse_cpuinfo(read_cpuinfo() if cpuinfo is None else cpuinfo)
    units = [name for flag, name in UNITS if flag in flags]
    return model or platform.processor() or platform.machine(), units, flags


def describe_cpu(cpuinfo: str | None = None) -> dict[str, Any]:
    """The CPU's model, its units among UNITS, whether it has bfloat16 matrix units, and what PyTorch uses."""
    import torch  # here, not at import: the About box names the CPU without waiting for PyTorch

    from core.precision import auto_summary

    model, units, flags = _model_and_flags(cpuinfo)
    capability = getattr(torch.backends.cpu, "get_cpu_capability", lambda: "unknown")()
    bf16_units = "avx512_bf16" in flags or "amx_bf16" in flags
    return {
        "model": model,
        "units": units,
        "bf16_units": bf16_units,
        "torch_kernels": capability,
        "restorer": auto_summary(bf16_units),
    }


def cpu_summary(cpuinfo: str | None = None) -> str:
    """One line for people: 'Intel(R) Xeon(R) Processor: AVX2, AVX-512, AVX-512 BF16, AMX BF16'."""
    model, units, _ = _model_and_flags(cpuinfo)
    return f"{model}: {', '.join(units) or 'no AVX2'}"
