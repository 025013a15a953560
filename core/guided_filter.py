"""The guided filter (He, Sun and Tang, "Guided Image Filtering", ECCV 2010 / TPAMI 2013).

An edge-preserving smoother whose output is locally a linear function of a guide image. Built
from box means, so it costs O(1) per pixel whatever the radius. Box means are taken over the part
of each (2r+1)×(2r+1) window that lies inside the image, as in the authors' cumulative-sum code.
"""

from __future__ import annotations

import numpy as np


def _window_counts(length: int, radius: int) -> np.ndarray:
    """How many positions of a (2r+1)-wide window centred on each index lie inside [0, length)."""
    index = np.arange(length)
    return (np.minimum(index + radius, length - 1) - np.maximum(index - radius, 0) + 1).astype(np.float32)


def _window_sums(values: np.ndarray, radius: int, axis: int) -> np.ndarray:
    """Sum over the in-array part of the (2r+1)-wide window around each index along `axis` (float32), as
    differences of a float64 running sum (exact enough for any photo width)."""
    rows = np.moveaxis(values, axis, 0)
    length = rows.shape[0]
    running = np.empty((length + 1, *rows.shape[1:]))
    running[0] = 0
    np.cumsum(rows, axis=0, out=running[1:])  # running[i] = sum of the first i entries
    # Window i covers entries max(i − r, 0) .. min(i + r, n − 1):
    # its sum is running[min(i + r + 1, n)] − running[max(i − r, 0)].
    sums = np.empty(rows.shape)
    full = max(0, length - radius)  # windows that end inside the array
    sums[:full] = running[radius + 1 : radius + 1 + full]
    sums[full:] = running[length]
    start = min(radius, length)  # windows before this one start at entry 0
    sums[start:] -= running[: length - start]
    return np.moveaxis(sums.astype(np.float32), 0, axis)


def box_mean(image: np.ndarray, radius: int) -> np.ndarray:
    """Mean of `image` (H×W float) over the in-image part of the (2r+1)×(2r+1) window around each pixel."""
    image = np.asarray(image, dtype=np.float32)
    sums = _window_sums(_window_sums(image, radius, 0), radius, 1)
    height, width = image.shape[:2]
    sums /= _window_counts(height, radius)[:, None]  # the window's in-image area is rows × columns
    sums /= _window_counts(width, radius)[None, :]
    return sums


def box_mean_reference(image: np.ndarray, radius: int) -> np.ndarray:
    """The plain cumulative-sum box mean that box_mean replaces (float64, for tests)."""
    image = np.asarray(image, dtype=np.float64)
    height, width = image.shape
    table = np.zeros((height + 1, width + 1))
    table[1:, 1:] = image.cumsum(0).cumsum(1)
    rows, cols = np.arange(height), np.arange(width)
    top, bottom = np.maximum(rows - radius, 0), np.minimum(rows + radius, height - 1) + 1
    left, right = np.maximum(cols - radius, 0), np.minimum(cols + radius, width - 1) + 1
    sums = (
        table[np.ix_(bottom, right)]
        - table[np.ix_(top, right)]
        - table[np.ix_(bottom, left)]
        + table[np.ix_(top, left)]
    )
    counts = np.multiply.outer(bottom - top, right - left)
    return sums / counts


def guided_filter(guide: np.ndarray, source: np.ndarray, radius: int, eps: float) -> np.ndarray:
    """Filter the H×W `source` guided by the H×W grey `guide`; float32 result of the same size."""
    guide = np.asarray(guide, dtype=np.float32)
    source = np.asarray(source, dtype=np.float32)
    if guide.shape != source.shape or guide.ndim != 2:
        raise ValueError(f"guide and source must be H×W arrays of one size, got {guide.shape} and {source.shape}")
    mean_guide = box_mean(guide, radius)
    mean_source = box_mean(source, radius)
    # a = cov(I, p) / (var(I) + eps); b = mean(p) − a·mean(I), computed in place to keep memory low.
    covariance = box_mean(guide * source, radius)
    covariance -= mean_guide * mean_source
    variance = box_mean(guide * guide, radius)
    variance -= mean_guide * mean_guide
    np.maximum(variance, 0.0, out=variance)  # float32 cancellation can leave tiny negatives
    variance += eps
    slope = np.divide(covariance, variance, out=covariance)
    del variance
    mean_source -= slope * mean_guide
    offset = mean_source
    del mean_guide
    filtered = box_mean(slope, radius)
    filtered *= guide
    filtered += box_mean(offset, radius)
    return filtered
