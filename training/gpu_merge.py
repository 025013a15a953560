"""After a GPU round (`scripts/gpu_job.sh merge FOLDER`): score the weights that came back and the bundled
ones on the same held-out photos, here on the CPU, and import the returned weights only where they score
higher; then append the round's timings (steps per second per task, gpu_checks figures) to
docs/performance.md."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import torch

from core.atomic import atomic_path
from core.errors import AKNetError
from core.input_prior import prior_of
from core.network.checkpoint import load_checkpoint
from training.config import TrainConfig
from training.data import build_run_data
from training.gpu_pack import REPO
from training.validation import iterate, score_pairs

MARKER = "<!-- gpu_job {} -->"


def held_out_set(task: str, recipe: dict[str, Any], clean_root: Path, prior: str | None):
    """The held-out (degraded, clean) pairs a run with this recipe validates on, rebuilt from `clean_root`
    with training.data.build_run_data (same folders in the same order, seed, count and size)."""
    folders = [str(Path(clean_root) / spec) for spec in recipe["folders"]]
    config = TrainConfig(
        task=task,
        model="tiny",
        clean_dirs=folders,
        seed=recipe["seed"],
        valid_count=recipe["valid_count"],
        valid_size=recipe["valid_size"],
        input_prior=prior,
        num_workers=0,
        device="cpu",
        output_dir="",
    )
    data = build_run_data(config)
    if data.valid is None:
        raise AKNetError(f"The recipe of {task} holds no photos out for validation.")
    return data.valid, list(data.info["validation_photos"])


def score_weights(path: Path, held_out: dict[str | None, Any], task: str, clean_root: Path, recipe: dict) -> dict:
    """Mean PSNR/SSIM of the weights in `path` on the held-out set prepared with their own input prior."""
    checkpoint = load_checkpoint(path)
    prior = prior_of(checkpoint.metadata)
    if prior not in held_out:
        held_out[prior] = held_out_set(task, recipe, clean_root, prior)
    valid, names = held_out[prior]
    scores = score_pairs(checkpoint.build_model(), iterate(valid), torch.device("cpu"), names=names)
    return {**scores.to_dict(), "input_prior": prior, "per_image_psnr": [round(v, 3) for v in scores.psnr]}


def _stems(names: list[str] | None) -> list[str]:
    return sorted(str(Path(name).with_suffix("")) for name in names or [])


def decide(task: str, folder: Path, weights_dir: Path, clean_root: Path, entry: dict[str, Any]) -> dict[str, Any]:
    """Score the returned and the bundled weights of `task` alike; import the returned ones if they win."""
    candidate, bundled = folder / f"{task}.safetensors", weights_dir / f"{task}.safetensors"
    if not candidate.is_file():
        return {"task": task, "imported": False, "reason": "no weights came back for this task"}
    returned_task = load_checkpoint(candidate).task
    if returned_task != task:
        return {"task": task, "imported": False, "reason": f"the returned file holds {returned_task} weights"}
    recipe = entry["recipe"]
    held_out: dict[str | None, Any] = {}
    new = score_weights(candidate, held_out, task, clean_root, recipe)
    photos = next(iter(held_out.values()))[1]
    if entry.get("held_out_photos") and _stems(photos) != _stems(entry["held_out_photos"]):
        raise AKNetError(
            f"{clean_root} holds out other photos for {task} than the GPU run did ({', '.join(_stems(photos))}); "
            "give --clean-root the folders the pack was made from."
        )
    result: dict[str, Any] = {"task": task, "photos": len(photos), "clean_root": str(clean_root), "returned": new}
    if not bundled.is_file():
        result.update(imported=True, reason="there were no bundled weights for this task")
    else:
        old = score_weights(bundled, held_out, task, clean_root, recipe)
        result["bundled"] = old
        better = new["psnr"] > old["psnr"]
        verdict = "beat" if better else "did not beat"
        result.update(
            imported=better,
            reason=f"the returned weights ({new['psnr']:.2f} dB, SSIM {new['ssim']:.4f}) {verdict} the bundled "
            f"ones ({old['psnr']:.2f} dB, SSIM {old['ssim']:.4f}) on the same {len(photos)} held-out photos",
        )
    if result["imported"]:
        with atomic_path(bundled) as temporary:
            shutil.copyfile(candidate, temporary)
    return result


def _figure(value: Any) -> str:
    if isinstance(value, float):
        return f"{value:.4g}"
    if isinstance(value, dict):
        return "; ".join(f"{key} {_figure(item)}" for key, item in value.items())
    return str(value)


def performance_section(log: dict[str, Any], checks: dict[str, Any] | None, decisions: list[dict]) -> str:
    """The Markdown section that records a GPU round's timings (and what the merge kept)."""
    machine, settings = log.get("machine", {}), log.get("settings", {})
    kept = {d["task"]: d for d in decisions}
    title = f"## Training on {machine.get('device', '?')}, {str(log.get('started', ''))[:10]} (scripts/gpu_job.sh)"
    if log.get("dry_run"):
        title += " — dry run on the CPU"
    lines = [
        MARKER.format(log.get("id")),
        title,
        "",
        f"Job {log.get('id')}: one command, the tasks in parallel processes on the one device for "
        f"{settings.get('minutes')} min of wall-clock training; batch {settings.get('batch')}×{settings.get('crop')}², "
        f"learning rate {settings.get('learning_rate')}, data echoing up to {settings.get('max_reuse')} re-uses; "
        f"torch {machine.get('torch')}, CUDA {machine.get('cuda', '—')}, {machine.get('cpus')} CPUs. "
        f"**{log.get('total_steps', 0)} steps in all.**",
        "",
        "| task | started from | steps | training s | steps/s | fresh batches | held-out PSNR / SSIM there, "
        "before → after | merge (CPU, same photos) |",
        "| --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for task, entry in log.get("tasks", {}).items():
        start = entry.get("start", {})
        origin = f"{start.get('kind')} {Path(start['path']).name if start.get('path') else ''}".strip()
        before, after = entry.get("validation_before"), entry.get("validation")
        scores = " → ".join(f"{s['psnr']:.2f} / {s['ssim']:.4f}" for s in (before, after) if s) or "—"
        share = (entry.get("echo") or {}).get("fresh_share")
        decision = kept.get(task)
        merged = "—"
        if decision:
            merged = "imported" if decision["imported"] else "kept the bundled"
            if "bundled" in decision:
                merged += f" ({decision['returned']['psnr']:.2f} vs {decision['bundled']['psnr']:.2f} dB)"
        lines.append(
            f"| {task} | {origin} | {entry.get('steps', '—')} | {entry.get('fit_seconds', '—')} | "
            f"{entry.get('steps_per_second', '—')} | {f'{share:.0%}' if share is not None else '—'} | {scores} | "
            f"{merged} |"
        )
    lines.append("")
    if checks and not any(key in checks for key in ("skipped", "failed", "timed_out_after_s")):
        lines += ["`scripts/gpu_checks.py` in the same command:", "", "| check | figure |", "| --- | --- |"]
        lines += [f"| {key} | {_figure(value)} |" for key, value in checks.items()]
    elif checks:
        lines.append(f"`scripts/gpu_checks.py`: {_figure(checks)[:300]}")
    return "\n".join(lines) + "\n"


def append_performance(path: Path, section: str, job_id: str) -> bool:
    """Append `section` to the Markdown file at `path` unless this job is recorded there already."""
    path = Path(path)
    text = path.read_text(encoding="utf-8") if path.is_file() else "# Speed and memory\n"
    if MARKER.format(job_id) in text:
        return False
    with atomic_path(path) as temporary:
        temporary.write_text(text.rstrip("\n") + "\n\n" + section, encoding="utf-8")
    return True


def merge(
    folder: Path,
    weights_dir: Path = REPO / "resources" / "weights",
    clean_root: Path | None = None,
    performance: Path | None = REPO / "docs" / "performance.md",
    explicit_performance: bool = False,
    report: Path | None = None,
    echo=print,
) -> int:
    """Merge what a GPU round brought back in `folder`; returns the exit status."""
    folder, weights_dir = Path(folder), Path(weights_dir)
    log_path = folder / "gpu_job.json"
    if not log_path.is_file():
        raise AKNetError(f"No gpu_job.json in {folder}: is this the folder that came back from the GPU?")
    log = json.loads(log_path.read_text(encoding="utf-8"))
    if clean_root is None:
        source = Path(log.get("pack", {}).get("source", ""))
        clean_root = source if source.is_dir() else REPO / ".gpu" / "pack" / "clean"
    decisions = []
    for task, entry in log.get("tasks", {}).items():
        decision = decide(task, folder, Path(weights_dir), Path(clean_root), entry)
        decisions.append(decision)
        echo(f"{task}: {'imported' if decision['imported'] else 'not imported'}: {decision['reason']}")
    checks_path = folder / "gpu_checks.json"
    checks = json.loads(checks_path.read_text(encoding="utf-8")) if checks_path.is_file() else None
    if performance is not None and (explicit_performance or not log.get("dry_run")):
        added = append_performance(performance, performance_section(log, checks, decisions), str(log.get("id")))
        echo(f"{'Appended the timings to' if added else 'The timings are already in'} {performance}")
    if report is not None:
        Path(report).write_text(json.dumps({"job": log.get("id"), "decisions": decisions}, indent=1))
    states = [name for name in (f"{task}.state.pt" for task in log.get("tasks", {})) if (folder / name).is_file()]
    if states:
        echo(f"Next round continues these runs with: scripts/gpu_job.sh prepare --previous {folder}")
    return 0
