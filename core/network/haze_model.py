"""The haze output of AKNet: the network predicts what the haze is made of, not the clean image.

Atmospheric scattering model: I = J·t + A·(1 − t), with I the hazy photo, J the clean scene, t the
transmission (1 = no haze, smooth except at depth edges) and A the airlight colour. A network built with
`AKNetConfig(output="haze")` ends in four channels per pixel: a transmission logit and three airlight logits,
whose mean over the image is the (global) airlight. The clean image is recovered by inverting the model,
J = (I − A) / max(t, T_FLOOR) + A, so colours cannot drift, halos cannot appear where the map is smooth, and
the map can be estimated on a small copy of a photo and applied at full size (upsampled by a guided filter
whose guide is the full-size photo). Training inverts at the training size (`recover` inside AKNet.forward);
the app runs the network at `working_side` and applies the map with `apply_haze_map`.
"""

from __future__ import annotations

import math

import numpy as np
import torch
from torch.nn import functional as F

from core.dark_channel import grey
from core.guided_filter import guided_filter

T_FLOOR = 0.05  # the least transmission divided by (the model's maps stop below it: dense haze, no detail left)
AIRLIGHT_BIAS = 1.5  # initial airlight logit: sigmoid(1.5) ≈ 0.82, a typical bright haze colour
WORKING_SIDE = 320  # default long side the app estimates the map at (about the scale the weights train at)
GUIDE_EPS = 1e-3  # guided-filter regulariser for upsampling the map (as the dark channel prior uses)
GUIDE_RADIUS = 2.0  # guided-filter radius, in pixels of the map (times the upscaling factor at full size)


def haze_parameters(raw: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
    """(transmission N×1×H×W in [T_FLOOR, 1], airlight N×3×1×1 in (0, 1)) from the network's 4-channel output."""
    transmission = torch.sigmoid(raw[:, :1].float()).clamp(min=T_FLOOR)
    airlight = torch.sigmoid(raw[:, 1:4].float()).mean(dim=(2, 3), keepdim=True)
    return transmission, airlight


def recover(hazy: torch.Tensor, raw: torch.Tensor) -> torch.Tensor:
    """The scene J = (I − A) / t + A from a hazy batch and the network's raw output at the same size."""
    transmission, airlight = haze_parameters(raw)
    return ((hazy.float() - airlight) / transmission + airlight).to(hazy.dtype)


def working_size(height: int, width: int, side: int) -> tuple[int, int]:
    """(height, width) of the copy the map is estimated on: the long side at most `side`, multiples of 4."""
    scale = min(1.0, side / max(height, width))
    return max(8, round(height * scale / 4) * 4), max(8, round(width * scale / 4) * 4)


def apply_haze_map(image: np.ndarray, transmission: np.ndarray, airlight: np.ndarray) -> np.ndarray:
    """Dehaze a full-size RGB float image (H×W×3 in [0, 1]) with a transmission map estimated at any smaller
    size (h×w) and the airlight (3,): the map is resized to the photo, refined by a guided filter on the
    photo's luma (edges follow the photo's, as in the dark channel prior), then the model is inverted."""
    height, width = image.shape[:2]
    small_h, small_w = transmission.shape
    import cv2  # the app and training both ship OpenCV; imported here to keep `core.network` light

    full = cv2.resize(np.ascontiguousarray(transmission, np.float32), (width, height), interpolation=cv2.INTER_LINEAR)
    factor = max(height / small_h, width / small_w)
    if factor > 1.5:  # the map was estimated on a smaller copy: give it the photo's edges back
        radius = max(2, math.ceil(GUIDE_RADIUS * factor))
        full = guided_filter(grey(image), full, radius, GUIDE_EPS)
    np.clip(full, T_FLOOR, 1.0, out=full)
    airlight = np.asarray(airlight, np.float32).reshape(1, 1, 3)
    restored = np.subtract(image, airlight, dtype=np.float32)
    restored /= full[..., None]
    restored += airlight
    return np.clip(restored, 0.0, 1.0, out=restored)


def map_input(image: torch.Tensor, side: int = WORKING_SIDE) -> torch.Tensor:
    """The copy of a 1×3×H×W image the map is estimated on: area-averaged to `working_size`."""
    size = working_size(*image.shape[-2:], side)
    return image if tuple(image.shape[-2:]) == size else F.interpolate(image, size=size, mode="area")
