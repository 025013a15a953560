"""Exporting trained weights to the app's `.safetensors` format, with metadata saying how they were made."""

from __future__ import annotations

import datetime as _dt
from pathlib import Path
from typing import Any

from core.errors import AKNetError
from core.network import AKNet, AKNetConfig
from core.network.checkpoint import load_checkpoint, save_weights
from training.state import load_training_checkpoint


def weights_metadata(checkpoint: dict[str, Any]) -> dict[str, Any]:
    """Metadata for exported weights from a training state: task, recipe, data, steps, validation, hardware."""
    config = checkpoint.get("config", {})
    validation = checkpoint.get("best") or checkpoint.get("validation") or {}
    metadata = {
        "task": config.get("task"),
        "provenance": "trained with AKNet Studio (python -m training / aknet train)",
        "training": {
            "steps": checkpoint.get("step"),
            "seconds": round(float(checkpoint.get("elapsed_seconds", 0.0)), 1),
            "batch_size": config.get("batch_size"),
            "crop_size": config.get("crop_size"),
            "learning_rate": config.get("learning_rate"),
            "schedule": checkpoint.get("schedule"),
            "loss": f"multi-scale L1 + {config.get('fft_weight')} × FFT L1",
            "grad_clip": config.get("grad_clip"),
            "seed": config.get("seed"),
            "model_preset": config.get("model"),
            "init_weights": config.get("init_weights"),
            "hardware": checkpoint.get("hardware"),
            "date": _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds"),
        },
        "data": checkpoint.get("data", {}),
        "validation": validation,
        "history": earlier_stages(config.get("init_weights")),
    }
    if config.get("input_prior"):  # the app runs it before the network (core.input_prior)
        metadata["input_prior"] = config["input_prior"]
    return metadata


def earlier_stages(init_weights: str | None) -> list[dict[str, Any]]:
    """How the weights a run started from were made (their own history first), so provenance adds up."""
    if not init_weights:
        return []
    try:
        metadata = load_checkpoint(init_weights).metadata
    except (AKNetError, OSError):
        return [{"weights": str(init_weights), "note": "metadata unreadable at export time"}]
    stage = {key: metadata[key] for key in ("provenance", "training", "data", "validation") if key in metadata}
    return [*metadata.get("history", []), {"weights": Path(init_weights).name, **stage}]


def export_state(checkpoint: dict[str, Any], path: Path, half: bool = True) -> Path:
    """Write the model weights of a training state as `.safetensors` with metadata."""
    model = AKNet(AKNetConfig.from_dict(checkpoint["network"]))
    model.load_state_dict({k: v.float() for k, v in checkpoint["model"].items()})
    return save_weights(model, Path(path), weights_metadata(checkpoint), half=half)


def export_checkpoint(checkpoint_path: Path, output: Path, half: bool = True) -> Path:
    """Export a training checkpoint file (best.pt, last.pt, step_….pt) to the app's weights format."""
    return export_state(load_training_checkpoint(Path(checkpoint_path)), Path(output), half=half)
