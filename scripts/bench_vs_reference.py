"""Our restorer against the published AKNet code, side by side in one run on this machine.

    python scripts/bench_vs_reference.py [--size 512x512] [--threads 2] [--rounds 2] [--repeats 3]

Alternates `../shared/reference/bench_reference.py` (the published code, unmodified) and `aknet bench` (ours,
fast paths, whole image) round by round on the reference fixture weights, each in its own process with the
same thread count, so that both see the same machine load; prints the CPU model, every round's medians, and
the ratio of the medians over all rounds. These machines are shared and noisy: compare ratios, not seconds.
Ours runs as the `aknet` command runs it, with huge pages where its launcher turns them on (core/huge_pages.py;
`AKNET_HUGE_PAGES=0` runs it without); the published code runs as it is.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
from pathlib import Path

from core.cpu_features import cpu_summary
from core.huge_pages import huge_pages_state, restart_environment

ROOT = Path(__file__).resolve().parent.parent

SHARED = ROOT.parent / "shared"


def _run(command: list[str], threads: int, env: dict[str, str] | None = None) -> str:
    """Run a child pinned to the first `threads` CPUs this process may use; its standard output."""
    cpus = sorted(os.sched_getaffinity(0))[:threads] if hasattr(os, "sched_getaffinity") else None

    def pin() -> None:
        if cpus:
            os.sched_setaffinity(0, cpus)

    return subprocess.run(command, check=True, capture_output=True, text=True, cwd=ROOT, preexec_fn=pin, env=env).stdout


def reference_seconds(size: str, threads: int, repeats: int, weights: Path) -> float:
    """Median seconds of the published forward pass."""
    command = [sys.executable, str(SHARED / "reference" / "bench_reference.py"), "--size", size]
    command += ["--threads", str(threads), "--repeats", str(repeats), "--weights", str(weights)]
    return float(json.loads(_run(command, threads).strip().splitlines()[-1])["seconds_median"])


def our_seconds(size: str, threads: int, repeats: int, weights: Path, env: dict[str, str]) -> float:
    """Median seconds of `aknet bench` (whole image, fast paths; it uses every CPU it is pinned to)."""
    command = [sys.executable, "-m", "core.cli", "bench", "--size", size, "--weights", str(weights)]
    command += ["--device", "cpu", "--repeats", str(repeats), "--inline", "--json"]
    return float(json.loads(_run(command, threads, env))[0]["seconds_median"])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--size", default="512x512", help="WIDTHxHEIGHT (default 512x512)")
    parser.add_argument("--threads", type=int, default=2, help="threads for both (default 2)")
    parser.add_argument("--rounds", type=int, default=2, help="alternating rounds (default 2)")
    parser.add_argument("--repeats", type=int, default=3, help="timed runs per round and side (default 3)")
    parser.add_argument("--weights", type=Path, default=SHARED / "fixtures" / "aknet_reference_weights.pkl")
    args = parser.parse_args()
    print(f"CPU: {cpu_summary()}; {args.threads} threads; {args.size}; weights {args.weights.name}")
    ours_env = restart_environment() or dict(os.environ)  # as the `aknet` launcher would restart itself here
    print(f"huge pages for ours: {huge_pages_state(ours_env)}")
    ours, reference = [], []
    for round_number in range(1, args.rounds + 1):
        reference.append(reference_seconds(args.size, args.threads, args.repeats, args.weights))
        ours.append(our_seconds(args.size, args.threads, args.repeats, args.weights, ours_env))
        print(f"round {round_number}: reference {reference[-1]:.2f} s, ours {ours[-1]:.2f} s", flush=True)
    ratio = statistics.median(reference) / statistics.median(ours)
    print(f"median: reference {statistics.median(reference):.2f} s, ours {statistics.median(ours):.2f} s, {ratio:.1f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
