"""The network reproduces the published reference, and every fast path equals its plain twin."""

from __future__ import annotations

import numpy as np
import pytest
import torch

from core.network import AKNet, AKNetConfig
from core.network.blocks import BasicConv, add_into_fresh
from core.network.checkpoint import load_checkpoint
from core.network.fft_conv import depthwise_conv_direct, depthwise_conv_fft, fft_size
from core.network.freq_fusion import (
    hamming_window,
    normalise_kernels,
    reassemble_shifted,
    reassemble_unfold,
    reassemble_upsampled,
    reassemble_upsampled_logits,
)
from core.network.large_kernel import real_fft2
from core.restorer import Restorer


@pytest.fixture(scope="module")
def reference_model(reference_weights):
    return load_checkpoint(reference_weights).build_model()


@pytest.mark.parametrize("fast", [True, False], ids=["fast", "plain"])
def test_network_outputs_match_reference(reference_model, reference_io, fast):
    reference_model.set_fast_paths(fast)
    with torch.no_grad():
        outputs = reference_model(torch.from_numpy(reference_io["net_input"]))
    reference_model.set_fast_paths(True)
    for index, output in enumerate(outputs):
        expected = reference_io[f"net_output_{index}"]
        assert output.shape == expected.shape
        assert np.abs(output.numpy() - expected).max() <= 1e-4


def test_restoration_path_matches_reference(reference_weights, reference_io):
    restorer = Restorer(reference_weights, device="cpu", tile="off")
    image = reference_io["restore_input"][0].transpose(1, 2, 0)  # 61×93: padded to 64×96 and cropped back
    restored = restorer.restore(image)
    expected = reference_io["restore_output"][0].transpose(1, 2, 0)
    assert restored.shape == expected.shape
    assert np.abs(restored - expected).max() <= 1e-4


def test_fast_and_plain_paths_agree_on_a_fresh_model():
    torch.manual_seed(0)
    model = AKNet(AKNetConfig(base_channels=8, num_blocks=1, kernel_size=15)).eval()
    with torch.no_grad():  # perturb the gates so that every branch matters
        model.bottleneck.fgm.alpha.normal_()
    x = torch.rand(1, 3, 40, 56)
    with torch.no_grad():
        fast = model.set_fast_paths(True)(x)[-1]
        plain = model.set_fast_paths(False)(x)[-1]
    assert torch.allclose(fast, plain, atol=1e-5)


@pytest.mark.parametrize("shape", [(1, 1, 63), (1, 63, 1), (1, 63, 63), (1, 5, 7)])
def test_fft_depthwise_conv_equals_direct(shape):
    torch.manual_seed(1)
    channels, kh, kw = 4, shape[1], shape[2]
    x = torch.randn(2, channels, 37, 50)
    weight = torch.randn(channels, 1, kh, kw)
    bias = torch.randn(channels)
    assert torch.allclose(depthwise_conv_fft(x, weight, bias), depthwise_conv_direct(x, weight, bias), atol=1e-4)


def test_fft_size_is_smooth_and_not_smaller():
    for n in [1, 7, 11, 97, 211, 1031, 4096]:
        size = fft_size(n)
        assert size >= n
        m = size
        for p in (2, 3, 5, 7):
            while m % p == 0:
                m //= p
        assert m == 1


# Bytes per row chunk of the CPU reassembly: the default (one chunk here), one row per chunk, and a few rows
# with a shorter last chunk.
CHUNK_BYTES = [None, 1, 600]


@pytest.fixture(params=CHUNK_BYTES, ids=["whole", "one_row", "few_rows"])
def chunk_bytes(request, monkeypatch):
    """Run the reassembly in row chunks of the given byte size."""
    if request.param is not None:
        monkeypatch.setattr("core.network.freq_fusion.CPU_CHUNK_BYTES", request.param)
    return request.param


@pytest.mark.parametrize("size", [3, 5])
def test_shifted_reassembly_equals_unfold(size, chunk_bytes):
    torch.manual_seed(2)
    feature = torch.randn(1, 6, 13, 17)
    kernels = torch.rand(1, size * size, 13, 17)
    expected = reassemble_unfold(feature, kernels, size)
    assert torch.allclose(reassemble_shifted(feature, kernels, size), expected, atol=1e-5)


def test_fast_paths_are_differentiable_with_the_plain_gradients():
    torch.manual_seed(3)
    config = AKNetConfig(base_channels=8, num_blocks=1, kernel_size=9)
    x = torch.rand(1, 3, 32, 32)
    grads = []
    for fast in (True, False):
        torch.manual_seed(4)
        model = AKNet(config).set_fast_paths(fast)
        loss = sum(out.square().mean() for out in model(x))
        loss.backward()
        grads.append({n: p.grad.clone() for n, p in model.named_parameters() if p.grad is not None})
    assert grads[0].keys() == grads[1].keys()
    for name in grads[0]:
        assert torch.allclose(grads[0][name], grads[1][name], atol=1e-4, rtol=1e-3), name


def test_upsampled_reassembly_equals_reassembling_the_upsampled_feature(chunk_bytes):
    torch.manual_seed(5)
    low = torch.randn(2, 4, 7, 9, requires_grad=True)
    kernels = torch.rand(2, 25, 14, 18, requires_grad=True)
    up = torch.nn.functional.interpolate(low, scale_factor=2, mode="nearest")
    expected = reassemble_unfold(up, kernels, 5) + up
    fast = reassemble_upsampled(low, kernels)
    assert torch.allclose(fast, expected, atol=1e-5)
    grads_fast = torch.autograd.grad(fast.square().sum(), (low, kernels))
    grads_plain = torch.autograd.grad(expected.square().sum(), (low, kernels))
    for a, b in zip(grads_fast, grads_plain, strict=True):
        assert torch.allclose(a, b, atol=1e-4)


@pytest.mark.parametrize("channels_last", [False, True])
def test_lowpass_from_logits_equals_the_plain_fusion_in_both_layouts(channels_last):
    torch.manual_seed(6)
    layout = torch.channels_last if channels_last else torch.contiguous_format
    low = (4 * torch.randn(2, 5, 6, 9)).contiguous(memory_format=layout).requires_grad_()
    logits = (3 * torch.randn(2, 25, 12, 18)).contiguous(memory_format=layout).requires_grad_()
    window = hamming_window(5)
    up = torch.nn.functional.interpolate(low, scale_factor=2, mode="nearest")
    expected = reassemble_unfold(up, normalise_kernels(logits, window), 5) + up
    fast = reassemble_upsampled_logits(low, logits, window)
    assert fast.is_contiguous(memory_format=layout)
    assert (fast - expected).abs().max() < 2e-6 * expected.abs().max()
    grads_fast = torch.autograd.grad(fast.square().sum(), (low, logits))
    grads_plain = torch.autograd.grad(expected.square().sum(), (low, logits))
    for a, b in zip(grads_fast, grads_plain, strict=True):
        assert (a - b).abs().max() < 1e-5 * b.abs().max()
    with torch.inference_mode():  # and the in-place start used without autograd gives the same values
        assert torch.equal(reassemble_upsampled_logits(low, logits, window), fast.detach())


def test_kernel_softmax_is_the_same_in_both_layouts():
    torch.manual_seed(7)
    logits = 5 * torch.randn(1, 9, 7, 11)
    plain = normalise_kernels(logits, hamming_window(3))
    channels_last = normalise_kernels(logits.contiguous(memory_format=torch.channels_last), hamming_window(3))
    assert torch.allclose(channels_last, plain, atol=1e-7)
    assert torch.allclose(plain.sum(dim=1), torch.ones(1, 7, 11))


@pytest.mark.parametrize("channels_last", [False, True])
def test_reassembly_gradients_pass_gradcheck(channels_last, chunk_bytes):
    """The hand-written backward of the shifted-view reassembly, against finite differences (float64)."""
    torch.manual_seed(8)
    layout = torch.channels_last if channels_last else torch.contiguous_format
    feature = torch.randn(1, 3, 5, 6, dtype=torch.float64).contiguous(memory_format=layout).requires_grad_()
    kernels = torch.rand(1, 9, 5, 6, dtype=torch.float64).contiguous(memory_format=layout).requires_grad_()
    assert torch.autograd.gradcheck(lambda f, k: reassemble_shifted(f, k, 3), (feature, kernels))
    low = torch.randn(1, 2, 3, 4, dtype=torch.float64).contiguous(memory_format=layout).requires_grad_()
    taps = torch.rand(1, 25, 6, 8, dtype=torch.float64).contiguous(memory_format=layout).requires_grad_()
    assert torch.autograd.gradcheck(reassemble_upsampled, (low, taps))


def test_restoring_writes_activations_and_sums_in_place_with_the_training_results_and_the_input_kept():
    torch.manual_seed(3)
    model = AKNet(AKNetConfig(base_channels=8, num_blocks=1, kernel_size=7)).eval()
    image = torch.rand(1, 3, 32, 48)
    kept = image.clone()
    trained = model(image)  # autograd on: every GELU and residual sum allocates its result
    with torch.no_grad():
        restored = model(image)  # in place where nothing else holds the tensor
    assert torch.equal(image, kept)
    for a, b in zip(trained, restored, strict=True):
        assert torch.equal(a.detach(), b)
    with torch.autocast("cpu", dtype=torch.bfloat16), torch.no_grad():
        mixed = model(image)  # a bfloat16 sum into a float32 stream keeps float32, as out of place
    assert all(output.dtype == torch.float32 for output in mixed)
    fresh, stream = torch.ones(2, dtype=torch.bfloat16), torch.full((2,), 0.5)
    with torch.no_grad():
        total = add_into_fresh(fresh, stream)
    assert total.dtype == torch.float32 and torch.equal(fresh, torch.ones(2, dtype=torch.bfloat16))


def test_a_merge_of_channels_last_parts_equals_the_convolution_of_their_concatenation_in_both_passes():
    torch.manual_seed(5)
    block = BasicConv(12, 5, 1)  # 4 + 8 channels in, as merge_full's 3c → c
    cl = torch.channels_last
    hr = torch.randn(2, 4, 6, 10).contiguous(memory_format=cl).requires_grad_()
    lr = torch.randn(2, 8, 6, 10).contiguous(memory_format=cl).requires_grad_()
    merged = block(hr, lr)
    assert merged.is_contiguous(memory_format=cl)
    grads = torch.autograd.grad(merged.square().sum(), (hr, lr, block.conv.weight, block.conv.bias))
    block.fast = False  # the plain path: torch.cat, then the convolution
    plain = block(hr, lr)
    plain_grads = torch.autograd.grad(plain.square().sum(), (hr, lr, block.conv.weight, block.conv.bias))
    torch.testing.assert_close(merged, plain, rtol=1e-5, atol=1e-6)
    for a, b in zip(grads, plain_grads, strict=True):
        torch.testing.assert_close(a, b, rtol=1e-5, atol=1e-5)
    with torch.no_grad(), torch.autocast("cpu", dtype=torch.bfloat16):
        block.fast = True
        mixed = block(hr, lr)  # under autocast the parts are multiplied in bfloat16, as the convolution would be
    assert mixed.dtype == torch.bfloat16
    torch.testing.assert_close(mixed.float(), plain.detach(), rtol=0.05, atol=0.05)
    cropped = block(hr[..., 1:5, 2:9], lr[..., 1:5, 2:9])  # the tiled path's cropped views
    torch.testing.assert_close(cropped, plain[..., 1:5, 2:9], rtol=1e-5, atol=1e-6)


@pytest.mark.parametrize("shape", [(2, 3, 7, 5), (1, 2, 6, 8), (1, 1, 1, 1), (1, 2, 9, 1), (1, 2, 1, 9), (1, 1, 53, 6)])
def test_real_fft2_is_fft2_of_a_real_tensor_values_and_gradients(shape):
    torch.manual_seed(2)
    x = torch.randn(*shape, dtype=torch.float64, requires_grad=True)
    expected, got = torch.fft.fft2(x), real_fft2(x)
    assert torch.allclose(got, expected, atol=1e-10)
    weights = torch.randn(shape, dtype=torch.complex128)
    (expected_grad,) = torch.autograd.grad((expected * weights).abs().sum(), x)
    (got_grad,) = torch.autograd.grad((got * weights).abs().sum(), x)
    assert torch.allclose(got_grad, expected_grad, atol=1e-10)
