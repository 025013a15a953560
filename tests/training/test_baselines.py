"""The classic baselines the evaluation measures models against."""

from __future__ import annotations

import cv2
import numpy as np
import pytest

from core.metrics import psnr
from training.baselines import DarkChannel, MedianFilter, UnsharpMask, baseline_candidates


def test_every_task_has_baselines_with_labels_and_descriptions():
    for task in ("dehaze", "desnow", "defocus"):
        candidates = baseline_candidates(task)
        assert candidates and len({c.label for c in candidates}) == len(candidates)
        assert all(c.description for c in candidates)
    assert isinstance(baseline_candidates("dehaze")[0], DarkChannel)
    with pytest.raises(ValueError):
        baseline_candidates("upscale")


def test_unsharp_mask_brings_a_blurred_edge_closer_to_the_sharp_one():
    sharp = np.zeros((32, 48, 3), np.float32)
    sharp[:, 24:] = 0.8
    sharp += 0.1
    blurred = cv2.GaussianBlur(sharp, (0, 0), 1.5)
    restored = UnsharpMask(2.0, 1.0).restore(blurred)
    assert restored.dtype == np.float32 and restored.shape == sharp.shape
    assert restored.min() >= 0 and restored.max() <= 1
    assert psnr(restored, sharp) > psnr(blurred, sharp) + 1
    assert np.array_equal(UnsharpMask(2.0, 0.0).restore(blurred), np.clip(blurred, 0, 1))


def test_median_filter_removes_isolated_specks():
    image = np.full((20, 20, 3), 0.4, np.float32)
    image[5, 7] = image[12, 3] = 1.0
    restored = MedianFilter(3).restore(image)
    assert np.allclose(restored, 102 / 255)  # 0.4 in 8 bits
