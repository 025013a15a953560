"""One task's process in the GPU job (training.gpu_job): where the task starts (the previous round's state,
the bundled weights or afresh), the training configuration the job gives it, and the run itself
(`python -m training.gpu_job train-one SPEC`), which trains until the job's time, exports its weights and state
and writes a result record for the job."""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path
from typing import Any

from core.atomic import atomic_write
from core.errors import AKNetError
from training.gpu_pack import pack_argument

DEFAULT_OUTPUT = {"dehaze": "haze"}  # the bundled dehaze recipe: the network predicts the haze (no input prior)
HAZE_SCALE_RANGE = (0.2, 0.35)  # haze-output models train on crops that hold most of a downscaled photo
HAZE_SUPERVISION = 1.0  # weight of the airlight and transmission-map losses (docs/dehaze_approaches.md)
DEFAULT_WEIGHT = {"sunhays80": 2}  # outdoor scenes count twice, as in the CPU recipe
LOG_POINTS = 200  # loss points per task in gpu_job.json


def write_json(path: Path, data: Any) -> Path:
    """Write JSON atomically; returns the path."""
    text = json.dumps(data, indent=1)
    return atomic_write(Path(path), lambda temporary: temporary.write_text(text, encoding="utf-8"))


def _folder_weights(folders: list[dict[str, Any]] | None, specs: list[str] | None) -> dict[str, int]:
    """Folder name → weight as recorded by earlier weights (their data.folders) or a state (its clean_dirs)."""
    from training.data import parse_folder_spec

    weights: dict[str, int] = {}
    for folder in folders or []:
        if "path" in folder and "weight" in folder:
            weights[Path(folder["path"]).name] = int(folder["weight"])
    for spec in specs or []:
        path, weight = parse_folder_spec(spec)
        weights[path.name] = weight
    return weights


def task_start(task: str, pack: Path, weights_dir: Path, use_init: bool = True) -> dict[str, Any]:
    """Where a task starts: the previous round's state, else the bundled weights, else (or without
    `use_init`) afresh; with the architecture, input prior and folder weights that go with it."""
    from core.input_prior import prior_of
    from core.network.checkpoint import load_checkpoint
    from training.state import load_training_checkpoint

    state_path = pack / "resume" / f"{task}.state.pt"
    if use_init and state_path.is_file():
        state = load_training_checkpoint(state_path)
        config = state.get("config") or {}
        return {
            "kind": "resume",
            "path": str(state_path),
            "step": int(state.get("step", 0)),
            "network": state["network"],
            "input_prior": config.get("input_prior"),
            "folder_weights": _folder_weights(None, config.get("clean_dirs")),
        }
    weights_path = weights_dir / f"{task}.safetensors"
    if use_init and weights_path.is_file():
        checkpoint = load_checkpoint(weights_path)
        if checkpoint.task not in (None, task):
            raise AKNetError(f"{weights_path} holds {checkpoint.task} weights, not {task}.")
        training = checkpoint.metadata.get("training") or {}
        return {
            "kind": "init-weights",
            "path": str(weights_path),
            "step": training.get("steps"),
            "network": checkpoint.config.to_dict(),
            "input_prior": prior_of(checkpoint.metadata),
            "folder_weights": _folder_weights((checkpoint.metadata.get("data") or {}).get("folders"), None),
        }
    return {"kind": "scratch", "path": None, "step": 0, "network": None, "input_prior": None}


def task_config(task: str, start: dict[str, Any], pack: Path, manifest: dict[str, Any], args, workers: int, work: Path):
    """The TrainConfig values of one task's run in this job."""
    from core.network import PRESETS

    network = start.get("network")
    preset = args.model
    if network is not None:
        sizes = {key: value for key, value in network.items() if key != "output"}
        matching = [name for name, config in PRESETS.items() if config.to_dict() == sizes]
        preset = matching[0] if matching else "tiny"
    weights = {**DEFAULT_WEIGHT, **(start.get("folder_weights") or {})}
    clean = [
        f"{pack_argument(pack / 'clean' / folder['name'])}:{weights.get(folder['name'], 1)}"
        for folder in manifest["folders"]
    ]
    extra = [
        f"{pack_argument(pack / 'extra' / folder['name'])}:{folder['weight']}"
        for folder in manifest.get("extra_folders", [])
    ]
    values = {
        "task": task,
        "model": preset,
        "clean_dirs": clean,
        "extra_clean_dirs": extra,
        "crop_size": args.crop_size,
        "batch_size": args.batch_size,
        "learning_rate": args.learning_rate,
        "seed": manifest["held_out"]["seed"],
        "valid_count": manifest["held_out"]["count"],
        "valid_size": args.valid_size,
        "input_prior": start.get("input_prior"),
        "output": network.get("output", "image") if network is not None else DEFAULT_OUTPUT.get(task, "image"),
        "steps": None if args.steps is None else args.steps + (start["step"] if start["kind"] == "resume" else 0),
        "num_epoch": 10**6,  # bounded by time (or --steps), not by epochs; the cosine follows the time
        "log_every": args.log_every,
        "valid_every": args.valid_every,
        "save_every": args.valid_every,
        "keep_checkpoints": 1,
        "device": args.device,
        "amp": args.amp,
        "channels_last": True,
        "compile": args.compile,
        "num_workers": workers,
        "output_dir": str(work / task),
        "resume": start["path"] if start["kind"] == "resume" else None,
        "init_weights": pack_argument(Path(start["path"])) if start["kind"] == "init-weights" else None,
    }
    if network is not None:
        values.update({key: network[key] for key in ("base_channels", "num_blocks", "kernel_size")})
    if values["output"] == "haze":  # as the map is estimated in the app: on most of the scene, downscaled
        values["scale_range"] = HAZE_SCALE_RANGE
        values["airlight_weight"] = values["transmission_weight"] = HAZE_SUPERVISION
    return values


def _series(rows: list[tuple[int, float]], points: int = LOG_POINTS) -> list[list[float]]:
    if len(rows) > points:
        step = len(rows) / points
        rows = [rows[int(i * step)] for i in range(points - 1)] + [rows[-1]]
    return [[int(s), round(float(v), 5)] for s, v in rows]


def train_one(spec_path: Path) -> int:
    """Run one task as the job describes it in `spec_path`; write result.json beside its run folder."""
    import torch

    from training.config import TrainConfig
    from training.data import build_run_data
    from training.gpu_echo import EchoTrainer
    from training.state import save_checkpoint
    from training.validation import iterate, score_pairs

    spec = json.loads(Path(spec_path).read_text(encoding="utf-8"))
    started = time.time()

    def echo(text: str) -> None:
        print(f"[{time.time() - started:6.1f}s] {text}", file=sys.stderr, flush=True)

    config = TrainConfig.from_dict(spec["config"])
    margin = spec["margin"]
    data = build_run_data(TrainConfig.from_dict({**spec["config"], "crop_size": config.crop_size + margin}))
    for line in data.problems:
        echo(f"warning: {line}")
    data.info["echo"] = {"max_reuse": spec["max_reuse"], "loader_crop": config.crop_size + margin}
    data.info["pack"] = spec["pack"]
    trainer = EchoTrainer(config, data, echo=echo, max_reuse=spec["max_reuse"], margin=margin)
    torch.set_num_threads(spec["threads"])
    runtime = trainer.runtime
    first_step, setup_seconds = trainer.step, time.time() - started
    initial = None
    if (config.init_weights or config.resume) and data.valid is not None:
        scores = score_pairs(
            trainer.model, iterate(data.valid), runtime.device, runtime.amp_dtype, runtime.channels_last
        )
        initial = {**scores.to_dict(), "step": trainer.step}
        echo(f"held-out PSNR before training: {initial['psnr']:.2f} dB, SSIM {initial['ssim']:.4f}")
    window = max(1.0, spec["train_until"] - time.time())
    config.max_minutes = (trainer.elapsed + window) / 60
    result = trainer.fit()
    exported = result.exported or trainer.export(trainer.output / f"{config.task}.safetensors")
    state_path = save_checkpoint(trainer.output / f"{config.task}.state.pt", trainer.state_dict())
    steps = trainer.step - first_step
    record = {
        "status": "ok",
        "stopped": result.stopped,
        "device": runtime.label,
        "hardware": runtime.hardware(),
        "step_start": first_step,
        "step_end": trainer.step,
        "steps": steps,
        "setup_seconds": round(setup_seconds, 1),
        "fit_seconds": round(result.seconds, 1),
        "steps_per_second": round(steps / result.seconds, 3) if result.seconds > 0 else None,
        "steps_per_second_last_window": round(result.steps_per_second, 3),
        "samples_per_second": round(steps * config.batch_size / result.seconds, 1) if result.seconds > 0 else None,
        "batch": config.batch_size,
        "crop": config.crop_size,
        "echo": trainer.echo_stats.to_dict(),
        "validation_before": initial,
        "validation": result.validation,
        "best": result.best,
        "losses": _series(trainer.log.series("loss")),
        "valid_psnr": _series(trainer.log.series("valid_psnr")),
        "log_steps_per_second": _series(trainer.log.series("steps_per_s"), 50),
        "weights": str(exported),
        "state": str(state_path),
        "held_out_photos": data.info.get("validation_photos"),
    }
    if runtime.device.type == "cuda":
        record["peak_gpu_memory_gb"] = round(torch.cuda.max_memory_allocated() / 1e9, 2)
    write_json(Path(spec["result"]), record)
    done = f"{config.task}: {steps} steps in {result.seconds:.0f} s ({record['steps_per_second']} steps/s)"
    echo(done + (f", held-out PSNR {result.validation['psnr']:.2f} dB" if result.validation else ""))
    return 0
