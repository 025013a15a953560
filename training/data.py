"""Assembling a run's data from its configuration: paired folders, clean photos to synthesise from, or
both; with a validation set, the problems found, and a description for the weights' metadata."""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
from torch.utils.data import Dataset

from core.errors import AKNetError
from training.config import TrainConfig
from training.datasets import ArrayPairs, Augment, PairedFolderDataset, SyntheticDataset, synthetic_validation
from training.images import photos_in, read_stored
from training.pairing import pair_split
from training.sampler import SampleKey
from training.tasks import trainable_task


class Concat(Dataset):
    """Datasets one after another; sample keys keep their seed and number."""

    def __init__(self, parts: list[Dataset]) -> None:
        self.parts = parts
        self.ends = list(np.cumsum([len(p) for p in parts]))

    def __len__(self) -> int:
        return int(self.ends[-1])

    def __getitem__(self, key: SampleKey | int):
        index = key[0] if isinstance(key, tuple) else int(key)
        part = bisect.bisect_right(self.ends, index)
        local = index - (self.ends[part - 1] if part else 0)
        return self.parts[part][(local, *key[1:]) if isinstance(key, tuple) else local]


@dataclass
class RunData:
    """The training and validation sets of a run, what was skipped and why, and their description."""

    train: Dataset
    valid: Dataset | None
    problems: list[str] = field(default_factory=list)
    info: dict[str, Any] = field(default_factory=dict)


def parse_folder_spec(spec: str) -> tuple[Path, int]:
    """'PATH' or 'PATH:WEIGHT' (an integer: how many times each of its photos counts)."""
    head, _, tail = spec.rpartition(":")
    if head and tail.isdigit():
        return Path(head), max(1, int(tail))
    return Path(spec), 1


def load_clean_photos(specs: list[str], max_side: int = 0) -> tuple[list[np.ndarray], list[str], list[int], list[dict]]:
    """Decode every photo in the clean folders: (images, names, weights, per-folder info); problems raise."""
    images, names, weights, folders = [], [], [], []
    for spec in specs:
        folder, weight = parse_folder_spec(spec)
        if not folder.is_dir():
            raise AKNetError(f"Clean photo folder not found: {folder}")
        loaded = 0
        for path in photos_in(folder):
            try:
                images.append(read_stored(path, max_side))
            except AKNetError as exc:
                folders.append({"path": str(path), "problem": str(exc)})
                continue
            names.append(str(path.relative_to(folder)))
            weights.append(weight)
            loaded += 1
        if not loaded:
            raise AKNetError(f"No readable photos in {folder}.")
        folders.append({"path": str(folder), "images": loaded, "weight": weight})
    return images, names, weights, folders


def split_validation(count: int, total: int, seed: int) -> set[int]:
    """Indices of `count` photos held out for validation (fixed by the seed)."""
    if total < 2 or count <= 0:
        return set()
    count = min(count, total // 5 if total >= 10 else 1)
    return {int(i) for i in np.random.default_rng([seed, 7]).choice(total, size=count, replace=False)}


def _synthetic_data(config: TrainConfig, folders: list[str], augment: Augment) -> RunData:
    images, names, weights, folder_info = load_clean_photos(folders, config.max_side)
    holdout_seed = config.seed if config.holdout_seed is None else config.holdout_seed
    held_out = split_validation(config.valid_count, len(images), holdout_seed)
    # Training-only photos come after the ones the held-out choice is drawn from, so they cannot move it.
    extra_images, extra_names, extra_weights, extra_info = load_clean_photos(config.extra_clean_dirs, config.max_side)
    train_images, train_names = [], []
    everything = zip(images + extra_images, names + extra_names, weights + extra_weights, strict=True)
    for index, (image, name, weight) in enumerate(everything):
        if index not in held_out:
            train_images += [image] * weight
            train_names += [name] * weight
    ranges = trainable_task(config.task).ranges()
    train = SyntheticDataset(train_images, config.task, augment, ranges, train_names, config.input_prior)
    train.haze_targets = config.airlight_weight > 0 or config.transmission_weight > 0
    valid_images = [images[i] for i in sorted(held_out)]
    valid_size = config.valid_size or 512
    valid = (
        ArrayPairs(
            synthetic_validation(valid_images, config.task, holdout_seed, valid_size, ranges, config.input_prior),
            [names[i] for i in sorted(held_out)],
        )
        if valid_images
        else None
    )
    problems = [f"{f['path']}: {f['problem']}" for f in folder_info + extra_info if "problem" in f]
    info = {
        "kind": "synthetic",
        "task": config.task,
        "folders": [f for f in folder_info if "problem" not in f],
        "extra_folders": [f for f in extra_info if "problem" not in f],
        "photos": len(images) + len(extra_images),
        "training_photos": len(images) + len(extra_images) - len(held_out),
        "validation_photos": sorted(names[i] for i in held_out),
        "validation_size": valid_size,
        "seed": config.seed,
        "holdout_seed": holdout_seed,
        "degradation_ranges": ranges.to_dict(),
        "input_prior": config.input_prior,
        "augment": {
            "crop": augment.crop_size,
            "flips": augment.flips,
            "rot90": augment.rot90,
            "colour_jitter": augment.colour_jitter,
            "scale_range": list(augment.scale_range),
        },
    }
    return RunData(train, valid, problems, info)


def _paired_data(config: TrainConfig, augment: Augment) -> RunData:
    root = Path(config.data_dir)
    report = pair_split(root / "train")
    cache = config.cache_gb * 1e9
    prior = config.input_prior
    train = PairedFolderDataset(report.pairs, augment, cache_bytes=cache, max_side=config.max_side, prior=prior)
    problems = report.problems + train.problems
    info: dict[str, Any] = {"kind": "paired", "folder": str(root), "train": report.counts() | {"used": len(train)}}
    valid = None
    if (root / "test").is_dir():
        test = pair_split(root / "test")
        pairs = test.pairs
        if config.valid_count and len(pairs) > config.valid_count:
            pairs = [pairs[i] for i in np.linspace(0, len(pairs) - 1, config.valid_count).round().astype(int)]
        valid = PairedFolderDataset(pairs, None, config.valid_size, cache, config.max_side, prior)
        problems += test.problems + valid.problems
        info["test"] = test.counts() | {"used_for_validation": len(valid), "valid_size": config.valid_size}
    if not len(train):
        raise AKNetError(f"No usable training pairs in {root / 'train'}: " + "; ".join(problems[:5]))
    return RunData(train, valid, problems, info)


def build_run_data(config: TrainConfig) -> RunData:
    """The datasets a configuration asks for: paired (--data_dir), synthetic (--clean / --synthesize), or both."""
    augment = Augment(config.crop_size, True, config.rot90, config.colour_jitter, (1.0, 1.0))
    synthetic_augment = Augment(
        config.crop_size,
        True,
        config.rot90,
        config.colour_jitter,
        tuple(config.scale_range),  # type: ignore[arg-type]
    )
    clean = list(config.clean_dirs)
    if config.synthesize and config.data_dir:
        clean.append(config.data_dir)
    paired = _paired_data(config, augment) if config.data_dir and not config.synthesize else None
    synthetic = _synthetic_data(config, clean, synthetic_augment) if clean or config.extra_clean_dirs else None
    if paired and synthetic:
        return RunData(
            Concat([paired.train, synthetic.train]),
            paired.valid or synthetic.valid,
            paired.problems + synthetic.problems,
            {"kind": "paired+synthetic", "paired": paired.info, "synthetic": synthetic.info},
        )
    if paired or synthetic:
        return paired or synthetic  # type: ignore[return-value]
    raise AKNetError("No training data: give --data_dir DIR (paired train/test folders) or --clean DIR (clean photos).")
