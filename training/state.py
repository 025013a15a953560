"""Resumable training checkpoints: plain dicts of tensors and numbers (readable with
torch.load(weights_only=True)), random-generator states included, written atomically."""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import numpy as np
import torch

from core.atomic import atomic_path
from core.errors import CheckpointError

CHECKPOINT_FORMAT = "aknet-studio-train/1"


def capture_rng() -> dict[str, Any]:
    """The states of Python's, numpy's and torch's (CPU and CUDA) global generators, as tensors."""
    version, internal, gauss = random.getstate()
    _name, keys, position, has_gauss, cached = np.random.get_state()
    state = {
        "python": torch.tensor([version, *internal], dtype=torch.int64),
        "python_gauss": torch.tensor([] if gauss is None else [gauss], dtype=torch.float64),
        "numpy": torch.from_numpy(np.asarray(keys, dtype=np.int64)),
        "numpy_extra": torch.tensor([position, has_gauss, cached], dtype=torch.float64),
        "torch": torch.get_rng_state(),
    }
    if torch.cuda.is_available():
        state["cuda"] = torch.stack(torch.cuda.get_rng_state_all())
    return state


def restore_rng(state: dict[str, Any]) -> None:
    """Put the global generators back to a state from capture_rng()."""
    python = [int(v) for v in state["python"].tolist()]
    gauss = state["python_gauss"].tolist()
    random.setstate((python[0], tuple(python[1:]), gauss[0] if gauss else None))
    position, has_gauss, cached = state["numpy_extra"].tolist()
    keys = state["numpy"].numpy().astype(np.uint32)
    np.random.set_state(("MT19937", keys, int(position), int(has_gauss), float(cached)))
    torch.set_rng_state(state["torch"])
    if "cuda" in state and torch.cuda.is_available() and len(state["cuda"]) == torch.cuda.device_count():
        torch.cuda.set_rng_state_all(list(state["cuda"]))


def save_checkpoint(path: Path, state: dict[str, Any]) -> Path:
    """Write a training checkpoint atomically (the file is complete or absent, even on Ctrl-C)."""
    with atomic_path(Path(path)) as temporary:
        torch.save({"format": CHECKPOINT_FORMAT, **state}, temporary)
    return Path(path)


def load_training_checkpoint(path: Path) -> dict[str, Any]:
    """Read a training checkpoint written by save_checkpoint(); CheckpointError when it is not one."""
    path = Path(path)
    if not path.is_file():
        raise CheckpointError(f"Checkpoint to resume from not found: {path}")
    try:
        state = torch.load(path, map_location="cpu", weights_only=True)
    except Exception as exc:  # any unreadable file: a truncated zip, a pickle with objects, …
        raise CheckpointError(f"{path.name} is not a readable training checkpoint ({exc}).") from exc
    if not isinstance(state, dict) or state.get("format") != CHECKPOINT_FORMAT:
        raise CheckpointError(
            f"{path.name} is not an AKNet Studio training checkpoint (no optimiser or step to resume from). "
            "To fine-tune from plain weights, use --init-weights instead of --resume."
        )
    return state
