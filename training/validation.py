"""Scoring restorations the published way (PSNR, SSIM), and the light path that runs the live model of a
training run over (degraded, clean) pairs; users' photos (and `aknet eval`) go through core.restorer."""

from __future__ import annotations

import contextlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

import numpy as np
import torch

from core.metrics import psnr, ssim
from core.network import AKNet
from core.network.haze_model import WORKING_SIDE, apply_haze_map, map_input
from core.restorer import pad_to_multiple


@dataclass
class Score:
    """Quality of one image against its ground truth, and how long producing it took."""

    psnr: float
    ssim: float
    seconds: float | None = None


def score(
    restored: np.ndarray | torch.Tensor, target: np.ndarray | torch.Tensor, seconds: float | None = None
) -> Score:
    """PSNR and SSIM of an image against its target."""
    return Score(psnr(restored, target), ssim(restored, target), seconds)


@dataclass
class Scores:
    """Per-image and mean PSNR / SSIM of a set of images."""

    names: list[str] = field(default_factory=list)
    psnr: list[float] = field(default_factory=list)
    ssim: list[float] = field(default_factory=list)

    def add(self, name: str, image: Score) -> None:
        """Record one image's scores."""
        self.names.append(name)
        self.psnr.append(image.psnr)
        self.ssim.append(image.ssim)

    @property
    def mean_psnr(self) -> float:
        """Mean PSNR in dB (nan when empty)."""
        return sum(self.psnr) / len(self.psnr) if self.psnr else float("nan")

    @property
    def mean_ssim(self) -> float:
        """Mean SSIM (nan when empty)."""
        return sum(self.ssim) / len(self.ssim) if self.ssim else float("nan")

    def to_dict(self) -> dict[str, float | int]:
        """Means and count as JSON-ready data."""
        return {"psnr": round(self.mean_psnr, 4), "ssim": round(self.mean_ssim, 5), "images": len(self.psnr)}


def autocast_for(device: torch.device, dtype: torch.dtype | None) -> contextlib.AbstractContextManager:
    """Mixed precision on CUDA when a half dtype is given; nothing otherwise."""
    if device.type == "cuda" and dtype is not None:
        return torch.autocast("cuda", dtype=dtype)
    return contextlib.nullcontext()


def restore_batch(
    model: AKNet, degraded: torch.Tensor, device: torch.device, amp_dtype: torch.dtype | None, channels_last: bool
) -> torch.Tensor:
    """The model's full-scale output for a 1×3×H×W batch, padded to a multiple of 4 and cropped back, clamped."""
    if model.config.output == "haze":  # as the app runs it: the map estimated small, applied at full size
        small = map_input(degraded, WORKING_SIDE).to(device)
        with autocast_for(device, amp_dtype):
            transmission, airlight = model.haze_map(small)
        photo, airlight = degraded[0].permute(1, 2, 0).float().numpy(), airlight.flatten().float().cpu().numpy()
        restored = apply_haze_map(photo, transmission[0, 0].float().cpu().numpy(), airlight)
        return torch.from_numpy(restored).permute(2, 0, 1).unsqueeze(0)
    height, width = degraded.shape[-2:]
    x = pad_to_multiple(degraded).to(device, non_blocking=True)
    if channels_last:
        x = x.contiguous(memory_format=torch.channels_last)
    with autocast_for(device, amp_dtype):
        restored = model(x)[-1]
    return restored.float()[..., :height, :width].clamp(0, 1)


def score_pairs(
    model: AKNet,
    pairs: Iterable[tuple[torch.Tensor, torch.Tensor]],
    device: torch.device,
    amp_dtype: torch.dtype | None = None,
    channels_last: bool = False,
    names: list[str] | None = None,
) -> Scores:
    """PSNR and SSIM of the model's restoration of each (degraded 3×H×W, clean 3×H×W) pair."""
    scores = Scores()
    was_training = model.training
    model.eval()
    try:
        with torch.inference_mode():
            for index, (degraded, clean) in enumerate(pairs):
                restored = restore_batch(model, degraded.unsqueeze(0), device, amp_dtype, channels_last).cpu()
                image = score(restored, clean.unsqueeze(0))
                scores.add(names[index] if names and index < len(names) else str(index), image)
    finally:
        model.train(was_training)
    return scores


def iterate(dataset) -> Iterator[tuple[torch.Tensor, torch.Tensor]]:
    """Every item of a map-style dataset, in order."""
    for index in range(len(dataset)):
        yield dataset[index]
