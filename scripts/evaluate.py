"""Score a restoration task on paired data: PSNR and SSIM of the degraded input, the task's classic baseline
(training/baselines.py: the dark channel prior, the best median filter, the best unsharp mask) and the model.

    python scripts/evaluate.py --task dehaze --data ../shared/benchmarks/dehaze_kodak24 \
        [--weights FILE] [--device auto] [--limit N] [--markdown docs/dehaze_eval.md] [--json out.json]
    python scripts/evaluate.py --task desnow --data data/eval/desnow/test --markdown docs/desnow_eval.md

DATA holds an input folder (hazy/, snow/, blur/ or input/) and gt/, paired by name as training pairs them.
Every setting of the baseline is scored on the whole set and the best by mean PSNR is reported (one setting
for the set, as a user picks one for a folder). The weights default to the task's bundled ones; the model
column is skipped, with a message, when the weights file does not exist yet.
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
from core.errors import AKNetError
from core.image.read import read_image
from core.metrics import psnr
from core.tasks import get_task
from training.pairing import pair_split
from training.tasks import TRAINABLE_TASKS, trainable_task
from training.validation import Score, score


@dataclass
class ImageResult:
    """Scores of one pair: the input as is, the classic baseline and (when evaluated) the model."""

    name: str
    width: int
    height: int
    scores: dict[str, Score]


def find_pairs(data: Path) -> list[tuple[Path, Path]]:
    """(input, ground truth) paths of every pair in DATA; every input must have its ground truth."""
    report = pair_split(data)
    if report.unpaired_inputs:
        names = ", ".join(p.name for p in report.unpaired_inputs[:5])
        raise AKNetError(
            f"{len(report.unpaired_inputs)} input(s) have no ground truth in {report.target_dir}: {names}."
        )
    if not report.pairs:
        raise AKNetError(f"No image pairs found in {report.input_dir} and {report.target_dir}.")
    return report.pairs


def timed(engine: Any, image: np.ndarray) -> tuple[np.ndarray, float]:
    """Restore an image; return it with the seconds it took."""
    start = time.perf_counter()
    restored = engine.restore(image)
    return restored, time.perf_counter() - start


def evaluate_pair(input_path: Path, gt_path: Path, engines: dict[str, Any]) -> ImageResult:
    """Score the input and every engine's output of one pair."""
    degraded, target = read_image(input_path).rgb, read_image(gt_path).rgb
    if degraded.shape != target.shape:
        raise AKNetError(
            f"{input_path.name}: input {degraded.shape[1]}×{degraded.shape[0]} but ground truth "
            f"{target.shape[1]}×{target.shape[0]}; the pair must have one size."
        )
    scores = {"input": score(degraded, target)}
    for column, engine in engines.items():
        restored, seconds = timed(engine, degraded)
        scores[column] = score(restored, target, seconds)
    return ImageResult(input_path.name, degraded.shape[1], degraded.shape[0], scores)


def mean_scores(results: list[ImageResult], columns: list[str]) -> dict[str, Score]:
    """Mean PSNR, SSIM and seconds per column over all images."""
    means = {}
    for column in columns:
        rows = [r.scores[column] for r in results]
        seconds = [s.seconds for s in rows if s.seconds is not None]
        means[column] = Score(
            float(np.mean([s.psnr for s in rows])),
            float(np.mean([s.ssim for s in rows])),
            float(np.mean(seconds)) if seconds else None,
        )
    return means


def format_table(results: list[ImageResult], means: dict[str, Score], titles: dict[str, str]) -> str:
    """Per-image PSNR / SSIM table with a mean row, as a Markdown pipe table."""
    columns = list(means)
    header = ["Image", *(f"{titles[c]} PSNR / SSIM" for c in columns)]
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join(["---"] + ["---:"] * len(columns)) + "|"]
    for result in results:
        cells = [f"{result.scores[c].psnr:.2f} / {result.scores[c].ssim:.4f}" for c in columns]
        lines.append(f"| {result.name} | " + " | ".join(cells) + " |")
    cells = [f"**{means[c].psnr:.2f} / {means[c].ssim:.4f}**" for c in columns]
    lines.append("| **Mean** | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def differences(results: list[ImageResult], means: dict[str, Score]) -> dict[str, Any] | None:
    """Model − baseline and model − input: mean PSNR and SSIM differences, and on how many images the model
    is ahead of each in PSNR and in SSIM."""
    if "model" not in means:
        return None
    model = [r.scores["model"] for r in results]
    figures: dict[str, Any] = {"images": len(results)}
    for column in ("baseline", "input"):
        other = [r.scores[column] for r in results]
        figures[column] = {
            "psnr_db": means["model"].psnr - means[column].psnr,
            "ssim": means["model"].ssim - means[column].ssim,
            "model_psnr_wins": sum(m.psnr > o.psnr for m, o in zip(model, other, strict=True)),
            "model_ssim_wins": sum(m.ssim > o.ssim for m, o in zip(model, other, strict=True)),
        }
    return figures


def summary_lines(
    means: dict[str, Score], diff: dict[str, Any] | None, model_note: str, titles: dict[str, str]
) -> list[str]:
    """Plain sentences with the means, the differences and timing."""
    lines = [f"- {titles[c]}: mean PSNR {m.psnr:.2f} dB, mean SSIM {m.ssim:.4f}" for c, m in means.items()]
    for column, m in means.items():
        if m.seconds is not None:
            lines.append(f"- {titles[column]} time: {m.seconds:.3f} s per image on average")
    if diff is None:
        lines.append(f"- Model: {model_note}")
        return lines
    for column in ("baseline", "input"):
        d = diff[column]
        lines.append(
            f"- Model − {titles[column].lower()}: PSNR {d['psnr_db']:+.2f} dB, SSIM {d['ssim']:+.4f} (model ahead in "
            f"PSNR on {d['model_psnr_wins']} and in SSIM on {d['model_ssim_wins']} of {diff['images']} images)"
        )
    return lines


def to_markdown(report: dict[str, Any], table: str, lines: list[str]) -> str:
    """The evaluation as a Markdown document."""
    tried = ", ".join(f"{c['label']} {c['psnr']:.2f} dB" for c in report["baseline"]["candidates"])
    settings = report["baseline"]["description"].get("config") or report["baseline"]["description"]
    shown = ", ".join(f"{key} {value}" for key, value in settings.items())
    parts = [
        f"# {trainable_task(report['task']).title} evaluation: {Path(report['data']).name}",
        "",
        f"- Data: `{report['data']}` ({report['count']} pairs)",
        f"- Classic baseline: {report['baseline']['label']} ({shown}); settings tried, by mean PSNR: {tried}",
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


def _relative(path: Path) -> Path:
    """The path relative to the working folder when it lies inside it (shorter in reports)."""
    try:
        return path.relative_to(Path.cwd())
    except ValueError:
        return path


def best_baseline(pairs: list[tuple[Path, Path]], task: str) -> tuple[Any, list[dict[str, Any]]]:
    """The baseline setting with the best mean PSNR over the pairs, and every setting's mean PSNR."""
    candidates = trainable_task(task).baselines()
    if len(candidates) == 1:
        return candidates[0], [{"label": candidates[0].label, "psnr": float("nan")}]
    totals = np.zeros(len(candidates))
    for input_path, gt_path in pairs:
        degraded, target = read_image(input_path).rgb, read_image(gt_path).rgb
        totals += [psnr(candidate.restore(degraded), target) for candidate in candidates]
    means = totals / len(pairs)
    tried = [{"label": c.label, "psnr": float(m)} for c, m in zip(candidates, means, strict=True)]
    return candidates[int(np.argmax(means))], tried


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
    parser.add_argument("--task", choices=tuple(TRAINABLE_TASKS), default="dehaze", help="the task (default dehaze)")
    parser.add_argument("--data", type=Path, required=True, help="folder with an input folder and gt/")
    parser.add_argument("--weights", type=Path, help="model weights (default: the task's bundled weights)")
    parser.add_argument("--device", default="auto", help="auto, cpu, cuda or cuda:N (default auto)")
    parser.add_argument("--tile", default="auto", help="auto, off or a tile size in pixels (default auto)")
    parser.add_argument("--limit", type=int, default=None, help="evaluate only the first N pairs")
    parser.add_argument("--markdown", type=Path, help="also write the results as Markdown here")
    parser.add_argument("--json", type=Path, help="also write the results as JSON here")
    return parser


def run(args: argparse.Namespace, command: str) -> dict[str, Any]:
    """Evaluate every pair, print the table and return the report."""
    pairs = find_pairs(args.data)[: args.limit] if args.limit else find_pairs(args.data)
    weights = args.weights or _relative(get_task(args.task).weights_path())
    baseline, tried = best_baseline(pairs, args.task)
    model, model_summary = load_model(weights, args.device, args.tile)
    if model is None:
        print(f"Model {model_summary}; showing the input and the classic baseline only.", file=sys.stderr)
    engines = {"baseline": baseline} if model is None else {"baseline": baseline, "model": model}
    baseline_title = trainable_task(args.task).baseline_title + (f" ({baseline.label})" if len(tried) > 1 else "")
    titles = {"input": "Input", "baseline": baseline_title, "model": "Model"}
    results = []
    for index, (input_path, gt_path) in enumerate(pairs, start=1):
        result = evaluate_pair(input_path, gt_path, engines)
        shown = ", ".join(f"{c} {s.psnr:.2f} dB / {s.ssim:.4f}" for c, s in result.scores.items())
        print(f"[{index}/{len(pairs)}] {result.name}: {shown}", file=sys.stderr, flush=True)
        results.append(result)
    columns = ["input", *engines]
    means = mean_scores(results, columns)
    if len(tried) == 1:
        tried[0]["psnr"] = means["baseline"].psnr
    diff = differences(results, means)
    table, lines = format_table(results, means, titles), summary_lines(means, diff, model_summary, titles)
    print(table)
    print("\n".join(lines))
    report = {
        "task": args.task,
        "data": str(args.data),
        "count": len(results),
        "command": command,
        "date": time.strftime("%Y-%m-%d"),
        "weights": str(weights) if model is not None else None,
        "model_summary": model_summary,
        "baseline": {"label": baseline.label, "description": baseline.description, "candidates": tried},
        "model": model.description if model is not None else None,
        "images": [asdict(r) for r in results],
        "mean": {c: asdict(m) for c, m in means.items()},
        "model_minus": diff,
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
    command = shlex.join(["python", "scripts/evaluate.py", *argv])

    def work() -> int:
        run(args, command)
        return 0

    return run_at_edge(work)


if __name__ == "__main__":
    sys.exit(main())
