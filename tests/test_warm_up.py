"""The warm-up: one small restore right after loading, of the shapes the first real photo will use."""

from __future__ import annotations

import numpy as np

from core.engine import WARM_UP_SIDE, create_restorer, warm_up


def _sizes_restored(engine) -> list[tuple[int, ...]]:
    seen: list[tuple[int, ...]] = []
    restore = engine.restore

    def spy(image, *args, **kwargs):
        seen.append(image.shape)
        return restore(image, *args, **kwargs)

    engine.restore = spy
    warm_up(engine)
    return seen


def test_a_haze_model_warms_up_at_its_working_size_and_an_image_model_at_a_small_one():
    dehaze = create_restorer("dehaze", device="cpu")  # the bundled haze-output weights
    assert dehaze.checkpoint.config.output == "haze"
    side = dehaze.working_side
    assert _sizes_restored(dehaze) == [(side * 3 // 4, side, 3)]
    assert dehaze.last_report is not None  # it really ran the network
    desnow = create_restorer("desnow", device="cpu")  # image output: the photo's size is not known in advance
    assert desnow.checkpoint.config.output == "image"
    assert _sizes_restored(desnow) == [(WARM_UP_SIDE * 3 // 4, WARM_UP_SIDE, 3)]


def test_the_classic_method_has_nothing_to_warm_up():
    classic = create_restorer("classic-dehaze")
    assert _sizes_restored(classic) == []
    assert np.isfinite(classic.restore(np.full((8, 8, 3), 0.5, np.float32))).all()
