"""Fixtures for the trainer's tests: small photo-like images on disk and tiny configurations."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import torch

from core.image.write import write_image
from tests.conftest import smooth_image
from training.config import TrainConfig
from training.degradations import haze


def write_photos(folder: Path, count: int, height: int = 48, width: int = 64, seed: int = 0) -> list[Path]:
    """`count` photo-like PNGs in `folder`."""
    rng = np.random.default_rng(seed)
    paths = []
    for index in range(count):
        image = smooth_image(rng, height, width)
        image = np.roll(image, index * 7, axis=1) * rng.uniform(0.6, 1.0, 3).astype(np.float32)
        paths.append(write_image(folder / f"photo{index:02d}.png", image))
    return paths


def write_paired_split(split: Path, count: int, seed: int, height: int = 48, width: int = 64) -> None:
    """split/hazy and split/gt with `count` pairs named alike."""
    rng = np.random.default_rng(seed)
    for index in range(count):
        clean = smooth_image(rng, height, width)
        hazy, _ = haze.synthesize(clean, rng)
        write_image(split / "gt" / f"{index:04d}.png", clean)
        write_image(split / "hazy" / f"{index:04d}.png", hazy)


@pytest.fixture
def clean_folder(tmp_path: Path) -> Path:
    """Four clean 64×48 photos."""
    folder = tmp_path / "clean"
    write_photos(folder, 4)
    return folder


@pytest.fixture
def paired_folder(tmp_path: Path) -> Path:
    """DIR/train/{hazy,gt} with 3 pairs and DIR/test/{hazy,gt} with 2."""
    root = tmp_path / "pairs"
    write_paired_split(root / "train", 3, seed=1)
    write_paired_split(root / "test", 2, seed=2)
    return root


@pytest.fixture
def deterministic():
    """Deterministic torch kernels for the duration of a test."""
    previous = torch.are_deterministic_algorithms_enabled()
    torch.use_deterministic_algorithms(True)
    yield
    torch.use_deterministic_algorithms(previous)


def tiny_config(output: Path, /, **overrides) -> TrainConfig:
    """The tiny preset on 32×32 crops, two images per step, one validation image, on the CPU, no workers."""
    values = dict(
        model="tiny",
        crop_size=32,
        batch_size=2,
        steps=6,
        log_every=1,
        valid_every=1000,
        save_every=1000,
        num_workers=0,
        device="cpu",
        output_dir=str(output),
        seed=5,
        valid_count=1,
    )
    values.update(overrides)
    return TrainConfig(**values)
