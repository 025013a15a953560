"""Small building blocks of AKNet: convolutions, residual stages, SCM and FAM."""

from __future__ import annotations

import torch
from torch import nn
from torch.nn import functional as F


def pointwise_conv(parts: list[torch.Tensor], weight: torch.Tensor, bias: torch.Tensor | None) -> torch.Tensor:
    """A 1×1 convolution (weight out×in×1×1) of the channel concatenation of `parts`, without concatenating.

    Where every part keeps its channels innermost (channels-last, the CPU layout), each adds one matrix product
    into one channels-last output: the same values to float rounding (about 1e-7 relative), without writing and
    reading back the concatenation, which at full size cost more than the convolution (PyTorch runs 1×1
    convolutions on CPUs on its slow im2col path). Otherwise the concatenation and F.conv2d."""
    if len(parts) < 2 or any(part.dim() != 4 or part.stride(1) != 1 for part in parts):
        return F.conv2d(torch.cat(parts, dim=1) if len(parts) > 1 else parts[0], weight, bias)
    n, _, height, width = parts[0].shape
    device = parts[0].device.type
    dtype = torch.get_autocast_dtype(device) if torch.is_autocast_enabled(device) else parts[0].dtype
    matrix = weight.reshape(weight.shape[0], -1).to(dtype)
    out, start = None, 0
    for part in parts:
        rows = part.permute(0, 2, 3, 1).reshape(-1, part.shape[1]).to(dtype)  # a view for channels-last parts
        columns = matrix[:, start : start + part.shape[1]].t()
        start += part.shape[1]
        if out is None:
            out = torch.mm(rows, columns) if bias is None else torch.addmm(bias.to(dtype), rows, columns)
        else:
            out.addmm_(rows, columns)
    return out.view(n, height, width, -1).permute(0, 3, 1, 2)


class BasicConv(nn.Module):
    """One convolution, optionally followed by exact GELU."""

    def __init__(self, cin: int, cout: int, kernel_size: int, stride: int = 1, act: bool = True) -> None:
        super().__init__()
        self.conv = nn.Conv2d(cin, cout, kernel_size, stride=stride, padding=kernel_size // 2)
        self.act = act
        self.fast = True

    def forward(self, *parts: torch.Tensor) -> torch.Tensor:
        """This block on one feature, or on the channel concatenation of several (a 1×1 convolution's fast path
        then skips the concatenation, see `pointwise_conv`)."""
        if len(parts) == 1:
            y = self.conv(parts[0])
        elif self.fast and self.conv.kernel_size == (1, 1) and self.conv.stride == (1, 1):
            y = pointwise_conv(list(parts), self.conv.weight, self.conv.bias)
        else:
            y = self.conv(torch.cat(parts, dim=1))
        return self._activate(y)

    def _activate(self, y: torch.Tensor) -> torch.Tensor:
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
        return self.merge(a, b)
