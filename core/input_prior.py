"""Input priors: a classic restoration run on the photo before the network, for weights trained to refine
its result rather than the raw photo. The weights say which one in their metadata (`input_prior`), training
applies the same function to every training and validation input, and `core.restorer.Restorer` applies it
to the whole photo before the network, so a model and its prior always travel together."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import numpy as np

from core.dark_channel import dehaze
from core.errors import AKNetError
from core.progress import CancelToken, ProgressCallback

Prior = Callable[[np.ndarray, ProgressCallback | None, CancelToken | None], np.ndarray]


def _dark_channel(image: np.ndarray, progress: ProgressCallback | None, cancel: CancelToken | None) -> np.ndarray:
    return dehaze(image, progress=progress, cancel=cancel).restored


PRIORS: dict[str, Prior] = {"dark-channel": _dark_channel}
DESCRIPTIONS = {"dark-channel": "dark channel prior dehazing (the classic baseline, default parameters)"}


def describe_prior(name: str | None) -> str | None:
    """What the network is given, in words, for About boxes and `aknet info` (None for no prior)."""
    if not name:
        return None
    return f"the photo after {DESCRIPTIONS.get(name, name)}; the network refines that result"


def check_prior(name: str | None) -> str | None:
    """The prior's name if this version knows it (None for no prior); otherwise a clear error."""
    if name is None or name in PRIORS:
        return name
    raise AKNetError(
        f"These weights expect their input prepared by '{name}', which this version of AKNet Studio does not "
        f"have (it knows: {', '.join(PRIORS)}). Update the app or use other weights."
    )


def prior_of(metadata: Mapping[str, Any]) -> str | None:
    """The input prior named by a checkpoint's metadata (None when the network takes the photo as it is)."""
    name = metadata.get("input_prior")
    return check_prior(str(name) if name else None)


def apply_prior(
    name: str | None,
    image: np.ndarray,
    progress: ProgressCallback | None = None,
    cancel: CancelToken | None = None,
) -> np.ndarray:
    """`image` (RGB float32 H×W×3 in [0, 1]) prepared by the named prior; the image itself when None."""
    if check_prior(name) is None:
        return image
    return np.ascontiguousarray(PRIORS[name](image, progress, cancel), dtype=np.float32)
