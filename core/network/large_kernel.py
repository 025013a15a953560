"""The large-kernel bottleneck of AKNet: two channel gates, the frequency gating module (FGM) and
63×63 / 1×63 / 63×1 depthwise convolutions, each with an exact fast path beside the plain one."""

from __future__ import annotations

import torch
from torch import nn
from torch.nn import functional as F

from core.network.fft_conv import depthwise_conv_direct, depthwise_conv_fft, fft_input


def real_fft2(x: torch.Tensor) -> torch.Tensor:
    """torch.fft.fft2 of a real tensor, from its half spectrum (rfft2) and the symmetry X(−k, −l) = conj X(k, l):
    the same values, in less time at the bottleneck's sizes, whose factors (e.g. 53 and 31) make every transform
    slow there (the FGM 15–30% faster on a Zen 4 EPYC; docs/performance.md)."""
    width = x.shape[-1]
    half = torch.fft.rfft2(x)
    kept = half.shape[-1]
    spectrum = torch.empty(x.shape, dtype=half.dtype, device=x.device)
    spectrum[..., :kept] = half
    if width > kept:  # columns l = kept … width−1 mirror columns width−l = width−kept … 1, rows k ↔ −k mod h
        mirrored = half[..., 1 : width - kept + 1].flip(-2, -1)  # row j of it is row h−1−j
        spectrum[..., :1, kept:] = mirrored[..., -1:, :].conj()
        spectrum[..., 1:, kept:] = mirrored[..., :-1, :].conj()
    return spectrum


class FGM(nn.Module):
    """Frequency gating: a learned spatial map filters the spectrum of a second projection."""

    def __init__(self, dim: int) -> None:
        super().__init__()
        self.filter_proj = nn.Conv2d(dim, dim, 1)
        self.signal_proj = nn.Conv2d(dim, dim, 1)
        self.alpha = nn.Parameter(torch.zeros(dim, 1, 1))
        self.beta = nn.Parameter(torch.ones(dim, 1, 1))
        self.fast = True

    def forward(self, g: torch.Tensor) -> torch.Tensor:
        spectral_filter = fft_input(self.filter_proj(g))
        signal = fft_input(self.signal_proj(g))
        spectrum = real_fft2(signal) if self.fast else torch.fft.fft2(signal)
        response = torch.fft.ifft2(spectral_filter * spectrum).abs().to(g.dtype)
        return self.alpha * response + self.beta * g


class LargeKernelBottleneck(nn.Module):
    """AKNet's bottleneck at 1/4 resolution (the published `bottelneck`)."""

    def __init__(self, dim: int, kernel_size: int = 63) -> None:
        super().__init__()
        half, quarter = dim // 2, dim // 4
        rest = dim - half - quarter
        pad = kernel_size // 2
        self.in_proj = nn.Conv2d(dim, dim, 1)
        self.gate1 = nn.Conv2d(dim, dim, 1)
        self.gate2 = nn.Conv2d(dim, dim, 1)
        self.fgm = FGM(dim)
        self.square_kernel = nn.Conv2d(half, half, kernel_size, padding=pad, groups=half)
        self.row_kernel = nn.Conv2d(quarter, quarter, (1, kernel_size), padding=(0, pad), groups=quarter)
        self.column_kernel = nn.Conv2d(rest, rest, (kernel_size, 1), padding=(pad, 0), groups=rest)
        self.pointwise_scale = nn.Conv2d(dim, dim, 1, groups=dim)
        self.out_proj = nn.Conv2d(dim, dim, 1)
        self.kernel_size = kernel_size
        self.fast = True

    def first_gate(self, u: torch.Tensor) -> torch.Tensor:
        """|IFFT2(a · FFT2(u))| with a = gate1(mean(u)); a is real and spatially constant, so this is |a·u|."""
        a = self.gate1(u.mean(dim=(-2, -1), keepdim=True))
        if self.fast:
            return (a * u).abs()
        return torch.fft.ifft2(torch.fft.fft2(fft_input(u)) * a.float()).abs().to(u.dtype)

    def combined_kernel(self) -> tuple[torch.Tensor, torch.Tensor]:
        """All per-channel spatial filters of u (square, row, column and the 1×1 scale) as one k×k kernel."""
        center = self.kernel_size // 2
        row = F.pad(self.row_kernel.weight, (0, 0, center, center))
        column = F.pad(self.column_kernel.weight, (center, center, 0, 0))
        weight = torch.cat([self.square_kernel.weight, row, column], dim=0)
        scale = F.pad(self.pointwise_scale.weight, (center, center, center, center))
        weight = weight + scale
        bias = torch.cat([self.square_kernel.bias, self.row_kernel.bias, self.column_kernel.bias])
        return weight, bias + self.pointwise_scale.bias

    def spatial_filters(self, u: torch.Tensor) -> torch.Tensor:
        """concat(square(u₀), row(u₁), column(u₂)) + pointwise_scale(u)."""
        if self.fast:
            weight, bias = self.combined_kernel()
            return depthwise_conv_fft(u, weight, bias)
        half, quarter = self.square_kernel.out_channels, self.row_kernel.out_channels
        parts = [
            depthwise_conv_direct(u[:, :half], self.square_kernel.weight, self.square_kernel.bias),
            depthwise_conv_direct(u[:, half : half + quarter], self.row_kernel.weight, self.row_kernel.bias),
            depthwise_conv_direct(u[:, half + quarter :], self.column_kernel.weight, self.column_kernel.bias),
        ]
        return torch.cat(parts, dim=1) + self.pointwise_scale(u)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        u = F.gelu(self.in_proj(x))
        f = self.first_gate(u)
        g = self.gate2(f.mean(dim=(-2, -1), keepdim=True)) * f
        del f
        s = self.fgm(g)
        del g
        s = s + self.spatial_filters(u) + x
        return self.out_proj(F.relu(s))
