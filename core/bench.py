"""`aknet bench`: wall time, megapixels per second and peak memory of restoration at given sizes."""

from __future__ import annotations

import itertools
import json
import statistics
import subprocess
import sys
import time
from dataclasses import asdict, dataclass
from pathlib import Path

from core.errors import AKNetError


@dataclass
class BenchResult:
    """Timing of one image size: median seconds over the repeats, throughput and peak memory."""

    width: int
    height: int
    device: str
    tile: str
    fast_paths: bool
    seconds_median: float
    seconds_all: list[float]
    megapixels_per_second: float
    peak_rss_mb: float
    peak_gpu_mb: float | None = None
    precision: str = "fp32"

    def to_dict(self) -> dict:
        """The result as plain data (for --json)."""
        return asdict(self)


def peak_rss_mb() -> float:
    """Peak resident memory of this process so far, in MB."""
    import resource

    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / 1024 if sys.platform != "darwin" else peak / (1024 * 1024)


def measure(
    width: int,
    height: int,
    weights: str | None,
    device: str = "auto",
    tile: str = "off",
    repeats: int = 3,
    warmup: int = 1,
    fast_paths: bool = True,
    precision: str = "auto",
) -> BenchResult:
    """Restore a random width×height image `warmup + repeats` times in this process and time it."""
    import numpy as np
    import torch

    from core.restorer import Restorer
    from core.tasks import bundled_weights

    restorer = Restorer(weights or bundled_weights("dehaze"), device=device, tile=tile, precision=precision)
    restorer.model.set_fast_paths(fast_paths)
    image = np.random.default_rng(0).random((height, width, 3), dtype=np.float32)
    cuda = restorer.device.type == "cuda"
    times = []
    for run in range(warmup + repeats):
        if cuda:
            torch.cuda.synchronize()
            torch.cuda.reset_peak_memory_stats(restorer.device)
        start = time.perf_counter()
        restorer.restore(image)
        if cuda:
            torch.cuda.synchronize()
        if run >= warmup:
            times.append(time.perf_counter() - start)
    median = statistics.median(times)
    gpu = torch.cuda.max_memory_allocated(restorer.device) / 2**20 if cuda else None
    return BenchResult(
        width, height, restorer.device_label, str(tile), fast_paths, median, times,
        width * height / 1e6 / median, peak_rss_mb(), gpu, restorer.precision,
    )  # fmt: skip


def run_benchmarks(
    sizes: list[tuple[int, int]],
    weights: str | None = None,
    device: str = "auto",
    tile: str = "off",
    repeats: int = 3,
    warmup: int = 1,
    fast_paths: bool = True,
    isolate: bool = True,
    precisions: tuple[str, ...] = ("auto",),
) -> list[BenchResult]:
    """Benchmark each size at each precision, each in a fresh process by default so that peak memory is its own."""
    if weights is not None and not Path(weights).is_file():
        raise AKNetError(f"Weights file not found: {weights}")
    results = []
    for (width, height), precision in itertools.product(sizes, precisions):
        spec = dict(
            width=width, height=height, weights=weights, device=device, tile=tile,
            repeats=repeats, warmup=warmup, fast_paths=fast_paths, precision=precision,
        )  # fmt: skip
        if not isolate:
            results.append(measure(**spec))
            continue
        completed = subprocess.run(
            [sys.executable, "-m", "core.bench", json.dumps(spec)], capture_output=True, text=True, check=False
        )
        if completed.returncode != 0:
            raise AKNetError(f"Benchmark at {width}×{height} failed:\n{completed.stderr.strip()[-2000:]}")
        results.append(BenchResult(**json.loads(completed.stdout.strip().splitlines()[-1])))
    return results


def format_table(results: list[BenchResult]) -> str:
    """Results as an aligned text table."""
    header = (
        f"{'size':>11}  {'precision':>9}  {'median s':>9}  {'MP/s':>6}  {'peak RSS MB':>11}  {'peak GPU MB':>11}  "
        "device, tiles"
    )
    lines = [header]
    for r in results:
        gpu = f"{r.peak_gpu_mb:11.0f}" if r.peak_gpu_mb is not None else f"{'-':>11}"
        lines.append(
            f"{f'{r.width}x{r.height}':>11}  {r.precision:>9}  {r.seconds_median:9.2f}  "
            f"{r.megapixels_per_second:6.3f}  {r.peak_rss_mb:11.0f}  {gpu}  "
            f"{r.device}, tile={r.tile}{'' if r.fast_paths else ', plain paths'}"
        )
    return "\n".join(lines)


def fidelity_lines(weights: str | None, device: str, precisions: tuple[str, ...]) -> list[str]:
    """Each non-float32 precision's fidelity against float32 on the sample photos, with both times, and the bar."""
    from core.devices import resolve_device
    from core.network.checkpoint import load_checkpoint
    from core.precision import MAX_ERROR, MIN_PSNR_DB, measure_fidelity, sample_photos
    from core.tasks import bundled_weights

    checkpoint = load_checkpoint(weights or bundled_weights("dehaze"))
    lines = []
    for precision in dict.fromkeys(p for p in precisions if p not in ("auto", "fp32")):
        fidelity = measure_fidelity(checkpoint, resolve_device(device), precision, sample_photos())
        verdict = "meets" if fidelity.meets_bar else "misses"
        lines.append(
            f"{fidelity.describe()} on the sample photos ({fidelity.seconds:.2f} s against "
            f"{fidelity.fp32_seconds:.2f} s); {verdict} the bar ({MIN_PSNR_DB:.0f} dB, {MAX_ERROR * 255:.0f}/255)"
        )
    return lines


if __name__ == "__main__":  # child process of run_benchmarks
    print(json.dumps(measure(**json.loads(sys.argv[1])).to_dict()))
