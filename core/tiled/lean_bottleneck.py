"""The large-kernel bottleneck over a whole 1/4-scale feature map, in about two buffers of its size.

`LargeKernelBottleneck.forward` materialises u, f, g, the FGM spectra and the filtered map for
all channels at once; at 24 megapixels each is 0.75 GB. Here the same arithmetic runs in
channel chunks (the FFT parts are per channel) and pixel ranges (the 1×1 parts are per pixel):
- f = |a·u| = |a|·|u| and g = b·f, so mean(f) = |a|·mean(|u|) and g never needs storing;
- u is kept as |u| plus its sign (one byte), since everything but the spatial filters needs |u|;
- the FGM projections of g are matrix products with |u|, the per-channel scale folded in;
- the result s of each chunk overwrites that chunk of the input x (only needed for the residual);
- the output projection writes into the |u| buffer once it is no longer needed.
The 1×1 convolutions are plain matrix products over (channels × pixels) views.
"""

from __future__ import annotations

from collections.abc import Callable

import torch
from torch.nn import functional as F

from core.network.fft_conv import depthwise_conv_fft
from core.network.large_kernel import LargeKernelBottleneck

PIXELS_PER_STEP = 1 << 16  # pixel range of the per-pixel parts (keeps their temporaries small)


def _ranges(count: int) -> list[slice]:
    return [slice(start, min(start + PIXELS_PER_STEP, count)) for start in range(0, count, PIXELS_PER_STEP)]


def _matrix(conv: torch.nn.Conv2d) -> torch.Tensor:
    return conv.weight.view(conv.out_channels, conv.in_channels)


def lean_bottleneck(
    block: LargeKernelBottleneck,
    x: torch.Tensor,
    chunk_channels: int = 16,
    tick: Callable[[float], None] | None = None,
) -> torch.Tensor:
    """The bottleneck of `x` (1×C×H×W, contiguous). Consumes `x` (its buffer is overwritten)."""
    channels, height, width = x.shape[1:]
    pixels = height * width
    flat_x = x.view(channels, pixels)
    abs_u = torch.empty_like(x)
    flat_abs_u = abs_u.view(channels, pixels)
    negative = torch.empty((channels, pixels), dtype=torch.bool, device=x.device)
    sum_u = torch.zeros(channels, dtype=torch.float64, device=x.device)
    sum_abs_u = torch.zeros_like(sum_u)
    in_bias = block.in_proj.bias.view(-1, 1)
    for part in _ranges(pixels):
        u = F.gelu(torch.addmm(in_bias, _matrix(block.in_proj), flat_x[:, part]))
        sum_u += u.sum(dim=1, dtype=torch.float64)
        torch.lt(u, 0, out=negative[:, part])
        u.abs_()
        sum_abs_u += u.sum(dim=1, dtype=torch.float64)
        flat_abs_u[:, part] = u
        del u
    mean_u = (sum_u / pixels).to(x.dtype).view(1, -1, 1, 1)
    a = block.gate1(mean_u)
    mean_f = (a.abs().double().view(-1) * (sum_abs_u / pixels)).to(x.dtype).view(1, -1, 1, 1)
    g_scale = (block.gate2(mean_f) * a.abs()).view(-1)  # g = g_scale ⊙ |u|
    fgm = block.fgm
    filter_matrix = _matrix(fgm.filter_proj) * g_scale.view(1, -1)
    signal_matrix = _matrix(fgm.signal_proj) * g_scale.view(1, -1)
    kernel, kernel_bias = block.combined_kernel()
    chunks = list(range(0, channels, chunk_channels))
    for done, start in enumerate(chunks):
        rows = slice(start, min(start + chunk_channels, channels))
        signal = torch.addmm(fgm.signal_proj.bias[rows].view(-1, 1), signal_matrix[rows], flat_abs_u)
        spectrum = torch.fft.fft2(signal.float().view(1, -1, height, width))
        del signal
        spectral_filter = torch.addmm(fgm.filter_proj.bias[rows].view(-1, 1), filter_matrix[rows], flat_abs_u)
        spectrum *= spectral_filter.float().view(1, -1, height, width)
        del spectral_filter
        response = torch.fft.ifft2(spectrum).abs().to(x.dtype)
        del spectrum
        abs_chunk = abs_u[:, rows]
        u_chunk = torch.where(negative[rows].view(1, -1, height, width), -abs_chunk, abs_chunk)
        s = depthwise_conv_fft(u_chunk, kernel[rows], kernel_bias[rows])
        del u_chunk
        s += fgm.alpha[rows] * response
        del response
        s += (fgm.beta[rows].view(-1) * g_scale[rows]).view(1, -1, 1, 1) * abs_chunk
        x[:, rows] += s
        del s
        if tick is not None:
            tick((done + 1) / len(chunks))
    del negative
    out_bias = block.out_proj.bias.view(-1, 1)
    for part in _ranges(pixels):  # |u| is spent: the output goes into its buffer
        flat_abs_u[:, part] = torch.addmm(out_bias, _matrix(block.out_proj), F.relu(flat_x[:, part]))
    return abs_u
