"""Start-up time of a built app: seconds from launch until its window is shown (offscreen), median of N.

It runs `AKNetStudio --self-test --weights FILE` and times the self-test's "window shown" line, then stops
the process (the restoration that follows is not part of start-up):
`python packaging/startup_time.py dist/AKNetStudio/AKNetStudio --weights FILE [--runs 3]`.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

SHOWN_MARKER = "[self-test] window shown"


def time_to_window(executable: Path, weights: Path, timeout: float = 120.0) -> float:
    """Seconds from starting `executable --self-test` until it reports its window shown."""
    environment = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    command = [str(executable), "--self-test", "--weights", str(weights)]
    started = time.perf_counter()
    process = subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=environment, bufsize=1
    )
    output = []
    try:
        for line in process.stdout:
            output.append(line)
            if line.startswith(SHOWN_MARKER):
                return time.perf_counter() - started
            if time.perf_counter() - started > timeout:
                break
        raise RuntimeError(f"{executable.name} never showed its window:\n{''.join(output)[-2000:]}")
    finally:
        process.kill()
        process.wait()
        process.stdout.close()


def median_time_to_window(executable: Path, weights: Path, runs: int = 3) -> tuple[float, list[float]]:
    """The median and the individual times of `runs` starts."""
    times = [time_to_window(executable, weights) for _ in range(runs)]
    return statistics.median(times), times


def main(argv: list[str] | None = None) -> int:
    """Print the median start-up time of the executable given on the command line."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("executable", type=Path, help="e.g. dist/AKNetStudio/AKNetStudio")
    parser.add_argument("--weights", type=Path, required=True, help="a checkpoint (the self-test loads it)")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args(argv)
    median, times = median_time_to_window(args.executable, args.weights, args.runs)
    shown = ", ".join(f"{t:.2f}" for t in times)
    print(f"start-up to a shown window (offscreen): median {median:.2f} s of {args.runs} ({shown})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
