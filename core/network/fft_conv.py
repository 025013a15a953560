"""Depthwise convolution with large kernels, directly and through the FFT (same result)."""

from __future__ import annotations

import functools

import torch
from torch.nn import functional as F


@functools.lru_cache(maxsize=256)
def fft_size(n: int) -> int:
    """The smallest integer ≥ n whose prime factors are 2, 3, 5 and 7 (fast FFT sizes)."""
    size = max(1, n)
    while True:
        m = size
        for p in (2, 3, 5, 7):
            while m % p == 0:
                m //= p
        if m == 1:
            return size
        size += 1


def depthwise_conv_direct(x: torch.Tensor, weight: torch.Tensor, bias: torch.Tensor | None) -> torch.Tensor:
    """Depthwise cross-correlation with zero 'same' padding (odd kernel sizes), as nn.Conv2d does it."""
    kh, kw = weight.shape[-2:]
    return F.conv2d(x, weight, bias, padding=(kh // 2, kw // 2), groups=x.shape[1])


def fft_input(x: torch.Tensor) -> torch.Tensor:
    """`x` as float32 in the default (row-major) layout, ready for torch.fft.

    torch 2.13's CPU fft2/ifft2 corrupt the heap (the process aborts with "malloc(): invalid size") on
    channels-last tensors that are much wider than tall, e.g. 1×4×2×500: the bottleneck of a 8×2000 photo.
    A row-major copy is cheap next to the transform and gives the same result.
    """
    return x.float().contiguous()


def depthwise_conv_fft(x: torch.Tensor, weight: torch.Tensor, bias: torch.Tensor | None) -> torch.Tensor:
    """The same depthwise convolution as `depthwise_conv_direct`, computed in the frequency domain.

    Circular convolution of length ≥ n + k//2 has no wrap-around inside the cropped window, so
    the result equals zero-padded linear convolution up to float rounding.
    """
    kh, kw = weight.shape[-2:]
    height, width = x.shape[-2:]
    ph, pw = kh // 2, kw // 2
    size = (fft_size(height + ph), fft_size(width + pw))
    dtype = x.dtype
    # FFTs run in float32: half-precision FFTs are limited to powers of two and lose accuracy.
    spectrum = torch.fft.rfft2(fft_input(x), s=size)
    kernel = torch.fft.rfft2(weight.float().flip(-2, -1)[:, 0], s=size)
    spectrum = spectrum * kernel
    y = torch.fft.irfft2(spectrum.contiguous(), s=size)[..., ph : ph + height, pw : pw + width]
    if bias is not None:
        y = y + bias.float().view(1, -1, 1, 1)
    return y.to(dtype)
