"""Learning-rate schedule: linear warm-up, then cosine annealing to a floor (the published recipe)."""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass
from typing import Any

import torch


@dataclass(frozen=True)
class WarmupCosine:
    """Learning rate as a function of the step: linear warm-up to `peak`, then cosine down to `floor`."""

    peak: float
    total_steps: int
    warmup_steps: int = 0
    floor: float = 1e-6

    def lr_at(self, step: int, progress: float | None = None) -> float:
        """The learning rate for step `step` (0-based); `progress` in [0, 1] overrides the cosine position."""
        if step < self.warmup_steps:
            return self.peak * (step + 1) / self.warmup_steps
        if progress is None:
            span = max(1, self.total_steps - self.warmup_steps)
            progress = (step - self.warmup_steps) / span
        progress = min(max(progress, 0.0), 1.0)
        return self.floor + (self.peak - self.floor) * 0.5 * (1 + math.cos(math.pi * progress))

    def apply(self, optimizer: torch.optim.Optimizer, step: int, progress: float | None = None) -> float:
        """Set every parameter group's learning rate for `step`; returns it."""
        lr = self.lr_at(step, progress)
        for group in optimizer.param_groups:
            group["lr"] = lr
        return lr

    def state_dict(self) -> dict[str, Any]:
        """The schedule as plain data (it has no other state: the step lives in the checkpoint)."""
        return asdict(self)
