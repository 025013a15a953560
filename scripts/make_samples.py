"""Regenerate the bundled sample photo: a public-domain photo with synthetic haze (fixed seed).

Source: `rocket.jpg` from scikit-image's data folder (skimage/data/rocket.jpg): the launch of
DSCOVR on a Falcon 9, photographed by SpaceX and released into the public domain. Get it with
`pip download --no-deps scikit-image` and unzip the wheel. Usage:
    python scripts/make_samples.py path/to/rocket.jpg
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import numpy as np

from core.image_io import read_image, write_image
from training.degradations.haze import HazeRanges, synthesize

SAMPLES = Path(__file__).resolve().parent.parent / "resources" / "samples"


def main(argv: list[str] | None = None) -> int:
    """Write resources/samples/hazy_rocket.jpg and its parameters."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source", type=Path, help="skimage's rocket.jpg")
    args = parser.parse_args(argv)
    clean = read_image(args.source).rgb
    ranges = HazeRanges(
        beta=(0.75, 0.75), depth_offset=(0.2, 0.2), depth_span=(0.9, 0.9), nonuniformity=(0.1, 0.1),
        airlight_grey=(0.85, 0.85), linear_light_probability=0.0, noise_sigma=(0.003, 0.003),
    )  # fmt: skip
    hazy, params = synthesize(clean, np.random.default_rng(2024), ranges)
    target = SAMPLES / "hazy_rocket.jpg"
    write_image(target, np.clip(hazy, 0, 1), quality=92, overwrite=True)
    (SAMPLES / "hazy_rocket.json").write_text(json.dumps(params, indent=2) + "\n")
    print(f"wrote {target} ({target.stat().st_size // 1024} KB)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
