"""Write a held-out dehazing set shaped like ../shared/benchmarks/dehaze_kodak24 without its photos: the clean
photos of a held-out folder (e.g. the 8 that training holds out, from `aknet synth ... --test-only`) at 768 px long
side, each hazed DRAWS times the way ../shared/benchmarks/README.md describes the benchmark's haze
(t = exp(−β·(0.3 + d)), β 0.8–1.8, airlight 0.78–0.95 with a slight tint, gamma space, no noise) with our
depth proxy. For choosing between models without looking at the benchmark. `--haze uniform` writes a second
check, a generator the training never used: the same airlight, one transmission for the whole photo
(t = exp(−β·d), β 0.8–1.8, d 0.4–1.2: t 0.12–0.73), as thick homogeneous fog looks.

    python scripts/make_benchmark_style_haze.py --clean data/eval/dehaze/test/gt --output data/eval/dehaze_bstyle
    python scripts/make_benchmark_style_haze.py --clean data/eval/dehaze/test/gt --output data/eval/dehaze_uniform \
        --haze uniform
    python scripts/evaluate.py --task dehaze --data data/eval/dehaze_bstyle --weights FILE
"""

from __future__ import annotations

import argparse
import dataclasses
from pathlib import Path

import cv2
import numpy as np

from core.image.read import read_image
from core.image.write import write_image
from training.degradations import haze

RANGES = haze.HazeRanges(
    beta=(0.8, 1.8),
    light_share=0.0,
    depth_offset=(0.3, 0.3),
    depth_span=(1.0, 1.0),
    nonuniformity=(0.0, 0.0),
    airlight_grey=(0.78, 0.95),
    airlight_tint=0.03,
    linear_light_probability=0.0,
    noise_sigma=(0.0, 0.0),
)
UNIFORM = dataclasses.replace(RANGES, depth_offset=(0.4, 1.2), depth_span=(0.0, 0.0))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clean", type=Path, required=True, help="folder of clean held-out photos")
    parser.add_argument("--output", type=Path, required=True, help="writes OUTPUT/hazy and OUTPUT/gt")
    parser.add_argument("--draws", type=int, default=3, help="hazed versions of each photo (default 3)")
    parser.add_argument("--side", type=int, default=768, help="long side in pixels (default 768, as Kodak24)")
    parser.add_argument("--seed", type=int, default=99)
    parser.add_argument("--haze", choices=("benchmark", "uniform"), default="benchmark", help="which haze (above)")
    args = parser.parse_args()
    photos = sorted(p for p in args.clean.iterdir() if p.suffix.lower() in (".png", ".jpg", ".jpeg", ".tif"))
    ranges = UNIFORM if args.haze == "uniform" else RANGES
    for index, path in enumerate(photos):
        image = read_image(path).rgb
        height, width = image.shape[:2]
        scale = min(1.0, args.side / max(height, width))
        size = (round(width * scale) // 4 * 4, round(height * scale) // 4 * 4)
        image = cv2.resize(image, size, interpolation=cv2.INTER_AREA)
        for draw in range(args.draws):
            hazy, _ = haze.synthesize(image, np.random.default_rng([args.seed, index, draw]), ranges)
            name = f"{path.stem}_{draw}.png"
            write_image(args.output / "gt" / name, image)
            write_image(args.output / "hazy" / name, np.clip(hazy, 0, 1))
    print(f"Wrote {len(photos) * args.draws} pairs to {args.output}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
