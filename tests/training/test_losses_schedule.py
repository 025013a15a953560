"""The published loss, the learning-rate schedule and the step plan."""

from __future__ import annotations

import itertools
import math

import pytest
import torch
from torch.nn import functional as F

from training.config import TrainConfig, plan_steps
from training.losses import aknet_loss
from training.schedule import WarmupCosine


def test_loss_is_multiscale_l1_plus_a_tenth_of_the_fft_l1() -> None:
    torch.manual_seed(0)
    target = torch.rand(2, 3, 16, 16)
    outputs = [torch.rand(2, 3, 4, 4), torch.rand(2, 3, 8, 8), torch.rand(2, 3, 16, 16)]
    loss, parts = aknet_loss(outputs, target)
    expected_l1, expected_fft = 0.0, 0.0
    for out in outputs:
        t = F.interpolate(target, size=out.shape[-2:], mode="bilinear")
        expected_l1 += (out - t).abs().mean()
        diff = torch.fft.fft2(out) - torch.fft.fft2(t)
        expected_fft += torch.cat([diff.real, diff.imag]).abs().mean()
    assert float(parts["l1"]) == pytest.approx(float(expected_l1), rel=1e-5)
    assert float(parts["fft"]) == pytest.approx(float(expected_fft), rel=1e-5)
    assert float(loss) == pytest.approx(float(expected_l1 + 0.1 * expected_fft), rel=1e-5)
    scaled = [F.interpolate(target, scale_factor=s, mode="bilinear") for s in (0.25, 0.5)]
    perfect, _ = aknet_loss([*scaled, target], target)
    assert float(perfect) == pytest.approx(0.0, abs=1e-6)


def test_schedule_warms_up_then_anneals_to_the_floor() -> None:
    schedule = WarmupCosine(peak=2e-4, total_steps=110, warmup_steps=10, floor=1e-6)
    assert schedule.lr_at(0) == pytest.approx(2e-5)
    assert schedule.lr_at(9) == pytest.approx(2e-4)
    assert schedule.lr_at(10) == pytest.approx(2e-4)
    assert schedule.lr_at(60) == pytest.approx(1e-6 + (2e-4 - 1e-6) / 2)
    assert schedule.lr_at(110) == pytest.approx(1e-6)
    lrs = [schedule.lr_at(s) for s in range(10, 111)]
    assert all(a >= b for a, b in itertools.pairwise(lrs))
    assert schedule.lr_at(20, progress=1.0) == pytest.approx(1e-6)


def test_the_schedule_sets_every_group_of_the_optimiser_by_step_or_by_time() -> None:
    schedule = WarmupCosine(peak=2e-4, total_steps=110, warmup_steps=10, floor=1e-6)
    first, second = torch.nn.Linear(2, 2), torch.nn.Linear(2, 2)
    optimizer = torch.optim.Adam([{"params": first.parameters()}, {"params": second.parameters(), "lr": 1.0}])
    assert schedule.apply(optimizer, 60) == pytest.approx(1e-6 + (2e-4 - 1e-6) / 2)
    assert [group["lr"] for group in optimizer.param_groups] == [schedule.lr_at(60)] * 2
    # Under a time budget the cosine follows the time used (progress), not the step.
    assert schedule.apply(optimizer, 20, progress=1.0) == pytest.approx(1e-6)
    assert [group["lr"] for group in optimizer.param_groups] == pytest.approx([1e-6, 1e-6])
    # Past the end (a time budget overrun by the last step, a run extended): the floor, not a rising cosine.
    assert schedule.lr_at(20, progress=1.5) == schedule.lr_at(165) == pytest.approx(1e-6)


def test_epochs_follow_the_published_recipe_and_steps_override_them() -> None:
    published = plan_steps(TrainConfig(), dataset_size=100)
    assert published.steps_per_epoch == math.ceil(100 / 8)
    assert published.total_steps == 500 * 13
    assert published.warmup_steps == 13  # one epoch
    assert published.valid_every == 30 * 13 and published.save_every == 50 * 13
    by_steps = plan_steps(TrainConfig(steps=200, valid_every=50), dataset_size=10_000)
    assert by_steps.total_steps == 200 and by_steps.valid_every == 50
    assert by_steps.warmup_steps == 10  # never more than 5 % of a step budget
