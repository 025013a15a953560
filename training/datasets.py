"""Training and validation datasets: paired folders (degraded, clean) and degradations synthesised on the
fly from clean photos. Items are (degraded, clean) float32 tensors 3×H×W in [0, 1]."""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import cv2
import numpy as np
import torch
from torch.utils.data import Dataset

from core.errors import AKNetError
from core.input_prior import apply_prior
from training.degradations.fields import random_depth
from training.images import image_size, read_stored, to_float
from training.sampler import SampleKey, sample_rng
from training.tasks import trainable_task


@dataclass(frozen=True)
class Augment:
    """Random crop and augmentation settings for training items."""

    crop_size: int = 256
    flips: bool = True
    rot90: bool = False
    colour_jitter: float = 0.0
    scale_range: tuple[float, float] = (1.0, 1.0)


def to_tensor(image: np.ndarray) -> torch.Tensor:
    """H×W×3 float array → 3×H×W float32 tensor."""
    return torch.from_numpy(np.ascontiguousarray(image.transpose(2, 0, 1), dtype=np.float32))


def pad_to(image: np.ndarray, height: int, width: int) -> np.ndarray:
    """Reflect-pad the bottom/right so the image is at least height×width."""
    pad_h, pad_w = max(0, height - image.shape[0]), max(0, width - image.shape[1])
    if pad_h or pad_w:
        image = cv2.copyMakeBorder(image, 0, pad_h, 0, pad_w, cv2.BORDER_REFLECT_101)
    return image


def crop_box(rng: np.random.Generator, height: int, width: int, size: int) -> tuple[int, int]:
    """Top-left corner of a random size×size crop (the image is at least that large)."""
    return int(rng.integers(0, height - size + 1)), int(rng.integers(0, width - size + 1))


def centre_crop(image: np.ndarray, size: int) -> np.ndarray:
    """The central size×size region (or the whole side where the image is smaller)."""
    if not size:
        return image
    height, width = image.shape[:2]
    top, left = max(0, (height - size) // 2), max(0, (width - size) // 2)
    return image[top : top + size, left : left + size]


def flip_rotate(images: list[np.ndarray], rng: np.random.Generator, augment: Augment) -> list[np.ndarray]:
    """The same random horizontal flip (and 90° rotation when enabled) applied to every image."""
    if augment.flips and rng.random() < 0.5:
        images = [image[:, ::-1] for image in images]
    if augment.rot90:
        turns = int(rng.integers(0, 4))
        images = [np.rot90(image, turns) for image in images]
    return images


def jitter_colour(image: np.ndarray, rng: np.random.Generator, amount: float) -> np.ndarray:
    """Random brightness, contrast and saturation changes of up to ±amount (clean photos only)."""
    if amount <= 0:
        return image
    brightness, contrast, saturation = rng.uniform(1 - amount, 1 + amount, 3).astype(np.float32)
    grey = image.mean(axis=2, keepdims=True)
    image = grey + (image - grey) * saturation
    image = (image - image.mean()) * contrast + image.mean()
    return np.clip(image * brightness, 0, 1).astype(np.float32)


class PairedFolderDataset(Dataset):
    """Pairs of images on disk: random aligned crops with flips for training, whole images for validation."""

    def __init__(
        self,
        pairs: list[tuple[Path, Path]],
        augment: Augment | None = None,
        valid_size: int = 0,
        cache_bytes: float = 4e9,
        max_side: int = 0,
        prior: str | None = None,
    ) -> None:
        self.augment, self.valid_size, self.max_side, self.prior = augment, valid_size, max_side, prior
        self.problems: list[str] = []
        sizes = {}
        for degraded, clean in pairs:
            size_in, size_out = image_size(degraded), image_size(clean)
            if size_in is None or size_out is None:
                bad = degraded if size_in is None else clean
                self.problems.append(f"unreadable image, skipped: {bad}")
            elif size_in != size_out:
                self.problems.append(f"sizes differ ({size_in} vs {size_out}), skipped: {degraded.name}")
            else:
                sizes[(degraded, clean)] = size_in
        self.pairs = list(sizes)
        total = sum(3 * w * h * (2 if prior is None else 5) for w, h in sizes.values())  # a prepared input is float
        self.cache: list[tuple[np.ndarray, np.ndarray]] | None = None
        if total <= cache_bytes:
            self.cache, kept = [], []
            for pair in self.pairs:
                try:
                    self.cache.append(self.read(pair))
                    kept.append(pair)
                except AKNetError as exc:
                    self.problems.append(f"unreadable image, skipped: {exc}")
            self.pairs = kept

    def __len__(self) -> int:
        return len(self.pairs)

    def read(self, pair: tuple[Path, Path]) -> tuple[np.ndarray, np.ndarray]:
        """Decode a pair from disk; the degraded image prepared by the input prior (whole), if any."""
        degraded, clean = read_stored(pair[0], self.max_side), read_stored(pair[1], self.max_side)
        if self.prior is not None:
            degraded = apply_prior(self.prior, to_float(degraded))
        return degraded, clean

    def load(self, index: int) -> tuple[np.ndarray, np.ndarray]:
        """The stored (degraded, clean) arrays of pair `index`."""
        if self.cache is not None:
            return self.cache[index]
        return self.read(self.pairs[index])

    def __getitem__(self, key: SampleKey | int) -> tuple[torch.Tensor, torch.Tensor]:
        index = key[0] if isinstance(key, tuple) else int(key)
        degraded, clean = self.load(index)
        if self.augment is None:  # validation: whole (or centre-cropped) images
            return to_tensor(to_float(centre_crop(degraded, self.valid_size))), to_tensor(
                to_float(centre_crop(clean, self.valid_size))
            )
        rng = sample_rng(key)
        size = self.augment.crop_size
        degraded, clean = pad_to(degraded, size, size), pad_to(clean, size, size)
        top, left = crop_box(rng, *degraded.shape[:2], size)
        crops = [image[top : top + size, left : left + size] for image in (degraded, clean)]
        degraded, clean = flip_rotate(crops, rng, self.augment)
        return to_tensor(to_float(degraded)), to_tensor(to_float(clean))


def thumbnail(stored: np.ndarray, short_side: int = 96) -> np.ndarray:
    """A small float copy of a photo (for drawing whole-photo depth cheaply)."""
    height, width = stored.shape[:2]
    scale = min(1.0, short_side / min(height, width))
    size = (max(2, round(width * scale)), max(2, round(height * scale)))
    return cv2.resize(to_float(stored), size, interpolation=cv2.INTER_AREA)


def photo_depth(
    rng: np.random.Generator,
    thumb: np.ndarray,
    shape: tuple[int, int],
    box: tuple[int, int, int, int],
    out: tuple[int, int],
) -> np.ndarray:
    """A random depth map drawn for the whole photo (horizon, sky and all) from its thumbnail, cut to the
    box (top, left, height, width) of a photo of `shape` and resized to `out` (height, width); the values
    stay absolute in [0, 1], so a crop of sky is far and a crop of foreground near."""
    depth, _ = random_depth(rng, *thumb.shape[:2], thumb)
    top, left, height, width = box
    scale_y, scale_x = thumb.shape[0] / shape[0], thumb.shape[1] / shape[1]
    # Output pixel (x, y) samples the thumbnail at (left + (x + ½)·width/out_w)·scale − ½, likewise for y.
    step_x, step_y = width / out[1] * scale_x, height / out[0] * scale_y
    matrix = np.array(
        [[step_x, 0, left * scale_x + step_x / 2 - 0.5], [0, step_y, top * scale_y + step_y / 2 - 0.5]], np.float32
    )
    flags = cv2.INTER_LINEAR | cv2.WARP_INVERSE_MAP
    return cv2.warpAffine(depth, matrix, (out[1], out[0]), flags=flags, borderMode=cv2.BORDER_REPLICATE)


def degrade(
    synthesize: Any,
    clean: np.ndarray,
    rng: np.random.Generator,
    ranges: Any,
    depth: np.ndarray | None,
    **options: Any,
) -> tuple[np.ndarray, dict[str, Any]]:
    """Run a degradation generator, with an absolute depth map when there is one (haze), and the generator's
    own `options` (e.g. the haze generator's with_map)."""
    if depth is None:
        return synthesize(clean, rng, ranges, **options)
    return synthesize(clean, rng, ranges, depth=depth, normalise_depth=False, **options)


def haze_targets(params: dict[str, Any]) -> tuple[torch.Tensor, torch.Tensor]:
    """(airlight (3,), transmission map 1×H×W) that a hazy sample was made with, as supervision targets. Haze made
    in linear light has no single transmission map in the gamma-space model the network inverts: its map is NaN
    (left out of the loss)."""
    transmission = torch.from_numpy(np.ascontiguousarray(params["transmission_map"]))[None]
    if params["linear_light"]:
        transmission = torch.full_like(transmission, float("nan"))
    return torch.tensor(params["airlight"], dtype=torch.float32), transmission


PRIOR_CONTEXT = 3  # with an input prior, synthetic crops are degraded and prepared at up to 3× their side


class SyntheticDataset(Dataset):
    """Clean photos degraded on the fly: a random crop (at a random scale), flips/rotations and colour
    jitter, then the task's degradation, all drawn from the sample's own seed. For haze, the depth is
    drawn for the whole photo and cut to the crop, so a crop of sky is far and a crop of foreground near."""

    def __init__(
        self,
        images: list[np.ndarray],
        task: str,
        augment: Augment,
        ranges: Any = None,
        names: list[str] | None = None,
        prior: str | None = None,
    ) -> None:
        if not images:
            raise AKNetError("No clean images to synthesise training pairs from.")
        self.images, self.task, self.augment, self.ranges, self.prior = images, task, augment, ranges, prior
        self.names = names or [str(i) for i in range(len(images))]
        self.synthesize = trainable_task(task).synthesize
        self.haze_targets = False  # also return the airlight and transmission map the haze was made with
        self.thumbs: dict[int, np.ndarray] = {}
        if trainable_task(task).uses_depth:  # the same array object repeated (weighted folders) shares one thumbnail
            by_identity: dict[int, np.ndarray] = {}
            for index, image in enumerate(images):
                self.thumbs[index] = by_identity.setdefault(id(image), thumbnail(image))

    def __len__(self) -> int:
        return len(self.images)

    def clean_crop(
        self, index: int, rng: np.random.Generator, context: int = 1
    ) -> tuple[np.ndarray, np.ndarray | None]:
        """A random crop of clean image `index` at a random scale, flipped/rotated and colour-jittered,
        and its whole-photo depth (for haze; None otherwise). With `context` > 1 the crop is up to that
        many times the crop size a side (as much as the photo holds at the drawn scale)."""
        size = self.augment.crop_size
        stored = pad_to(self.images[index], size, size)
        scale = float(rng.uniform(*self.augment.scale_range))  # ≤ 1: take a larger region and shrink it
        region = min(math.ceil(size * context / scale), *stored.shape[:2])
        size = max(size, min(size * context, round(region * scale)))
        top, left = crop_box(rng, *stored.shape[:2], region)
        crop = to_float(stored[top : top + region, left : left + region])
        if region != size:
            crop = cv2.resize(crop, (size, size), interpolation=cv2.INTER_AREA)
        parts = [crop]
        if index in self.thumbs:
            box = (top, left, region, region)
            parts.append(photo_depth(rng, self.thumbs[index], stored.shape[:2], box, (size, size)))
        parts = flip_rotate(parts, rng, self.augment)
        crop = jitter_colour(np.ascontiguousarray(parts[0]), rng, self.augment.colour_jitter)
        return crop, np.ascontiguousarray(parts[1]) if len(parts) > 1 else None

    def __getitem__(self, key: SampleKey | int) -> tuple[torch.Tensor, ...]:
        index = key[0] if isinstance(key, tuple) else int(key)
        rng = sample_rng(key)
        if self.prior is None:
            clean, depth = self.clean_crop(index, rng)
            if self.haze_targets:
                degraded, params = degrade(self.synthesize, clean, rng, self.ranges, depth, with_map=True)
                return to_tensor(degraded), to_tensor(clean), *haze_targets(params)
            degraded, _ = degrade(self.synthesize, clean, rng, self.ranges, depth)
            return to_tensor(degraded), to_tensor(clean)
        # The prior sees a wider view than the crop (as it sees the whole photo in the app): its global
        # estimates, such as the airlight, then come from the scene rather than from a small patch of it.
        clean, depth = self.clean_crop(index, rng, PRIOR_CONTEXT)
        degraded, _ = degrade(self.synthesize, clean, rng, self.ranges, depth)
        degraded = apply_prior(self.prior, degraded)
        size = self.augment.crop_size
        top, left = crop_box(rng, *clean.shape[:2], size)
        crops = [image[top : top + size, left : left + size] for image in (degraded, clean)]
        return to_tensor(crops[0]), to_tensor(crops[1])


class ArrayPairs(Dataset):
    """Fixed (degraded, clean) float arrays held in memory, e.g. a synthetic validation set."""

    def __init__(self, pairs: list[tuple[np.ndarray, np.ndarray]], names: list[str] | None = None) -> None:
        self.pairs = pairs
        self.names = names or [str(i) for i in range(len(pairs))]

    def __len__(self) -> int:
        return len(self.pairs)

    def __getitem__(self, key: SampleKey | int) -> tuple[torch.Tensor, torch.Tensor]:
        degraded, clean = self.pairs[key[0] if isinstance(key, tuple) else int(key)]
        return to_tensor(degraded), to_tensor(clean)


def synthetic_validation(
    images: list[np.ndarray], task: str, seed: int, size: int = 0, ranges: Any = None, prior: str | None = None
) -> list[tuple[np.ndarray, np.ndarray]]:
    """Degrade each clean image once with a fixed seed (centre-cropped to `size`, trimmed to multiples of 4),
    and prepare the degraded image with the input prior, if any."""
    synthesize, uses_depth = trainable_task(task).synthesize, trainable_task(task).uses_depth
    pairs = []
    for index, stored in enumerate(images):
        height, width = stored.shape[:2]
        crop_h, crop_w = (min(size, height), min(size, width)) if size else (height, width)
        crop_h, crop_w = crop_h // 4 * 4, crop_w // 4 * 4
        top, left = (height - crop_h) // 2, (width - crop_w) // 2
        clean = np.ascontiguousarray(to_float(stored[top : top + crop_h, left : left + crop_w]))
        rng = np.random.default_rng([seed, 1_000_003, index])
        depth = None
        if uses_depth:
            depth = photo_depth(rng, thumbnail(stored), (height, width), (top, left, crop_h, crop_w), (crop_h, crop_w))
        degraded, _ = degrade(synthesize, clean, rng, ranges, depth)
        pairs.append((apply_prior(prior, degraded), clean))
    return pairs
