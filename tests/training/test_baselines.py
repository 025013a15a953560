"""The trainable tasks (one record each, the same names as the app's) and the classic baselines the evaluation
measures models against."""

from __future__ import annotations

import cv2
import numpy as np
import pytest

from core.errors import AKNetError
from core.metrics import psnr
from core.tasks import TASKS
from training.baselines import DarkChannel, MedianFilter, UnsharpMask
from training.tasks import TRAINABLE_TASKS, trainable_task


def test_the_trainable_tasks_are_the_apps_tasks_with_weights():
    assert list(TRAINABLE_TASKS) == [name for name, task in TASKS.items() if not task.classic]
    assert all(name == task.name for name, task in TRAINABLE_TASKS.items())
    assert len({task.input_folder for task in TRAINABLE_TASKS.values()}) == len(TRAINABLE_TASKS)


def test_every_task_has_baselines_with_labels_and_descriptions():
    for task in ("dehaze", "desnow", "defocus"):
        candidates = trainable_task(task).baselines()
        assert candidates and len({c.label for c in candidates}) == len(candidates)
        assert all(c.description for c in candidates)
    assert isinstance(trainable_task("dehaze").baselines()[0], DarkChannel)
    with pytest.raises(AKNetError, match="upscale"):
        trainable_task("upscale")


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
