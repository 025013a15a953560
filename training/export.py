"""Exporting trained weights to the app's `.safetensors` format, with metadata saying how they were made."""

from __future__ import annotations

import datetime as _dt
from pathlib import Path
from typing import Any

import torch

from core.errors import AKNetError
from core.network import AKNet, AKNetConfig
from core.network.checkpoint import load_checkpoint, save_weights
from training.state import load_training_checkpoint


def weights_metadata(checkpoint: dict[str, Any]) -> dict[str, Any]:
    """Metadata for exported weights from a training state: task, recipe, data, steps, validation, hardware."""
    config = checkpoint.get("config", {})
    # The figures of these weights: the validation at the state's own step (a last.pt's best may be older).
    own, best = checkpoint.get("validation") or {}, checkpoint.get("best") or {}
    validation = next((v for v in (own, best) if v and v.get("step") == checkpoint.get("step")), own or best)
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
            "loss": f"multi-scale L1 + {config.get('fft_weight')} × FFT L1"
            + (f" + {config['airlight_weight']} × airlight L1" if config.get("airlight_weight") else "")
            + (f" + {config['transmission_weight']} × transmission L1" if config.get("transmission_weight") else ""),
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
    if checkpoint.get("averaged_steps"):  # the mean of these checkpoints' weights (average_states)
        metadata["training"]["averaged_steps"] = checkpoint["averaged_steps"]
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


def model_from_state(state: dict[str, Any]) -> AKNet:
    """The float32 network of a training state (its architecture and weights), on the CPU."""
    model = AKNet(AKNetConfig.from_dict(state["network"]))
    model.load_state_dict({key: value.float() for key, value in state["model"].items()})
    return model


def export_state(checkpoint: dict[str, Any], path: Path, half: bool = True) -> Path:
    """Write the model weights of a training state as `.safetensors` with metadata."""
    return save_weights(model_from_state(checkpoint), Path(path), weights_metadata(checkpoint), half=half)


def average_states(states: list[dict[str, Any]]) -> dict[str, Any]:
    """One training state whose model weights are the mean of several checkpoints' of one run (the last
    one's step, time and figures; metadata lists the steps averaged). Averaging the checkpoints of the end
    of a run smooths the step-to-step wander of the weights, as stochastic weight averaging does."""
    if not states:
        raise AKNetError("No checkpoints to average.")
    states = sorted(states, key=lambda state: state.get("step", 0))
    last = states[-1]
    for state in states[:-1]:
        if state.get("network") != last.get("network") or state["model"].keys() != last["model"].keys():
            raise AKNetError("Only checkpoints of the same architecture can be averaged.")
        if (state.get("config") or {}).get("input_prior") != (last.get("config") or {}).get("input_prior"):
            raise AKNetError("Only checkpoints trained with the same input prior can be averaged.")
    model = {key: sum(state["model"][key].double() for state in states) / len(states) for key in last["model"]}
    steps = [state.get("step") for state in states]
    averaged = {key: value.float() for key, value in model.items()}
    return {**last, "model": averaged, "averaged_steps": steps, "best": None, "validation": None}


def validate_state(state: dict[str, Any]) -> dict[str, Any]:
    """Score a training state's model on its run's validation set, rebuilt from the run's configuration
    (the same held-out photos and degradations as during training); on the CPU."""
    from training.config import TrainConfig
    from training.data import build_run_data
    from training.validation import iterate, score_pairs

    data = build_run_data(TrainConfig.from_dict(state["config"]))
    if data.valid is None:
        raise AKNetError("This run has no validation set to score the averaged weights on.")
    scores = score_pairs(model_from_state(state), iterate(data.valid), torch.device("cpu"))
    return {**scores.to_dict(), "step": state.get("step"), "averaged_steps": state.get("averaged_steps")}


def export_checkpoint(checkpoint_path: Path | list[Path], output: Path, half: bool = True) -> Path:
    """Export a training checkpoint file (best.pt, last.pt, step_….pt) to the app's weights format; given
    several, their average (see average_states)."""
    paths = checkpoint_path if isinstance(checkpoint_path, list) else [checkpoint_path]
    states = [load_training_checkpoint(Path(path)) for path in paths]
    if len(states) == 1:
        return export_state(states[0], Path(output), half=half)
    state = average_states(states)
    state["validation"] = validate_state(state)  # the average's own figures, not those of any one checkpoint
    return export_state(state, Path(output), half=half)
