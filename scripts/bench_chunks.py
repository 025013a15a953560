"""The fusion's reassembly unchunked against cache-sized row chunks, whole model, side by side in one process.

    python scripts/bench_chunks.py [THREADS] [REPEATS]

Restores the bundled tiny desnow model at 1240×846 and the published configuration (reference fixture weights)
at 512×512 with `core.network.freq_fusion.CPU_CHUNK_BYTES` set to each budget in turn ("unchunked": 2**40),
repeats interleaved; prints the median wall and CPU time per budget, the CPU-time ratio to unchunked, and the
largest difference between the outputs (the chunking changes no arithmetic: 0). Pin it: `taskset -c 0`.
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

import numpy as np
import torch

from core.network import freq_fusion
from core.restorer import Restorer

ROOT = Path(__file__).resolve().parent.parent
CASES = (
    ("desnow tiny 1240x846", ROOT / "resources" / "weights" / "desnow.safetensors", 1240, 846),
    ("published 512x512", ROOT.parent / "shared" / "fixtures" / "aknet_reference_weights.pkl", 512, 512),
)
BUDGETS = {"unchunked": 1 << 40, "256K": 1 << 18, "1M": 1 << 20, "4M": 1 << 22}


def main() -> None:
    """Print the table for each case."""
    threads = int(sys.argv[1]) if len(sys.argv) > 1 else 1
    repeats = int(sys.argv[2]) if len(sys.argv) > 2 else 3
    torch.set_num_threads(threads)
    default = freq_fusion.CPU_CHUNK_BYTES
    for name, weights, width, height in CASES:
        restorer = Restorer(weights, device="cpu", tile="off", precision="fp32")
        image = np.random.default_rng(0).random((height, width, 3), dtype=np.float32)
        restorer.restore(image)
        cpu: dict[str, list[float]] = {key: [] for key in BUDGETS}
        wall: dict[str, list[float]] = {key: [] for key in BUDGETS}
        outputs = {}
        for _ in range(repeats):
            for key, budget in BUDGETS.items():
                freq_fusion.CPU_CHUNK_BYTES = budget
                start, start_cpu = time.perf_counter(), time.process_time()
                outputs[key] = restorer.restore(image)
                wall[key].append(time.perf_counter() - start)
                cpu[key].append(time.process_time() - start_cpu)
        freq_fusion.CPU_CHUNK_BYTES = default
        difference = max(float(np.abs(outputs[key] - outputs["unchunked"]).max()) for key in BUDGETS)
        print(f"{name} ({threads} threads, median of {repeats}; max |diff| {difference:.1e}):")
        base = statistics.median(cpu["unchunked"])
        for key in BUDGETS:
            median_cpu = statistics.median(cpu[key])
            print(
                f"  {key:10s} wall {statistics.median(wall[key]):.3f} s  cpu {median_cpu:.3f} s  "
                f"ratio(cpu) {base / median_cpu:.2f}",
                flush=True,
            )


if __name__ == "__main__":
    main()
