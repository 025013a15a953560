"""Property-based checks (hypothesis) of the exact reformulations and of the tile geometry."""

from __future__ import annotations

import numpy as np
import torch
from hypothesis import given, settings
from hypothesis import strategies as st

from core.network.fft_conv import depthwise_conv_direct, depthwise_conv_fft
from core.network.freq_fusion import reassemble_shifted, reassemble_unfold, reassemble_upsampled
from core.restorer import pad_to_multiple
from core.tiled.windows import Window, grid

FAST = settings(max_examples=25, deadline=None)


@FAST
@given(
    height=st.integers(1, 40),
    width=st.integers(1, 40),
    kh=st.sampled_from([1, 3, 7, 15]),
    kw=st.sampled_from([1, 3, 7, 15]),
    seed=st.integers(0, 2**16),
)
def test_fft_depthwise_conv_equals_direct_for_any_size(height, width, kh, kw, seed):
    generator = torch.Generator().manual_seed(seed)
    x = torch.randn(1, 3, height, width, generator=generator)
    weight = torch.randn(3, 1, kh, kw, generator=generator)
    bias = torch.randn(3, generator=generator)
    expected = depthwise_conv_direct(x, weight, bias)
    assert torch.allclose(depthwise_conv_fft(x, weight, bias), expected, atol=1e-4 * (1 + expected.abs().max()))


@FAST
@given(height=st.integers(1, 12), width=st.integers(1, 12), size=st.sampled_from([3, 5]), seed=st.integers(0, 2**16))
def test_reassembly_paths_agree_for_any_size(height, width, size, seed):
    generator = torch.Generator().manual_seed(seed)
    low = torch.randn(1, 2, height, width, generator=generator)
    kernels = torch.rand(1, size * size, 2 * height, 2 * width, generator=generator)
    up = torch.nn.functional.interpolate(low, scale_factor=2, mode="nearest")
    assert torch.allclose(reassemble_shifted(up, kernels, size), reassemble_unfold(up, kernels, size), atol=1e-5)
    if size == 5:
        assert torch.allclose(reassemble_upsampled(low, kernels), reassemble_unfold(up, kernels, 5) + up, atol=1e-5)


@FAST
@given(height=st.integers(1, 300).map(lambda v: v * 4), width=st.integers(1, 300).map(lambda v: v * 4),
       tile=st.integers(8, 2000))  # fmt: skip
def test_tiles_cover_every_pixel_once_on_the_quarter_grid(height, width, tile):
    count = np.zeros((height // 4, width // 4), dtype=np.int32)
    for window in grid(height, width, tile):
        rows, cols = window.at(4)
        count[rows, cols] += 1
        grown = window.grown(76, height, width)
        assert 0 <= grown.top <= window.top and window.bottom <= grown.bottom <= height
        assert all(v % 4 == 0 for v in (grown.top, grown.left, grown.bottom, grown.right))
    assert (count == 1).all()


@FAST
@given(height=st.integers(1, 30), width=st.integers(1, 30))
def test_padding_reaches_a_multiple_of_four_and_keeps_the_image(height, width):
    image = torch.rand(1, 3, height, width)
    padded = pad_to_multiple(image)
    assert padded.shape[-2] % 4 == 0 and padded.shape[-1] % 4 == 0
    assert padded.shape[-2] == max(8, height + (-height % 4)) and padded.shape[-1] == max(8, width + (-width % 4))
    assert torch.equal(padded[..., :height, :width], image)


def test_window_slices_are_relative_to_the_outer_window():
    outer, inner = Window(8, 16, 48, 64), Window(12, 20, 40, 60)
    rows, cols = inner.within(outer, 2)
    assert (rows.start, rows.stop, cols.start, cols.stop) == (2, 16, 2, 22)
