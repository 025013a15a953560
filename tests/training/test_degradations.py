"""The degradation generators: deterministic per seed, physically what they claim, inside their ranges."""

from __future__ import annotations

import numpy as np
import pytest

from tests.conftest import smooth_image
from training.degradations import defocus, haze, snow
from training.degradations.fields import random_depth, smooth_field
from training.tasks import TRAINABLE_TASKS


def _within(value: float, bounds: tuple[float, float]) -> bool:
    return bounds[0] - 1e-9 <= value <= bounds[1] + 1e-9


@pytest.mark.parametrize("task", sorted(TRAINABLE_TASKS))
def test_same_seed_same_result_other_seed_differs(task: str, rng: np.random.Generator) -> None:
    clean = smooth_image(rng, 64, 80)
    first, params_first = TRAINABLE_TASKS[task].synthesize(clean, 7)
    again, params_again = TRAINABLE_TASKS[task].synthesize(clean, np.random.default_rng(7))
    other, _ = TRAINABLE_TASKS[task].synthesize(clean, 8)
    assert np.array_equal(first, again)
    assert params_first == params_again
    assert not np.array_equal(first, other)


@pytest.mark.parametrize("task", sorted(TRAINABLE_TASKS))
def test_output_is_a_float_image_of_the_same_size(task: str, rng: np.random.Generator) -> None:
    clean = smooth_image(rng, 50, 70)
    for seed in range(5):
        degraded, params = TRAINABLE_TASKS[task].synthesize(clean, seed)
        assert degraded.shape == clean.shape and degraded.dtype == np.float32
        assert degraded.min() >= 0 and degraded.max() <= 1
        assert np.abs(degraded - clean).mean() > 0.005, params


def test_haze_follows_the_scattering_model_with_a_given_depth(rng: np.random.Generator) -> None:
    clean = smooth_image(rng, 40, 60)
    depth = np.tile(np.linspace(0, 1, 60, dtype=np.float32), (40, 1))
    exact = haze.HazeRanges(nonuniformity=(0, 0), linear_light_probability=0, noise_sigma=(0, 0))
    hazy, p = haze.synthesize(clean, 3, exact, depth=depth)
    t = np.maximum(np.exp(-p["beta"] * (p["depth_offset"] + p["depth_span"] * depth)), haze.MIN_TRANSMISSION)
    expected = clean * t[..., None] + np.asarray(p["airlight"]) * (1 - t[..., None])
    np.testing.assert_allclose(hazy, expected, atol=1e-5)
    # What is left of the scene, (I − A) / (J − A) = t, falls with the depth (left near, right far).
    airlight = np.asarray(p["airlight"], np.float32)
    left = np.abs(hazy - airlight).sum(axis=2) / np.maximum(np.abs(clean - airlight).sum(axis=2), 1e-3)
    per_column = left.mean(axis=0)
    assert np.all(np.diff(per_column) < 0)
    assert per_column[-1] == pytest.approx(per_column[0] * np.exp(-p["beta"] * p["depth_span"]), rel=1e-3)


def test_haze_parameters_stay_in_the_documented_ranges(rng: np.random.Generator) -> None:
    ranges = haze.HazeRanges()
    clean = smooth_image(rng, 48, 48)
    betas = []
    for seed in range(40):
        hazy, p = haze.synthesize(clean, seed)
        betas.append(p["beta"])
        assert _within(p["beta"], ranges.beta) or _within(p["beta"], ranges.light_beta)
        assert _within(p["depth_offset"], ranges.depth_offset)
        assert _within(p["depth_span"], ranges.depth_span)
        assert _within(p["nonuniformity"], ranges.nonuniformity)
        assert _within(p["noise_sigma"], ranges.noise_sigma)
        assert all(0.55 <= a <= 1.0 for a in p["airlight"])
        grey = np.mean(p["airlight"])
        assert max(abs(a - grey) for a in p["airlight"]) <= 2 * ranges.airlight_tint
        assert haze.MIN_TRANSMISSION - 1e-6 <= p["transmission"]["min"] <= p["transmission"]["max"] <= 1
        # Haze lowers contrast.
        assert hazy.std() < clean.std()
    # The draws cover the evaluation-style haze (β 0.8–1.8) and go beyond it on both sides, down to light haze.
    assert min(betas) < 0.8 and max(betas) > 1.8
    light = sum(beta < ranges.beta[0] for beta in betas)
    assert 1 <= light <= 15  # about 15% of 40


def test_beta_draws_split_between_light_and_ordinary_haze() -> None:
    ranges = haze.HazeRanges()
    assert haze.draw_beta(0.0, ranges) == pytest.approx(ranges.light_beta[0])
    assert haze.draw_beta(ranges.light_share - 1e-9, ranges) == pytest.approx(ranges.light_beta[1])
    assert haze.draw_beta(ranges.light_share, ranges) == pytest.approx(ranges.beta[0])
    assert haze.draw_beta(1 - 1e-9, ranges) == pytest.approx(ranges.beta[1])
    draws = [haze.draw_beta(u, ranges) for u in np.linspace(0, 1, 1001)[:-1]]
    assert np.mean(np.asarray(draws) < ranges.beta[0]) == pytest.approx(ranges.light_share, abs=0.002)


def test_snow_adds_bright_flakes_within_the_documented_ranges() -> None:
    ranges = snow.SnowRanges()
    dark = np.full((96, 96, 3), 0.1, np.float32)
    coverages = []
    for seed in range(20):
        snowy, p = snow.synthesize(dark, seed)
        assert ranges.layers[0] <= len(p["layers"]) <= ranges.layers[1]
        assert _within(p["wind_degrees"], ranges.wind_degrees)
        assert _within(p["streak_factor"], ranges.streak_factor)
        assert _within(p["veil"], ranges.veil)
        for layer in p["layers"]:
            assert _within(layer["radius"], ranges.radius)
            assert _within(layer["density"], ranges.density)
            assert _within(layer["opacity"], ranges.opacity)
            assert abs(layer["angle"] - p["wind_degrees"]) <= ranges.layer_angle_jitter + 1e-9
        assert all(0.8 <= c <= 1.0 for c in p["colour"])
        assert snowy.mean() > dark.mean()  # snow only brightens a dark scene
        assert (snowy > 0.5).any()  # with visible flakes
        coverages.append(p["coverage_mean"])
    assert max(coverages) > 3 * min(coverages)  # density varies from light to heavy snowfall


def test_snow_can_add_large_soft_flakes_out_of_focus_near_the_lens() -> None:
    ranges = snow.SnowRanges(near_probability=1.0, near_radius=(12.0, 12.0), near_density=(0.5, 0.5))
    few = snow.SnowRanges(near_probability=1.0, near_radius=(12.0, 12.0), near_density=(0.5, 0.5),
                          density=(0.0, 0.0), veil_probability=0.0, noise_sigma=(0.0, 0.0))  # fmt: skip
    dark = np.full((160, 160, 3), 0.1, np.float32)
    seen = 0
    for seed in range(6):
        _, p = snow.synthesize(dark, seed, ranges)
        assert p["near_lens"]["radius"] == 12.0 and _within(p["near_lens"]["opacity"], ranges.near_opacity)
        only_near, _ = snow.synthesize(dark, seed, few)
        lifted = only_near[..., 0] - 0.1 > 0.02
        if lifted.any():  # a disk about 24 px across: its lit area spans well beyond a flake's 9 px
            rows = np.flatnonzero(lifted.any(axis=1))
            assert rows.max() - rows.min() >= 16
            seen += 1
        assert only_near.max() < 0.1 + 0.6 * 0.95 + 1e-3  # translucent: at most the opacity of the snow colour
    assert seen >= 3
    _, p = snow.synthesize(dark, 0, snow.SnowRanges(near_probability=0.0))
    assert p["near_lens"] is None


def test_snow_streaks_follow_the_wind() -> None:
    kernel = snow.motion_kernel(9, 0.0)  # vertical streak
    assert kernel.sum() == pytest.approx(1.0, abs=1e-5)
    assert kernel[:, kernel.shape[1] // 2].sum() > 0.8


def test_defocus_psfs_are_normalised_disks_and_rings() -> None:
    disk = defocus.psf(5.0, "disk")
    ring = defocus.psf(5.0, "ring", inner=0.6, gain=2.5)
    for kernel in (disk, ring):
        assert kernel.sum() == pytest.approx(1.0, abs=1e-5)
        assert kernel.shape == (11, 11)
        assert kernel[0, 0] == 0  # round, not square
    centre, rim = ring[5, 5], ring[5, 1]
    assert rim > 2 * centre
    assert disk[5, 5] == pytest.approx(disk[5, 2], rel=1e-5)


def test_defocus_blurs_more_where_the_depth_is_far_from_focus(rng: np.random.Generator) -> None:
    clean = np.clip(smooth_image(rng, 64, 128) + rng.normal(0, 0.15, (64, 128, 3)), 0, 1).astype(np.float32)
    depth = np.tile(np.linspace(0, 1, 128, dtype=np.float32), (64, 1))
    exact = defocus.DefocusRanges(uniform_probability=0, focus=(0, 0), noise_sigma=(0, 0), max_radius=(6, 6))
    blurred, p = defocus.synthesize(clean, 1, exact, depth=depth)
    assert p["focus"] == 0 and p["max_radius"] == 6
    error = np.abs(blurred - clean).mean(axis=(0, 2))
    assert error[:10].mean() < 0.02  # in focus
    assert error[-20:].mean() > 5 * error[:10].mean()


def test_defocus_parameters_stay_in_the_documented_ranges(rng: np.random.Generator) -> None:
    ranges = defocus.DefocusRanges()
    clean = smooth_image(rng, 40, 40)
    shapes = set()
    for seed in range(30):
        _, p = defocus.synthesize(clean, seed)
        assert _within(p["max_radius"], ranges.max_radius)
        assert _within(p["focus"], ranges.focus)
        assert _within(p["ring_inner"], ranges.ring_inner)
        assert _within(p["ring_gain"], ranges.ring_gain)
        assert _within(p["noise_sigma"], ranges.noise_sigma)
        assert 0 <= p["radius_mean"] <= p["max_radius"] + 1e-6
        shapes.add(p["psf"])
    assert shapes == {"disk", "ring"}


def test_random_fields_are_smooth_and_normalised() -> None:
    rng = np.random.default_rng(0)
    field = smooth_field(rng, 64, 96, cells=2)
    assert field.min() == 0 and field.max() == pytest.approx(1)
    assert np.abs(np.diff(field, axis=1)).max() < 0.2
    depth, info = random_depth(rng, 64, 96, np.full((64, 96, 3), 0.5, np.float32))
    assert depth.shape == (64, 96) and depth.min() >= 0 and depth.max() <= 1
    assert set(info["weights"]) == {"ramp", "field", "luminance"}
