"""The app's out-of-memory path on a real CUDA GPU (not collected by pytest; needs a GPU and no Qt):

    PYTHONPATH=. python tests/gui/gpu_fallback_check.py WEIGHTS

It restores a 24 MP image with the worker's own code (aknet_gui.fallback) on the GPU, then again with
the GPU's memory capped so that it runs out, and prints what happened, the timings and whether the
fallback's result matches the unconstrained one.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import numpy as np
import torch

from aknet_gui.fallback import create_engine, restore_with_fallback, used_device
from aknet_gui.jobs import EngineRequest


def run(label: str, request: EngineRequest, image: np.ndarray) -> np.ndarray:
    """Restore through restore_with_fallback and print what happened."""
    engine = create_engine(request)
    torch.cuda.synchronize()
    start = time.perf_counter()
    outcome = restore_with_fallback(engine, request, create_engine, image)
    seconds = time.perf_counter() - start
    report = outcome.engine.last_report
    print(
        f"{label}: {seconds:.2f} s on {used_device(outcome.engine)}; asked tile={request.tile!r}, "
        f"ran {outcome.request.device}/{outcome.request.tile!r}; notice={outcome.notice!r}; "
        f"tiled={getattr(report, 'tiled', None)} {getattr(report, 'tiles', '')}",
        flush=True,
    )
    return outcome.restored


def main() -> int:
    """Run the three cases; exit 1 when a fallback result differs from the whole-image one."""
    weights = Path(sys.argv[1])
    print(torch.__version__, torch.cuda.get_device_name(0), flush=True)
    rng = np.random.default_rng(0)
    yy, xx = np.mgrid[0:4000, 0:6000].astype(np.float32)
    image = np.clip(
        np.stack([0.5 + 0.4 * np.sin(xx / 97 + c) * np.cos(yy / 131 - c) for c in range(3)], -1)
        + rng.normal(0, 0.02, (4000, 6000, 3)),
        0,
        1,
    ).astype(np.float32)
    run("warm-up 512×512", EngineRequest("dehaze", weights, "cuda", "off"), image[:512, :512])
    whole = run("24 MP whole image, GPU unconstrained", EngineRequest("dehaze", weights, "cuda", "off"), image)
    torch.cuda.empty_cache()
    torch.cuda.set_per_process_memory_fraction(0.02)  # about 1.6 GB of 80: the whole image no longer fits
    tiled = run("24 MP, memory capped, tile=off", EngineRequest("dehaze", weights, "cuda", "off"), image)
    auto = run("24 MP, memory capped, tile=auto", EngineRequest("dehaze", weights, "cuda", "auto"), image)
    worst = max(float(np.abs(tiled - whole).max()), float(np.abs(auto - whole).max()))
    print(f"largest difference from the whole-image result: {worst:.5f}")
    return 0 if worst < 2e-2 else 1


if __name__ == "__main__":
    raise SystemExit(main())
