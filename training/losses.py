"""The published AKNet training loss: multi-scale L1 plus 0.1 × L1 between FFT spectra."""

from __future__ import annotations

import torch
from torch.nn import functional as F

from core.network.fft_conv import fft_input
from core.network.haze_model import haze_parameters


def scaled_targets(target: torch.Tensor) -> list[torch.Tensor]:
    """The target at 1/4, 1/2 and full scale (bilinear resizing, as published)."""
    return [
        F.interpolate(target, scale_factor=0.25, mode="bilinear"),
        F.interpolate(target, scale_factor=0.5, mode="bilinear"),
        target,
    ]


def spectrum(image: torch.Tensor) -> torch.Tensor:
    """The 2-D FFT of an image batch with real and imaginary parts stacked on a last axis (float32)."""
    transformed = torch.fft.fft2(fft_input(image), dim=(-2, -1))
    return torch.stack((transformed.real, transformed.imag), dim=-1)


def aknet_loss(
    outputs: list[torch.Tensor], target: torch.Tensor, fft_weight: float = 0.1
) -> tuple[torch.Tensor, dict[str, torch.Tensor]]:
    """Multi-scale L1 + fft_weight × multi-scale FFT L1; returns (loss, its detached parts for logging)."""
    targets = scaled_targets(target.float())
    content = sum(F.l1_loss(out.float(), t) for out, t in zip(outputs, targets, strict=True))
    frequency = sum(F.l1_loss(spectrum(out), spectrum(t)) for out, t in zip(outputs, targets, strict=True))
    loss = content + fft_weight * frequency
    return loss, {"l1": content.detach(), "fft": frequency.detach()}


def airlight_loss(heads: list[torch.Tensor], airlight: torch.Tensor) -> torch.Tensor:
    """Mean over a haze-output network's heads (raw 4-channel outputs) of the L1 distance between the airlight
    each head predicts and the airlight the haze was synthesised with (N×3)."""
    return sum(F.l1_loss(haze_parameters(raw)[1].flatten(1), airlight.float()) for raw in heads) / len(heads)


def transmission_loss(heads: list[torch.Tensor], transmission: torch.Tensor) -> torch.Tensor:
    """Mean over a haze-output network's heads of the L1 distance between the transmission map each head predicts
    and the map the haze was synthesised with (N×1×H×W, area-averaged to the head's size); NaN pixels (no known
    map) are left out."""
    total = heads[0].new_zeros((), dtype=torch.float32)
    for raw in heads:
        predicted = haze_parameters(raw)[0]
        target = F.adaptive_avg_pool2d(transmission.float(), predicted.shape[-2:])
        known = torch.isfinite(target)
        total = total + ((predicted - target.nan_to_num()).abs() * known).sum() / known.sum().clamp(min=1)
    return total / len(heads)
