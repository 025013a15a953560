"""The large-kernel bottleneck over a whole 1/4-scale feature map with two buffers of its size.

`LargeKernelBottleneck.forward` materialises u, f, g, the FGM spectra and the filtered map for
all channels at once; at 24 megapixels each is 0.75 GB. Here the same arithmetic runs in
channel chunks (the FFT parts are per channel) and spatial tiles (the 1×1 parts are per pixel):
- f = |a·u| = |a|·|u| and g = b·f, so mean(f) = |a|·mean(|u|) and g never needs storing;
- the FGM projections of g are 1×1 convolutions of |u| with the per-channel scale folded in;
- the result s of each chunk overwrites the chunk of the input x (only needed for the residual);
- the output projection writes into u's buffer once u is no longer needed.
"""

from __future__ import annotations

from collections.abc import Callable

import torch
from torch.nn import functional as F

from core.network.fft_conv import depthwise_conv_fft
from core.network.large_kernel import LargeKernelBottleneck

ROWS_PER_STEP = 256  # spatial strip height for the per-pixel (1×1) parts


def _strips(height: int) -> list[slice]:
    return [slice(top, min(top + ROWS_PER_STEP, height)) for top in range(0, height, ROWS_PER_STEP)]


def lean_bottleneck(
    block: LargeKernelBottleneck,
    x: torch.Tensor,
    chunk_channels: int = 16,
    tick: Callable[[float], None] | None = None,
) -> torch.Tensor:
    """The bottleneck of `x` (1×C×H×W). Consumes `x` (its buffer is overwritten); returns a new tensor."""
    channels, height = x.shape[1], x.shape[2]
    strips = _strips(height)
    u = torch.empty_like(x)
    sum_u = torch.zeros(channels, dtype=torch.float64, device=x.device)
    sum_abs_u = torch.zeros_like(sum_u)
    for rows in strips:
        part = F.gelu(block.in_proj(x[:, :, rows]))
        u[:, :, rows] = part
        sum_u += part.sum(dim=(0, 2, 3), dtype=torch.float64)
        sum_abs_u += part.abs().sum(dim=(0, 2, 3), dtype=torch.float64)
        del part
    count = x.shape[2] * x.shape[3]
    mean_u = (sum_u / count).to(x.dtype).view(1, -1, 1, 1)
    a = block.gate1(mean_u)
    mean_f = (a.abs().double().view(-1) * (sum_abs_u / count)).to(x.dtype).view(1, -1, 1, 1)
    g_scale = (block.gate2(mean_f) * a.abs()).view(-1)  # g = g_scale ⊙ |u|
    fgm = block.fgm
    filter_weight = fgm.filter_proj.weight * g_scale.view(1, -1, 1, 1)
    signal_weight = fgm.signal_proj.weight * g_scale.view(1, -1, 1, 1)
    kernel, kernel_bias = block.combined_kernel()
    chunks = list(range(0, channels, chunk_channels))
    for done, start in enumerate(chunks):
        stop = min(start + chunk_channels, channels)
        spectral_filter = torch.empty((1, stop - start, *x.shape[2:]), dtype=x.dtype, device=x.device)
        signal = torch.empty_like(spectral_filter)
        for rows in strips:
            magnitude = u[:, :, rows].abs()
            spectral_filter[:, :, rows] = F.conv2d(
                magnitude, filter_weight[start:stop], fgm.filter_proj.bias[start:stop]
            )
            signal[:, :, rows] = F.conv2d(magnitude, signal_weight[start:stop], fgm.signal_proj.bias[start:stop])
            del magnitude
        spectrum = torch.fft.fft2(signal.float())
        del signal
        spectrum *= spectral_filter.float()
        del spectral_filter
        response = torch.fft.ifft2(spectrum).abs().to(x.dtype)
        del spectrum
        u_chunk = u[:, start:stop]
        s = fgm.alpha[start:stop] * response + fgm.beta[start:stop] * (
            g_scale[start:stop].view(-1, 1, 1) * u_chunk.abs()
        )
        del response
        s += depthwise_conv_fft(u_chunk, kernel[start:stop], kernel_bias[start:stop])
        x[:, start:stop] += s
        del s
        if tick is not None:
            tick((done + 1) / len(chunks))
    for rows in strips:  # u is spent: the output goes into its buffer
        u[:, :, rows] = block.out_proj(F.relu(x[:, :, rows]))
    return u
