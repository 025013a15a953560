"""Training items: aligned random crops, reproducible per sample, and a resumable batch order."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import torch

from core.dark_channel import dehaze
from core.image.read import read_image
from tests.conftest import smooth_image
from training.config import TrainConfig
from training.data import build_run_data, parse_folder_spec, split_validation
from training.datasets import (
    PRIOR_CONTEXT,
    Augment,
    PairedFolderDataset,
    SyntheticDataset,
    photo_depth,
    synthetic_validation,
    thumbnail,
)
from training.images import to_stored
from training.pairing import pair_split
from training.sampler import StepBatchSampler


def test_sampler_batches_depend_only_on_the_step() -> None:
    full = StepBatchSampler(5, 2, seed=3)
    from_start = [batch for _, batch in zip(range(8), full, strict=False)]
    resumed = StepBatchSampler(5, 2, seed=3, start_step=4, steps=4)
    assert list(resumed) == from_start[4:]
    # Each epoch visits every item once (10 samples = 2 epochs of 5).
    indices = [index for batch in from_start[:5] for index, _, _ in batch]
    assert sorted(indices[:5]) == list(range(5)) and sorted(indices[5:10]) == list(range(5))
    numbers = [number for batch in from_start for _, _, number in batch]
    assert numbers == list(range(16))


def test_paired_crops_are_aligned_and_reproducible(paired_folder: Path) -> None:
    report = pair_split(paired_folder / "train")
    dataset = PairedFolderDataset(report.pairs, Augment(crop_size=32))
    first = dataset[(1, 9, 4)]
    again = dataset[(1, 9, 4)]
    assert first[0].shape == first[1].shape == (3, 32, 32)
    assert all(torch.equal(a, b) for a, b in zip(first, again, strict=True))
    others = [dataset[(1, 9, n)][1] for n in range(5, 12)]
    assert any(not torch.equal(first[1], other) for other in others)
    # The clean crop is the same region as the hazy one: haze only brightens towards the airlight,
    # so the two are strongly correlated pixel by pixel.
    degraded, clean = first
    correlation = np.corrcoef(degraded.flatten().numpy(), clean.flatten().numpy())[0, 1]
    assert correlation > 0.5


def test_validation_items_are_whole_images(paired_folder: Path) -> None:
    report = pair_split(paired_folder / "test")
    dataset = PairedFolderDataset(report.pairs, None)
    degraded, clean = dataset[0]
    hazy_file, clean_file = report.pairs[0]
    np.testing.assert_allclose(degraded.permute(1, 2, 0).numpy(), read_image(hazy_file).rgb, atol=1e-6)
    np.testing.assert_allclose(clean.permute(1, 2, 0).numpy(), read_image(clean_file).rgb, atol=1e-6)


def test_synthetic_items_are_reproducible_crops_of_the_clean_photo(rng: np.random.Generator) -> None:
    photo = to_stored(smooth_image(rng, 90, 120))
    dataset = SyntheticDataset([photo], "dehaze", Augment(48, rot90=True, colour_jitter=0.1, scale_range=(0.5, 1)))
    degraded, clean = dataset[(0, 1, 0)]
    degraded2, clean2 = dataset[(0, 1, 0)]
    assert degraded.shape == clean.shape == (3, 48, 48)
    assert torch.equal(degraded, degraded2) and torch.equal(clean, clean2)
    assert not torch.equal(degraded, clean)


def test_clean_folders_become_training_and_held_out_validation_sets(clean_folder: Path, tmp_path: Path) -> None:
    config = TrainConfig(task="desnow", clean_dirs=[f"{clean_folder}:3"], crop_size=32, valid_count=1, valid_size=32)
    data = build_run_data(config)
    assert len(data.train) == 3 * 3  # one of four photos held out, each counted three times
    assert len(data.valid) == 1 and len(set(data.train.names)) == 3
    assert not set(data.valid.names) & set(data.train.names)  # the held-out photo is never trained on
    degraded, _ = data.valid[0]
    assert degraded.shape == (3, 32, 32)
    assert data.info["kind"] == "synthetic" and data.info["training_photos"] == 3
    assert data.info["folders"][0]["weight"] == 3
    assert "radius" in data.info["degradation_ranges"]


def test_folder_specs_and_validation_split() -> None:
    assert parse_folder_spec("photos:4") == (Path("photos"), 4)
    assert parse_folder_spec("C:/photos") == (Path("C:/photos"), 1)
    # Fixed by the seed across processes and releases (a resumed run validates on the same photos).
    held_out = split_validation(16, 100, 1)
    assert sorted(held_out) == [10, 17, 25, 30, 31, 36, 44, 49, 51, 54, 58, 64, 66, 81, 92, 96]
    assert split_validation(16, 100, 2) != held_out
    assert len(split_validation(16, 20, 1)) == 4  # never more than a fifth of the photos
    assert len(split_validation(16, 5, 1)) == 1 and split_validation(16, 1, 1) == split_validation(0, 9, 1) == set()


def test_haze_depth_of_a_crop_is_cut_from_the_whole_photo(rng: np.random.Generator) -> None:
    photo = to_stored(smooth_image(rng, 300, 400))
    thumb = thumbnail(photo)
    whole = photo_depth(np.random.default_rng(4), thumb, (300, 400), (0, 0, 300, 400), (300, 400))
    part = photo_depth(np.random.default_rng(4), thumb, (300, 400), (100, 200, 120, 160), (60, 80))
    assert whole.min() >= 0 and whole.max() <= 1
    expected = whole[100:220:2, 200:360:2]
    assert np.abs(part - expected).max() < 0.03  # same map, absolute levels kept (no re-normalisation)


def test_with_an_input_prior_synthetic_inputs_are_the_prior_s_result_seen_in_a_wider_view(rng) -> None:
    photo = to_stored(smooth_image(rng, 150, 200))
    augment = Augment(32, scale_range=(0.5, 1))
    plain = SyntheticDataset([photo], "dehaze", augment)
    prepared = SyntheticDataset([photo], "dehaze", augment, prior="dark-channel")
    degraded, clean = prepared[(0, 2, 5)]
    again = prepared[(0, 2, 5)]
    assert degraded.shape == clean.shape == (3, 32, 32)
    assert all(torch.equal(a, b) for a, b in zip((degraded, clean), again, strict=True))
    # The context around the crop is wider than the crop (up to 3× a side), and the prior ran on all of it.
    wide, _ = prepared.clean_crop(0, np.random.default_rng(1), PRIOR_CONTEXT)
    assert wide.shape[0] > 32
    hazy, _ = plain[(0, 2, 5)]
    assert not torch.equal(degraded, hazy)
    assert (degraded - clean).abs().mean() < (hazy - clean).abs().mean()  # dehazed: closer to the clean crop


def test_validation_inputs_are_prepared_by_the_prior_from_the_same_haze(rng) -> None:
    photos = [to_stored(smooth_image(rng, 64, 80)) for _ in range(2)]
    plain = synthetic_validation(photos, "dehaze", seed=3)
    prepared = synthetic_validation(photos, "dehaze", seed=3, prior="dark-channel")
    for (hazy, clean), (input_, clean2) in zip(plain, prepared, strict=True):
        np.testing.assert_array_equal(clean, clean2)
        np.testing.assert_array_equal(input_, dehaze(hazy).restored)


def test_paired_inputs_are_prepared_by_the_prior_on_the_whole_image(paired_folder: Path) -> None:
    report = pair_split(paired_folder / "test")
    plain, prepared = (
        PairedFolderDataset(report.pairs, None),
        PairedFolderDataset(report.pairs, None, prior="dark-channel"),
    )
    hazy, clean = plain[0]
    input_, clean2 = prepared[0]
    assert torch.equal(clean, clean2)
    expected = dehaze(hazy.permute(1, 2, 0).numpy()).restored
    np.testing.assert_allclose(input_.permute(1, 2, 0).numpy(), expected, atol=1e-6)
