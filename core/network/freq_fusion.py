"""Frequency-aware fusion (FreqFusion) of a skip feature and an upsampled decoder feature.

The reassembly (CARAFE with up-factor 1, zero outside the image) has two paths: the plain
one gathers every k×k neighbourhood with `unfold` (k² copies of the feature), the fast one
sums k² shifted views weighted by their kernel tap, which needs no copy. The low-pass branch
reassembles a nearest-upsampled feature, whose 5×5 neighbourhoods hold only 3×3 distinct
source pixels: the fast path sums the kernel taps that share a source pixel and works on the
half-resolution feature directly (9 taps instead of 25, and no upsampled copy).
"""

from __future__ import annotations

import numpy as np
import torch
from torch import nn
from torch.nn import functional as F


def hamming_window(size: int) -> torch.Tensor:
    """The fixed 2-D Hamming window (outer product of numpy.hamming) as a 1×1×k×k tensor."""
    window = np.outer(np.hamming(size), np.hamming(size))
    return torch.tensor(window, dtype=torch.float32).view(1, 1, size, size)


def normalise_kernels(logits: torch.Tensor, window: torch.Tensor) -> torch.Tensor:
    """Per-pixel kernels from k² logit channels: softmax, Hamming window, unit sum."""
    kernels = logits.softmax(dim=1) * window.reshape(1, -1, 1, 1).to(logits.dtype)
    return kernels / kernels.sum(dim=1, keepdim=True)


def reassemble_unfold(feature: torch.Tensor, kernels: torch.Tensor, size: int) -> torch.Tensor:
    """out(c,y,x) = Σ_t feature(c, y+dy−k//2, x+dx−k//2)·K(t,y,x), gathering neighbourhoods with unfold."""
    n, c, h, w = feature.shape
    patches = F.unfold(feature, size, padding=size // 2).view(n, c, size * size, h, w)
    return torch.einsum("nckhw,nkhw->nchw", patches, kernels)


def reassemble_shifted(feature: torch.Tensor, kernels: torch.Tensor, size: int) -> torch.Tensor:
    """The same reassembly as `reassemble_unfold`, as a sum of k² shifted views (no k²-fold copy)."""
    h, w = feature.shape[-2:]
    pad = size // 2
    padded = F.pad(feature, (pad, pad, pad, pad))
    out = None
    for dy in range(size):
        for dx in range(size):
            tap = dy * size + dx
            view = padded[..., dy : dy + h, dx : dx + w]
            weight = kernels[:, tap : tap + 1]
            out = view * weight if out is None else out.addcmul_(view, weight)
    assert out is not None
    return out


# Which source row (0, 1, 2 ↔ offset −1, 0, +1) each of the 5 taps of a nearest-upsampled feature
# reads, for even and odd output rows (the same holds for columns).
_UPSAMPLED_TAP_GROUPS = {0: ((0, 1), (2, 3), (4,)), 1: ((0,), (1, 2), (3, 4))}


def reassemble_upsampled(low: torch.Tensor, kernels: torch.Tensor) -> torch.Tensor:
    """reassemble(up(low), kernels, 5) + up(low), with up = nearest ×2, computed at low resolution."""
    n, c, h, w = low.shape
    padded = F.pad(low, (1, 1, 1, 1))
    out = low.new_empty((n, c, 2 * h, 2 * w))
    taps = kernels.view(n, 5, 5, 2 * h, 2 * w)
    for row_parity, row_groups in _UPSAMPLED_TAP_GROUPS.items():
        rows = taps[..., row_parity::2, :]
        row_sums = [sum(rows[:, dy] for dy in group) for group in row_groups]
        for col_parity, col_groups in _UPSAMPLED_TAP_GROUPS.items():
            target = out[..., row_parity::2, col_parity::2]
            first = True
            for a, row_sum in enumerate(row_sums):
                cols = row_sum[..., col_parity::2]
                for b, group in enumerate(col_groups):
                    weight = sum(cols[:, dx] for dx in group)
                    if a == 1 and b == 1:
                        weight = weight + 1  # the "+ up(low)" term reads the centre source pixel
                    view = padded[..., a : a + h, b : b + w]
                    if first:
                        target.copy_(view * weight.unsqueeze(1))
                        first = False
                    else:
                        target.addcmul_(view, weight.unsqueeze(1))
    return out


class FreqFusion(nn.Module):
    """Fuses a high-resolution skip feature with a half-resolution decoder feature."""

    def __init__(self, hr_channels: int, lr_channels: int) -> None:
        super().__init__()
        compressed = hr_channels // 2
        self.hr_compress = nn.Conv2d(hr_channels, compressed, 1)
        self.lr_compress = nn.Conv2d(lr_channels, compressed, 1)
        self.lowpass_encoder = nn.Conv2d(compressed, 25, 3, padding=1)
        self.highpass_encoder = nn.Conv2d(compressed, 9, 3, padding=1)
        self.register_buffer("lowpass_window", hamming_window(5))
        self.register_buffer("highpass_window", hamming_window(3))
        self.fast = True

    def reassemble(self, feature: torch.Tensor, kernels: torch.Tensor, size: int) -> torch.Tensor:
        """Content-aware reassembly with per-pixel k×k kernels."""
        if self.fast:
            return reassemble_shifted(feature, kernels, size)
        return reassemble_unfold(feature, kernels, size)

    def forward(self, hr: torch.Tensor, lr: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        """Return (low-pass-upsampled lr, high-frequency part of hr)."""
        z = F.interpolate(self.lr_compress(lr), scale_factor=2, mode="nearest") + self.hr_compress(hr)
        lowpass = normalise_kernels(self.lowpass_encoder(z), self.lowpass_window)
        highpass = normalise_kernels(self.highpass_encoder(z), self.highpass_window)
        del z
        if self.fast:
            lr_out = reassemble_upsampled(lr, lowpass)
        else:
            lr_up = F.interpolate(lr, scale_factor=2, mode="nearest")
            lr_out = self.reassemble(lr_up, lowpass, 5) + lr_up
            del lr_up
        del lowpass
        hr_out = hr - self.reassemble(hr, highpass, 3)
        return lr_out, hr_out
