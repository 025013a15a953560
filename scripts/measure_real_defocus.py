"""Measure a defocus model on real photos without ground truth, using hand-drawn blur masks.

    python scripts/measure_real_defocus.py --images ../shared/benchmarks/real_defocus/images \
        --masks ../shared/benchmarks/real_defocus/blur_masks [--weights FILE] [--unsharp 2,1] \
        [--json out.json] [--markdown docs/real_defocus_eval.md]

Masks are PNGs of the same names and sizes, 255 where the photo is out of focus, 0 where it is sharp. For the
model and for an unsharp mask (the sharpening a photographer uses today), per photo:
- blurred region: sharpness (mean gradient magnitude of the luminance, Sobel) of the result over the input's;
- sharp region: mean absolute change from the input (in 8-bit levels), away from the mask's edge;
- the edge: mean absolute change in an 8-pixel band on the sharp side of the mask's boundary (halos, ringing).
A photo counts as measurably sharper where the ratio is at least 1.05.
"""

from __future__ import annotations

import argparse
import json
import shlex
import sys
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import cv2
import numpy as np

from core.atomic import atomic_write
from core.cli import run_at_edge
from core.errors import AKNetError
from core.image import is_image_file
from core.image.read import read_image
from core.tasks import get_task
from training.baselines import UnsharpMask

SHARPER = 1.05  # a sharpness ratio from which a region counts as measurably sharper
BAND = 8  # pixels on the sharp side of the mask's boundary where halos and ringing would show


@dataclass
class Effect:
    """What one method did to one photo."""

    sharpness_ratio: float  # blurred region: result's mean gradient over the input's
    sharp_change: float  # sharp region, away from the edge: mean |result − input| in 8-bit levels
    edge_change: float  # the band beside the mask's edge, on the sharp side


def luminance(rgb: np.ndarray) -> np.ndarray:
    return np.ascontiguousarray(rgb @ np.array([0.299, 0.587, 0.114], np.float32))


def gradient(grey: np.ndarray) -> np.ndarray:
    """Gradient magnitude (Sobel) of a luminance image."""
    gx = cv2.Sobel(grey, cv2.CV_32F, 1, 0, ksize=3)
    gy = cv2.Sobel(grey, cv2.CV_32F, 0, 1, ksize=3)
    return np.sqrt(gx * gx + gy * gy)


def regions(mask: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(blurred, sharp away from the edge, band beside the edge on the sharp side) as boolean maps."""
    blurred = mask > 127
    kernel = cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (2 * BAND + 1, 2 * BAND + 1))
    near = cv2.dilate(blurred.astype(np.uint8), kernel).astype(bool)
    return blurred, ~near, near & ~blurred


def effect(before: np.ndarray, after: np.ndarray, mask: np.ndarray) -> Effect:
    """How `after` differs from `before` in the mask's regions."""
    blurred, sharp, band = regions(mask)
    grad_before, grad_after = gradient(luminance(before)), gradient(luminance(after))
    change = np.abs(after - before).mean(axis=2) * 255

    def mean(values: np.ndarray, where: np.ndarray) -> float:
        return float(values[where].mean()) if where.any() else float("nan")

    ratio = mean(grad_after, blurred) / max(mean(grad_before, blurred), 1e-8)
    return Effect(ratio, mean(change, sharp), mean(change, band))


def find_photos(images: Path, masks: Path) -> list[tuple[Path, Path]]:
    """(photo, mask) pairs by name; an error naming photos without a mask."""
    photos = sorted(p for p in images.iterdir() if is_image_file(p))
    missing = [p.name for p in photos if not (masks / f"{p.stem}.png").is_file()]
    if missing:
        raise AKNetError(f"{len(missing)} photo(s) have no mask in {masks}: {', '.join(missing[:5])}.")
    if not photos:
        raise AKNetError(f"No photos found in {images}.")
    return [(p, masks / f"{p.stem}.png") for p in photos]


def summarise(rows: list[dict[str, Any]], method: str) -> dict[str, Any]:
    """Counts and medians of one method over all photos."""
    ratios = [r[method]["sharpness_ratio"] for r in rows]
    return {
        "sharper_photos": int(sum(v >= SHARPER for v in ratios)),
        "photos": len(rows),
        "median_sharpness_ratio": float(np.median(ratios)),
        "mean_sharp_change": float(np.mean([r[method]["sharp_change"] for r in rows])),
        "mean_edge_change": float(np.nanmean([r[method]["edge_change"] for r in rows])),
    }


def to_markdown(report: dict[str, Any]) -> str:
    """The measurements as a Markdown document."""
    methods = list(report["summary"])
    lines = [
        "# Defocus deblurring on real photos, measured with blur masks",
        "",
        f"- Photos: `{report['images']}` with masks from `{report['masks']}` (255 = out of focus)",
        f"- Methods: {', '.join(report['labels'][m] for m in methods)}",
        f"- Sharper: sharpness ratio (mean Sobel gradient in the blurred region, result over input) ≥ {SHARPER}",
        f"- Command: `{report['command']}`",
        "",
        "| method | blurred region measurably sharper | median sharpness ratio | sharp region change "
        "(8-bit levels) | change beside the mask's edge |",
        "|---|---:|---:|---:|---:|",
    ]
    for method in methods:
        s = report["summary"][method]
        lines.append(
            f"| {report['labels'][method]} | {s['sharper_photos']} of {s['photos']} | {s['median_sharpness_ratio']:.3f}"
            f" | {s['mean_sharp_change']:.2f} | {s['mean_edge_change']:.2f} |"
        )
    lines += ["", "| photo | " + " | ".join(f"{report['labels'][m]}: ratio / sharp / edge" for m in methods) + " |"]
    lines.append("|---|" + "---:|" * len(methods))
    for row in report["photos"]:
        cells = [
            f"{row[m]['sharpness_ratio']:.3f} / {row[m]['sharp_change']:.2f} / {row[m]['edge_change']:.2f}"
            for m in methods
        ]
        lines.append(f"| {row['name']} | " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


def run(args: argparse.Namespace, command: str) -> dict[str, Any]:
    """Measure every photo, print the summary and return the report."""
    radius, amount = (float(v) for v in args.unsharp.split(","))
    engines: dict[str, Any] = {"unsharp": UnsharpMask(radius, amount)}
    labels = {"unsharp": f"unsharp mask (σ {radius:g}, amount {amount:g})"}
    weights = args.weights or get_task("defocus").weights_path()
    if weights.is_file():
        from core.restorer import Restorer

        engines["model"] = Restorer(weights, device=args.device, tile="auto")
        labels["model"] = f"model ({weights.name})"
    else:
        print(f"No weights at {weights}: measuring the unsharp mask only.", file=sys.stderr)
    rows = []
    pairs = find_photos(args.images, args.masks)
    for index, (photo, mask_path) in enumerate(pairs, start=1):
        before = read_image(photo).rgb
        mask = np.asarray(read_image(mask_path).rgb.mean(axis=2) * 255)
        if mask.shape != before.shape[:2]:
            raise AKNetError(f"{mask_path.name} is {mask.shape[1]}×{mask.shape[0]}, its photo a different size.")
        row: dict[str, Any] = {"name": photo.name}
        for method, engine in engines.items():
            row[method] = asdict(effect(before, np.clip(engine.restore(before), 0, 1), mask))
        shown = ", ".join(f"{m} ×{row[m]['sharpness_ratio']:.2f}" for m in engines)
        print(f"[{index}/{len(pairs)}] {photo.name}: {shown}", file=sys.stderr, flush=True)
        rows.append(row)
    report = {
        "images": str(args.images),
        "masks": str(args.masks),
        "command": command,
        "labels": labels,
        "summary": {method: summarise(rows, method) for method in engines},
        "photos": rows,
    }
    for method, s in report["summary"].items():
        print(
            f"{labels[method]}: sharper on {s['sharper_photos']} of {s['photos']}, median ratio "
            f"{s['median_sharpness_ratio']:.3f}, sharp-region change {s['mean_sharp_change']:.2f}, "
            f"edge change {s['mean_edge_change']:.2f}"
        )
    if args.json:
        text = json.dumps(report, indent=1)
        atomic_write(args.json, lambda path: path.write_text(text, encoding="utf-8"))
    if args.markdown:
        text = to_markdown(report)
        atomic_write(args.markdown, lambda path: path.write_text(text, encoding="utf-8"))
    return report


def main(argv: list[str] | None = None) -> int:
    """Run the measurement; 0 on success, 2 on an error the user can fix."""
    argv = sys.argv[1:] if argv is None else argv
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--images", type=Path, required=True, help="the photos")
    parser.add_argument("--masks", type=Path, required=True, help="their blur masks (same names, .png)")
    parser.add_argument("--weights", type=Path, help="defocus weights (default: the bundled ones)")
    parser.add_argument("--unsharp", default="2,1", help="the unsharp mask compared: RADIUS,AMOUNT (default 2,1)")
    parser.add_argument("--device", default="auto", help="auto, cpu, cuda or cuda:N")
    parser.add_argument("--json", type=Path, help="also write the measurements as JSON here")
    parser.add_argument("--markdown", type=Path, help="also write them as Markdown here")
    args = parser.parse_args(argv)
    command = shlex.join(["python", "scripts/measure_real_defocus.py", *argv])

    def work() -> int:
        run(args, command)
        return 0

    return run_at_edge(work)


if __name__ == "__main__":
    sys.exit(main())
