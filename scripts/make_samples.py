"""Regenerate the bundled sample photos: a public-domain photo with synthetic haze, snow or defocus (fixed seeds).

Source: `rocket.jpg` from scikit-image's data folder (skimage/data/rocket.jpg): the launch of
DSCOVR on a Falcon 9, photographed by SpaceX and released into the public domain. Get it with
`pip download --no-deps scikit-image` and unzip the wheel. Usage:
    python scripts/make_samples.py path/to/rocket.jpg [--task dehaze|desnow|defocus]
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import numpy as np

from core.image.read import read_image
from core.image.write import write_image
from training.degradations import defocus, haze, snow

SAMPLES = Path(__file__).resolve().parent.parent / "resources" / "samples"


def hazy(clean: np.ndarray) -> tuple[np.ndarray, dict]:
    """Moderate haze, deeper towards the top."""
    ranges = haze.HazeRanges(
        beta=(0.75, 0.75), depth_offset=(0.2, 0.2), depth_span=(0.9, 0.9), nonuniformity=(0.1, 0.1),
        airlight_grey=(0.85, 0.85), linear_light_probability=0.0, noise_sigma=(0.003, 0.003),
    )  # fmt: skip
    return haze.synthesize(clean, np.random.default_rng(2024), ranges)


def snowy(clean: np.ndarray) -> tuple[np.ndarray, dict]:
    """Steady snowfall: three layers of flakes from fine to large, short wind-blown streaks, a light veil."""
    ranges = snow.SnowRanges(
        layers=(3, 3), radius=(0.5, 3.0), density=(3.0, 60.0), wind_degrees=(-15.0, -15.0), streak_factor=(3.0, 3.0),
        veil_probability=1.0,
        veil=(0.06, 0.06), noise_sigma=(0.003, 0.003),
    )  # fmt: skip
    return snow.synthesize(clean, np.random.default_rng(2025), ranges)


def blurry(clean: np.ndarray) -> tuple[np.ndarray, dict]:
    """The whole photo out of focus: a disk of radius 3.5 px, in linear light, light sensor noise."""
    ranges = defocus.DefocusRanges(
        max_radius=(3.5, 3.5), uniform_probability=1.0, ring_probability=0.0, linear_light_probability=1.0,
        noise_sigma=(0.003, 0.003),
    )  # fmt: skip
    return defocus.synthesize(clean, np.random.default_rng(2026), ranges)


SAMPLE_MAKERS = {
    "dehaze": ("hazy_rocket", hazy),
    "desnow": ("snowy_rocket", snowy),
    "defocus": ("blurry_rocket", blurry),
}


def main(argv: list[str] | None = None) -> int:
    """Write resources/samples/<kind>_rocket.jpg and its parameters."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source", type=Path, help="skimage's rocket.jpg")
    parser.add_argument("--task", choices=tuple(SAMPLE_MAKERS), default="dehaze", help="which sample (default dehaze)")
    args = parser.parse_args(argv)
    clean = read_image(args.source).rgb
    name, make = SAMPLE_MAKERS[args.task]
    degraded, params = make(clean)
    target = SAMPLES / f"{name}.jpg"
    write_image(target, np.clip(degraded, 0, 1), quality=92, overwrite=True)
    (SAMPLES / f"{name}.json").write_text(json.dumps(params, indent=2) + "\n")
    print(f"wrote {target} ({target.stat().st_size // 1024} KB)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
