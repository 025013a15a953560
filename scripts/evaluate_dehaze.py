"""Score dehazing on paired data: PSNR and SSIM of the hazy input, the classic baseline and the model.

    python scripts/evaluate_dehaze.py --data ../shared/benchmarks/dehaze_kodak24 \
        [--weights resources/weights/dehaze.safetensors] [--device auto] [--limit N] \
        [--markdown docs/dehaze_eval.md] [--json out.json]

DATA/hazy and DATA/gt hold images of the same names. The model column is skipped, with a message,
when the weights file does not exist yet.
"""

from __future__ import annotations

import argparse
import json
import shlex
import sys
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import numpy as np

from core.atomic import atomic_write
from core.cli import run_at_edge
from core.dark_channel import ClassicDehazer
from core.errors import AKNetError
from core.image_io import is_image_file, read_image
from core.metrics import psnr, ssim
from core.tasks import get_task

TITLES = {"hazy": "Hazy input", "classic": "Classic (DCP)", "model": "Model"}


@dataclass
class Scores:
    """Quality of one image against its ground truth, and how long producing it took."""

    psnr: float
    ssim: float
    seconds: float | None = None


@dataclass
class ImageResult:
    """Scores of one pair: the hazy input as is, the classic baseline and (when evaluated) the model."""

    name: str
    width: int
    height: int
    scores: dict[str, Scores]


def find_pairs(data: Path) -> list[tuple[Path, Path]]:
    """(hazy, ground truth) paths of every image in DATA/hazy that has a namesake in DATA/gt."""
    hazy_dir, gt_dir = data / "hazy", data / "gt"
    if not hazy_dir.is_dir() or not gt_dir.is_dir():
        raise AKNetError(f"{data} should hold the folders hazy/ and gt/ with images of the same names.")
    hazy = sorted(p for p in hazy_dir.iterdir() if is_image_file(p))
    missing = [p.name for p in hazy if not (gt_dir / p.name).is_file()]
    if missing:
        raise AKNetError(f"{len(missing)} hazy image(s) have no ground truth in {gt_dir}: {', '.join(missing[:5])}.")
    if not hazy:
        raise AKNetError(f"No images found in {hazy_dir}.")
    return [(p, gt_dir / p.name) for p in hazy]


def score(restored: np.ndarray, target: np.ndarray, seconds: float | None = None) -> Scores:
    """PSNR and SSIM of an image against its target."""
    return Scores(psnr(restored, target), ssim(restored, target), seconds)


def timed(engine: Any, image: np.ndarray) -> tuple[np.ndarray, float]:
    """Restore an image; return it with the seconds it took."""
    start = time.perf_counter()
    restored = engine.restore(image)
    return restored, time.perf_counter() - start


def evaluate_pair(hazy_path: Path, gt_path: Path, engines: dict[str, Any]) -> ImageResult:
    """Score the hazy input and every engine's output of one pair."""
    hazy, target = read_image(hazy_path).rgb, read_image(gt_path).rgb
    if hazy.shape != target.shape:
        raise AKNetError(
            f"{hazy_path.name}: hazy {hazy.shape[1]}×{hazy.shape[0]} but ground truth "
            f"{target.shape[1]}×{target.shape[0]}; the pair must have one size."
        )
    scores = {"hazy": score(hazy, target)}
    for column, engine in engines.items():
        restored, seconds = timed(engine, hazy)
        scores[column] = score(restored, target, seconds)
    return ImageResult(hazy_path.name, hazy.shape[1], hazy.shape[0], scores)


def mean_scores(results: list[ImageResult], columns: list[str]) -> dict[str, Scores]:
    """Mean PSNR, SSIM and seconds per column over all images."""
    means = {}
    for column in columns:
        rows = [r.scores[column] for r in results]
        seconds = [s.seconds for s in rows if s.seconds is not None]
        means[column] = Scores(
            float(np.mean([s.psnr for s in rows])),
            float(np.mean([s.ssim for s in rows])),
            float(np.mean(seconds)) if seconds else None,
        )
    return means


def format_table(results: list[ImageResult], means: dict[str, Scores]) -> str:
    """Per-image PSNR / SSIM table with a mean row, as a Markdown pipe table."""
    columns = list(means)
    header = ["Image", *(f"{TITLES[c]} PSNR / SSIM" for c in columns)]
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join(["---"] + ["---:"] * len(columns)) + "|"]
    for result in results:
        cells = [f"{result.scores[c].psnr:.2f} / {result.scores[c].ssim:.4f}" for c in columns]
        lines.append(f"| {result.name} | " + " | ".join(cells) + " |")
    cells = [f"**{means[c].psnr:.2f} / {means[c].ssim:.4f}**" for c in columns]
    lines.append("| **Mean** | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def differences(results: list[ImageResult], means: dict[str, Scores]) -> dict[str, Any] | None:
    """Model − classic baseline: mean PSNR and SSIM differences, and on how many images the model wins."""
    if "model" not in means:
        return None
    wins = sum(r.scores["model"].psnr > r.scores["classic"].psnr for r in results)
    return {
        "psnr_db": means["model"].psnr - means["classic"].psnr,
        "ssim": means["model"].ssim - means["classic"].ssim,
        "model_psnr_wins": wins,
        "images": len(results),
    }


def summary_lines(means: dict[str, Scores], diff: dict[str, Any] | None, model_note: str) -> list[str]:
    """Plain sentences with the means, the difference and timing."""
    lines = [f"- {TITLES[c]}: mean PSNR {m.psnr:.2f} dB, mean SSIM {m.ssim:.4f}" for c, m in means.items()]
    for column, m in means.items():
        if m.seconds is not None:
            lines.append(f"- {TITLES[column]} time: {m.seconds:.3f} s per image on average")
    if diff is None:
        lines.append(f"- Model: {model_note}")
    else:
        lines.append(
            f"- Model − classic: PSNR {diff['psnr_db']:+.2f} dB, SSIM {diff['ssim']:+.4f} "
            f"(model ahead in PSNR on {diff['model_psnr_wins']} of {diff['images']} images)"
        )
    return lines


def to_markdown(report: dict[str, Any], table: str, lines: list[str]) -> str:
    """The evaluation as a Markdown document."""
    baseline = ", ".join(f"{k} {v}" for k, v in report["baseline"]["config"].items())
    parts = [
        f"# Dehazing evaluation: {Path(report['data']).name}",
        "",
        f"- Data: `{report['data']}` ({report['count']} pairs, hazy/ vs gt/)",
        f"- Classic baseline: dark channel prior ({baseline})",
        f"- Model: {report['model_summary']}",
        "- Metrics: core.metrics.psnr / ssim (PSNR on the clamped output; SSIM pooled to ~256 px short side)",
        f"- Command: `{report['command']}`",
        f"- Date: {report['date']}",
        "",
        table,
        "",
        *lines,
        "",
    ]
    return "\n".join(parts)


def load_model(weights: Path, device: str, tile: str) -> tuple[Any | None, str]:
    """A Restorer for the weights, or None with the reason when the weights file does not exist yet."""
    if not weights.is_file():
        return None, f"not evaluated: no weights at {weights} (train a model or pass --weights FILE)"
    from core.restorer import Restorer

    restorer = Restorer(weights, device=device, tile=tile)
    info = restorer.description
    config = ", ".join(f"{k} {v}" for k, v in info["config"].items())
    summary = (
        f"`{weights}` (task {info['task']}, {info['parameters']:,} parameters, {config}) on {restorer.device_label}"
    )
    if info.get("input_prior"):  # the model's time and figures include the prior it refines
        summary += f"; its input is the photo after the `{info['input_prior']}` prior, which the network refines"
    return restorer, summary


def build_parser() -> argparse.ArgumentParser:
    """Command-line options of this script."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, required=True, help="folder with hazy/ and gt/ subfolders")
    parser.add_argument("--weights", type=Path, default=get_task("dehaze").weights_path(), help="model weights")
    parser.add_argument("--device", default="auto", help="auto, cpu, cuda or cuda:N (default auto)")
    parser.add_argument("--tile", default="auto", help="auto, off or a tile size in pixels (default auto)")
    parser.add_argument("--limit", type=int, default=None, help="evaluate only the first N pairs")
    parser.add_argument("--markdown", type=Path, help="also write the results as Markdown here")
    parser.add_argument("--json", type=Path, help="also write the results as JSON here")
    return parser


def run(args: argparse.Namespace, command: str) -> dict[str, Any]:
    """Evaluate every pair, print the table and return the report."""
    pairs = find_pairs(args.data)[: args.limit] if args.limit else find_pairs(args.data)
    classic = ClassicDehazer()
    model, model_summary = load_model(args.weights, args.device, args.tile)
    if model is None:
        print(f"Model {model_summary}; showing the input and the classic baseline only.", file=sys.stderr)
    engines = {"classic": classic} if model is None else {"classic": classic, "model": model}
    results = []
    for index, (hazy_path, gt_path) in enumerate(pairs, start=1):
        result = evaluate_pair(hazy_path, gt_path, engines)
        shown = ", ".join(f"{c} {s.psnr:.2f} dB / {s.ssim:.4f}" for c, s in result.scores.items())
        print(f"[{index}/{len(pairs)}] {result.name}: {shown}", file=sys.stderr, flush=True)
        results.append(result)
    columns = ["hazy", *engines]
    means = mean_scores(results, columns)
    diff = differences(results, means)
    table, lines = format_table(results, means), summary_lines(means, diff, model_summary)
    print(table)
    print("\n".join(lines))
    report = {
        "data": str(args.data),
        "count": len(results),
        "command": command,
        "date": time.strftime("%Y-%m-%d"),
        "weights": str(args.weights) if model is not None else None,
        "model_summary": model_summary,
        "baseline": ClassicDehazer().description,
        "model": model.description if model is not None else None,
        "images": [asdict(r) for r in results],
        "mean": {c: asdict(m) for c, m in means.items()},
        "model_minus_classic": diff,
    }
    if args.markdown:
        text = to_markdown(report, table, lines)
        atomic_write(args.markdown, lambda path: path.write_text(text, encoding="utf-8"))
        print(f"Wrote {args.markdown}", file=sys.stderr)
    if args.json:
        text = json.dumps(report, indent=2)
        atomic_write(args.json, lambda path: path.write_text(text, encoding="utf-8"))
        print(f"Wrote {args.json}", file=sys.stderr)
    return report


def main(argv: list[str] | None = None) -> int:
    """Run the evaluation; 0 on success, 2 on an error the user can fix."""
    argv = sys.argv[1:] if argv is None else argv
    args = build_parser().parse_args(argv)
    command = shlex.join(["python", "scripts/evaluate_dehaze.py", *argv])

    def work() -> int:
        run(args, command)
        return 0

    return run_at_edge(work)


if __name__ == "__main__":
    sys.exit(main())
