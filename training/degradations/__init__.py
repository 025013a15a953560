"""Synthetic degradations of clean photos, one module per kind: haze, snow and defocus blur.

Each module has `synthesize(clean, rng, ranges) -> (degraded, params)`, deterministic for a given
seed, and a frozen `…Ranges` dataclass whose defaults are the documented parameter ranges.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from training.degradations import defocus, haze, snow

Synthesizer = Callable[..., tuple[np.ndarray, dict[str, Any]]]

SYNTHESIZERS: dict[str, Synthesizer] = {
    "dehaze": haze.synthesize,
    "desnow": snow.synthesize,
    "defocus": defocus.synthesize,
}
RANGES: dict[str, Any] = {"dehaze": haze.HazeRanges, "desnow": snow.SnowRanges, "defocus": defocus.DefocusRanges}
INPUT_FOLDER: dict[str, str] = {"dehaze": "hazy", "desnow": "snow", "defocus": "blur"}


def synthesizer_for(task: str) -> Synthesizer:
    """The degradation generator of a restoration task (dehaze, desnow, defocus)."""
    from core.errors import AKNetError

    try:
        return SYNTHESIZERS[task]
    except KeyError:
        choices = ", ".join(SYNTHESIZERS)
        raise AKNetError(f"No synthetic degradation for task '{task}'; choose one of: {choices}.") from None
