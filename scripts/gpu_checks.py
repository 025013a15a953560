"""CUDA checks of the restorer, for a machine with an NVIDIA GPU (no Qt needed):

    PYTHONPATH=. python scripts/gpu_checks.py --fixtures ../shared/fixtures --json gpu_checks.json

1. the reference fixtures reproduced on the GPU in float32 (TF32 off);
2. half precision (the default on CUDA) against the CPU float32 result;
3. tiles against the whole image on the GPU;
4. a 6000×4000 image in half precision: whole (when it fits) and tiled within an 8 GB budget,
   with time and peak GPU memory;
5. the out-of-memory fallback: with the process capped to a small share of the GPU, a large
   image runs out of memory whole and is restored in tiles;
6. timings at 512×512 and 1280×720 (median of 5, after 2 warm-ups).
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from pathlib import Path

import numpy as np
import torch

from core.restorer import Restorer


def timed(restorer: Restorer, image: np.ndarray, repeats: int = 1, warmup: int = 0) -> tuple[np.ndarray, float]:
    """The result and the median wall time of `repeats` restorations."""
    times = []
    for run in range(warmup + repeats):
        torch.cuda.synchronize()
        start = time.perf_counter()
        result = restorer.restore(image)
        torch.cuda.synchronize()
        if run >= warmup:
            times.append(time.perf_counter() - start)
    return result, statistics.median(times)


def main(argv: list[str] | None = None) -> int:
    """Run the checks and print / save the figures."""
    parser = argparse.ArgumentParser(description="CUDA checks of the AKNet restorer")
    parser.add_argument("--fixtures", type=Path, required=True)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args(argv)
    weights = args.fixtures / "aknet_reference_weights.pkl"
    io = dict(np.load(args.fixtures / "aknet_reference_io.npz"))
    figures: dict = {"device": torch.cuda.get_device_name(0), "torch": torch.__version__}
    rng = np.random.default_rng(0)

    torch.backends.cudnn.allow_tf32 = torch.backends.cuda.matmul.allow_tf32 = False
    exact = Restorer(weights, device="cuda", tile="off", half=False)
    restored = exact.restore(io["restore_input"][0].transpose(1, 2, 0))
    figures["fixture_fp32_max_abs"] = float(np.abs(restored - io["restore_output"][0].transpose(1, 2, 0)).max())
    torch.backends.cudnn.allow_tf32 = torch.backends.cuda.matmul.allow_tf32 = True

    image = rng.random((720, 1280, 3), dtype=np.float32)
    cpu = Restorer(weights, device="cpu", tile="off").restore(image)
    half = Restorer(weights, device="cuda", tile="off")
    figures["device_label"] = half.device_label
    result, _ = timed(half, image)
    figures["fp16_vs_cpu_fp32_max_abs_1280x720"] = float(np.abs(result - cpu).max())
    figures["fp16_vs_cpu_fp32_mean_abs_1280x720"] = float(np.abs(result - cpu).mean())

    image = rng.random((1024, 1024, 3), dtype=np.float32)
    whole = Restorer(weights, device="cuda", tile="off", half=False).restore(image)
    tiled_restorer = Restorer(weights, device="cuda", tile=300, half=False)
    figures["tiled_vs_whole_fp32_1024_tile300_max_abs"] = float(np.abs(tiled_restorer.restore(image) - whole).max())

    big = rng.random((4000, 6000, 3), dtype=np.float32)
    for name, restorer in (
        ("auto", Restorer(weights, device="cuda", tile="auto")),
        ("8GB", Restorer(weights, device="cuda", tile="auto", max_memory_mb=7000)),
    ):
        timed(restorer, big[:1024, :1024])  # warm-up
        _, seconds = timed(restorer, big)
        figures[f"6000x4000_fp16_{name}"] = {
            "seconds": seconds,
            "peak_gpu_mb": torch.cuda.max_memory_allocated() / 2**20,
            "plan": restorer.last_report.tiles or "whole image",
        }
        del restorer
        torch.cuda.empty_cache()

    torch.cuda.set_per_process_memory_fraction(3 * 2**30 / torch.cuda.get_device_properties(0).total_memory)
    capped = Restorer(weights, device="cuda", tile="auto")
    capped.max_memory = 40 * 2**30  # pretend the whole card is free: the whole-image plan will not fit
    capped.restore(big)
    figures["oom_fallback"] = {"note": capped.last_report.fallback, "plan": capped.last_report.tiles}
    torch.cuda.set_per_process_memory_fraction(1.0)
    torch.cuda.empty_cache()

    for size in ((512, 512), (1280, 720)):
        restorer = Restorer(weights, device="cuda", tile="off")
        _, seconds = timed(restorer, rng.random((size[1], size[0], 3), dtype=np.float32), repeats=5, warmup=2)
        figures[f"fp16_{size[0]}x{size[1]}_median_s"] = seconds

    print(json.dumps(figures, indent=2))
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
