"""What the two frozen executables share: output streams for windowed builds, and `-m MODULE`.

A frozen executable is not a Python interpreter, so `sys.executable -m core.bench ...` (how `aknet bench`
measures each size in a fresh process) reaches the `aknet` executable itself; `run_module_request` serves it.
"""

from __future__ import annotations

import runpy
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

# Only these may be run with `-m`: the frozen app is not a general interpreter.
RUNNABLE_MODULES = ("core.bench",)


def ensure_streams(log_name: str) -> Path | None:
    """Send output to a log file in the temp folder when a windowed build has no console (Windows, macOS).

    Without it, `print` goes nowhere and a crash's traceback is lost; returns the log's path, or None
    when the streams exist.
    """
    if sys.stdout is not None and sys.stderr is not None:
        return None
    log = Path(tempfile.gettempdir()) / log_name
    stream = open(log, "w", encoding="utf-8", buffering=1)  # noqa: SIM115 (open for the life of the process)
    if sys.stdout is None:
        sys.stdout = stream
    if sys.stderr is None:
        sys.stderr = stream
    return log


def run_module_request(argv: Sequence[str]) -> bool:
    """Run `-m MODULE ARGS...` as `python -m` would, if that is what `argv` asks; True when it did."""
    if len(argv) < 2 or argv[0] != "-m":
        return False
    module = argv[1]
    if module not in RUNNABLE_MODULES:
        print(f"error: -m {module} is not available in the frozen app", file=sys.stderr)
        raise SystemExit(2)
    sys.argv = [module, *argv[2:]]
    runpy.run_module(module, run_name="__main__", alter_sys=True)
    return True
