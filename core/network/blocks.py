"""Small building blocks of AKNet: convolutions, residual stages, SCM and FAM."""

from __future__ import annotations

import torch
from torch import nn
from torch.nn import functional as F


class BasicConv(nn.Module):
    """One convolution, optionally followed by exact GELU."""

    def __init__(self, cin: int, cout: int, kernel_size: int, stride: int = 1, act: bool = True) -> None:
        super().__init__()
        self.conv = nn.Conv2d(cin, cout, kernel_size, stride=stride, padding=kernel_size // 2)
        self.act = act

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        y = self.conv(x)
        if not self.act:
            return y
        if torch.is_grad_enabled():
            return F.gelu(y)
        return torch.ops.aten.gelu_(y)  # restoring: the convolution's fresh output, no second full-size map


class ResBlock(nn.Module):
    """Two 3×3 convolutions (GELU between) plus the input."""

    def __init__(self, channels: int) -> None:
        super().__init__()
        self.conv1 = BasicConv(channels, channels, 3, act=True)
        self.conv2 = BasicConv(channels, channels, 3, act=False)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return add_into_fresh(self.conv2(self.conv1(x)), x)


def add_into_fresh(fresh: torch.Tensor, other: torch.Tensor) -> torch.Tensor:
    """fresh + other, written into `fresh` (a result nothing else holds) when restoring and the sum would have
    fresh's type and shape anyway: the same values without allocating (and faulting in) another full-size map."""
    if torch.is_grad_enabled() or fresh.shape != other.shape or torch.result_type(fresh, other) != fresh.dtype:
        return fresh + other
    return fresh.add_(other)


class Stage(nn.Sequential):
    """A sequence of residual blocks at one resolution."""

    def __init__(self, channels: int, num_blocks: int) -> None:
        super().__init__(*[ResBlock(channels) for _ in range(num_blocks)])


class SCM(nn.Module):
    """Shallow convolutional branch for a downscaled copy of the input image, ending in instance norm.

    It runs in float32 even under bfloat16 autocast (core.precision): it is cheap (a few narrow convolutions at
    half and quarter size), and in bfloat16 it cost 13 dB of fidelity against float32 (40 dB instead of 53 dB,
    published configuration), more than all the rest of the network together."""

    def __init__(self, channels: int) -> None:
        super().__init__()
        self.convs = nn.Sequential(
            BasicConv(3, channels // 4, 3, act=True),
            BasicConv(channels // 4, channels // 2, 1, act=True),
            BasicConv(channels // 2, channels // 2, 3, act=True),
            BasicConv(channels // 2, channels, 1, act=False),
        )
        self.norm = nn.InstanceNorm2d(channels, affine=True)

    def forward(self, image: torch.Tensor) -> torch.Tensor:
        if torch.is_autocast_enabled(image.device.type):
            with torch.autocast(image.device.type, enabled=False):
                return self.norm(self.convs(image.float()))
        return self.norm(self.convs(image))


class FAM(nn.Module):
    """Feature attention merge: a 3×3 convolution over the concatenation of two features."""

    def __init__(self, channels: int) -> None:
        super().__init__()
        self.merge = BasicConv(2 * channels, channels, 3, act=False)

    def forward(self, a: torch.Tensor, b: torch.Tensor) -> torch.Tensor:
        return self.merge(torch.cat([a, b], dim=1))
