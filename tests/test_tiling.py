"""Tiled restoration reproduces the whole-image result, whatever the tiles and wherever features are kept."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest
import torch

from core.errors import CancelledError
from core.network import AKNet, AKNetConfig
from core.progress import CancelToken
from core.restorer import Restorer
from core.tiled.feature_store import FeatureStore
from core.tiled.forward import TiledForward
from core.tiled.lean_bottleneck import lean_bottleneck
from core.tiled.margins import Margins
from core.tiled.planner import TilePlan, plan_tiles
from core.tiled.windows import Window, grid
from tests.conftest import smooth_image


@pytest.fixture(scope="module")
def restorer(reference_weights):
    return Restorer(reference_weights, device="cpu", tile="off")


@pytest.fixture(scope="module")
def image():
    return smooth_image(np.random.default_rng(7), 164, 212)  # not a multiple of 4: padding is exercised


@pytest.fixture(scope="module")
def whole(restorer, image):
    return restorer.restore(image)


def _tiled(restorer, image, plan):
    tensor = torch.from_numpy(image).permute(2, 0, 1).unsqueeze(0)
    padded = torch.nn.functional.pad(tensor, (0, -image.shape[1] % 4, 0, -image.shape[0] % 4), mode="reflect")
    out = TiledForward(restorer.model, torch.device("cpu"), plan)(padded)
    return out[0, :, : image.shape[0], : image.shape[1]].clamp(0, 1).permute(1, 2, 0).numpy()


# Tiles and the whole image differ only by float32 rounding (FFT sizes differ): about 2e-6 measured.
# TOLERANCE leaves headroom for other CPUs, yet a halo one pixel short of the receptive field exceeds it.
TOLERANCE = 1e-5
FLOAT16_SKIPS_TOLERANCE = 1e-4  # skips kept in float16 to save memory: 3e-5 measured


@pytest.mark.parametrize(
    ("plan", "tolerance"),
    [
        (TilePlan(False, 96, 96, full_skip="memory"), TOLERANCE),
        (TilePlan(False, 128, 72, full_skip="recompute"), TOLERANCE),
        (TilePlan(False, 100, 140, full_skip="disk", half_skip="disk"), TOLERANCE),
        (TilePlan(False, 112, 112, skip_dtype=torch.float16, full_skip="memory"), FLOAT16_SKIPS_TOLERANCE),
    ],
    ids=["memory", "recompute", "disk", "float16-skips"],
)
def test_tiled_equals_whole(restorer, image, whole, plan, tolerance):
    assert np.abs(_tiled(restorer, image, plan) - whole).max() <= tolerance


def test_a_halo_one_pixel_short_is_caught(restorer, image, whole, monkeypatch):
    # The full-resolution decoder stage needs 1 + r pixels of context (r: its receptive radius); halos are
    # multiples of 4, so the next narrower halo is short by one pixel at least. The tolerance above sees it.
    margins = Margins.for_blocks(restorer.model.config.num_blocks)
    needed = 1 + 2 * restorer.model.config.num_blocks
    short = dataclasses.replace(margins, decoder_full_in=(needed - 1) // 4 * 4)
    assert needed - 4 < short.decoder_full_in < needed <= margins.decoder_full_in
    monkeypatch.setattr(Margins, "for_blocks", classmethod(lambda cls, blocks: short))
    assert np.abs(_tiled(restorer, image, TilePlan(False, 96, 96, full_skip="memory")) - whole).max() > TOLERANCE


def test_restorer_tiles_on_request_and_reports_it(restorer, image, whole):
    restorer.tile = 100
    try:
        fractions = []
        restored = restorer.restore(image, progress=lambda f, m: fractions.append(f))
    finally:
        restorer.tile = "off"
    assert restorer.last_report.tiled
    assert np.abs(restored - whole).max() <= TOLERANCE
    assert fractions == sorted(fractions) and fractions[-1] == pytest.approx(1.0)


def test_cancel_stops_between_tiles(restorer, image):
    token = CancelToken()
    calls = []

    def progress(fraction, message):
        calls.append(message)
        if len(calls) == 3:
            token.cancel()

    restorer.tile = 96
    try:
        with pytest.raises(CancelledError):
            restorer.restore(image, progress=progress, cancel=token)
    finally:
        restorer.tile = "off"
    assert len(calls) <= 4


def test_lean_bottleneck_equals_the_module():
    torch.manual_seed(0)
    model = AKNet(AKNetConfig(base_channels=8, num_blocks=1, kernel_size=15)).eval()
    with torch.no_grad():
        model.bottleneck.fgm.alpha.normal_()
        x = torch.randn(1, 32, 24, 40)
        expected = model.bottleneck(x)
        assert torch.allclose(lean_bottleneck(model.bottleneck, x.clone(), chunk_channels=5), expected, atol=1e-5)


@pytest.mark.parametrize("height,width,tile", [(64, 64, 64), (100, 36, 40), (1000, 4, 128), (4000, 6000, 1536)])
def test_grid_covers_the_image_once_with_aligned_tiles(height, width, tile):
    covered = np.zeros((height, width), dtype=np.int32)
    for window in grid(height, width, tile):
        assert all(v % 4 == 0 for v in (window.top, window.left, window.bottom, window.right))
        covered[window.top : window.bottom, window.left : window.right] += 1
    assert (covered == 1).all()


@pytest.mark.parametrize("on_disk", [False, True])
def test_feature_store_round_trip(on_disk):
    store = FeatureStore(5, 40, 48, 2, torch.float16, torch.device("cpu"), on_disk=on_disk)
    values = torch.randn(1, 5, 20, 24).half()
    for window in grid(40, 48, 16):
        rows, cols = window.at(2)
        store.write(window, values[..., rows, cols])
    window = Window(4, 8, 36, 44)
    rows, cols = window.at(2)
    assert torch.equal(store.read(window), values[..., rows, cols])
    store.close()


def test_planner_prefers_whole_images_that_fit_and_tiles_large_ones():
    config = AKNetConfig()
    assert plan_tiles(720, 1280, config, torch.float32, "auto", 3 * 2**30).whole
    big = plan_tiles(4000, 6000, config, torch.float32, "auto", 3 * 2**30)
    assert not big.whole and big.encoder_tile >= 512 and big.decoder_tile >= 512
    assert big.skip_dtype == torch.float16 and big.full_skip in ("disk", "recompute")
    assert plan_tiles(720, 1280, config, torch.float32, "off", 1).whole
    forced = plan_tiles(720, 1280, config, torch.float32, 300, 3 * 2**30)
    assert not forced.whole and forced.encoder_tile == forced.decoder_tile == 300


@pytest.fixture(scope="module")
def image_1024_and_whole(reference_weights):
    image = smooth_image(np.random.default_rng(3), 1024, 1024)
    return image, Restorer(reference_weights, device="cpu", tile="off").restore(image)


@pytest.mark.slow
@pytest.mark.parametrize("tile", [300, 512, 1000])
def test_tiled_equals_whole_at_1024(reference_weights, image_1024_and_whole, tile):
    image, whole = image_1024_and_whole
    restorer = Restorer(reference_weights, device="cpu", tile=tile)
    tiled = restorer.restore(image)
    assert restorer.last_report.tiled
    assert np.abs(tiled - whole).max() <= TOLERANCE  # 3.1e-6 measured at each of these tiles
