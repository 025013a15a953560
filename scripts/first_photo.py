"""Where the time goes between launch and the first restored photo, and how the first restore compares with later ones.

    python scripts/first_photo.py [--task dehaze] [--size 1240x846] [--threads 1] [--repeats 3] [--no-warm-up]

Times, in this one fresh process: importing PyTorch, importing the restorer, reading the weights, building the
model, then restoring a random photo `repeats` times (the first one pays for oneDNN's first-call set-up and the
FFT kernels' preparation), with the engine's warm-up (what the app runs in the background after loading the
model, core.engine.warm_up) in between unless --no-warm-up. Run it twice, with and without the warm-up, to
see what the warm-up saves the user's first photo. Pin it to cores (`taskset -c 0`) on a shared machine.
"""

from __future__ import annotations

import argparse
import json
import time

STARTED = time.perf_counter()


def main() -> None:
    """Print each phase's seconds as JSON."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--task", default="dehaze")
    parser.add_argument("--size", default="1240x846", help="WIDTHxHEIGHT of the photo")
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--no-warm-up", dest="warm_up", action="store_false")
    args = parser.parse_args()
    width, height = (int(v) for v in args.size.lower().split("x"))
    phases: dict[str, float] = {}
    mark = STARTED

    def lap(name: str) -> None:
        nonlocal mark
        now = time.perf_counter()
        phases[name] = round(now - mark, 3)
        mark = now

    import numpy as np
    import torch

    lap("import numpy and torch")
    from core.engine import create_restorer, warm_up

    lap("import the restorer")
    torch.set_num_threads(args.threads)
    engine = create_restorer(args.task, device="cpu", threads=args.threads)
    lap("read the weights and build the model")
    if args.warm_up:
        warm_up(engine)
        lap("warm-up (in the app: in the background, while the user picks photos)")
    photo = np.random.default_rng(0).random((height, width, 3), dtype=np.float32)
    restores = []
    for _ in range(args.repeats):
        start = time.perf_counter()
        engine.restore(photo)
        restores.append(round(time.perf_counter() - start, 3))
    phases["process start to first result"] = round(sum(phases.values()) + restores[0], 3)
    later = sorted(restores[1:])[len(restores[1:]) // 2] if len(restores) > 1 else restores[0]
    print(
        json.dumps(
            {
                "task": args.task,
                "size": f"{width}x{height}",
                "threads": args.threads,
                "phases_s": phases,
                "restores_s": restores,
                "first_over_later": round(restores[0] / later, 2),
            },
            indent=1,
        )
    )


if __name__ == "__main__":
    main()
