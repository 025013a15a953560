"""Per-image validation figures of training checkpoints on their run's held-out photos: the degraded input, the
input prior's result (for runs trained with one) and each checkpoint, PSNR in dB. The held-out set is rebuilt
from the run's config.json exactly as the trainer built it (same photos, seed and degradations).

    python scripts/validation_images.py --run data/runs/dehaze_prior2 data/runs/dehaze_prior2/best.pt [more.pt ...]
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import sys
from pathlib import Path

import torch

from core.errors import AKNetError
from core.metrics import psnr
from training.config import TrainConfig
from training.data import build_run_data
from training.export import model_from_state
from training.state import load_training_checkpoint
from training.validation import iterate, score_pairs


def unrestored_psnr(dataset) -> list[float]:
    """PSNR of each validation input (as the network is given it) against its clean photo."""
    return [psnr(degraded[None], clean[None]) for degraded, clean in iterate(dataset)]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--run", type=Path, required=True, help="run folder (holds config.json)")
    parser.add_argument("checkpoints", type=Path, nargs="+", help="training checkpoints (.pt) of that run")
    args = parser.parse_args(argv)
    cpu = torch.device("cpu")
    try:
        config = TrainConfig.from_dict(json.loads((args.run / "config.json").read_text())["config"])
        valid = build_run_data(config).valid
        if valid is None:
            raise AKNetError("This run has no validation set.")
        degraded = build_run_data(dataclasses.replace(config, input_prior=None)).valid  # the same haze, unprepared
        columns = {"input": unrestored_psnr(degraded)}
        if config.input_prior:
            columns[config.input_prior] = unrestored_psnr(valid)
        for path in args.checkpoints:
            state = load_training_checkpoint(path)
            model = model_from_state(state)
            columns[f"{path.name} (step {state.get('step')})"] = score_pairs(model, iterate(valid), cpu).psnr
    except (AKNetError, OSError, KeyError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print("| image | " + " | ".join(columns) + " |")
    print("|---|" + "---:|" * len(columns))
    for index, name in enumerate(valid.names):
        print(f"| {name} | " + " | ".join(f"{values[index]:.2f}" for values in columns.values()) + " |")
    means = [sum(values) / len(values) for values in columns.values()]
    print("| **mean** | " + " | ".join(f"**{value:.2f}**" for value in means) + " |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
