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


def _row_window_sums(values: np.ndarray, radius: int) -> np.ndarray:
    """Sum over the in-array rows of the (2r+1)-row window around each row of an H×W array (float32 result).

    A running sum slides down the rows (one row added, one dropped per step, in float64), so each output row
    costs two row operations whatever the radius; the rows are long, so the loop's overhead is small."""
    height = values.shape[0]
    sums = np.empty(values.shape, dtype=np.float32)
    running = values[: min(radius, height)].sum(axis=0, dtype=np.float64)
    for row in range(height):
        if row + radius < height:
            running += values[row + radius]
        if row > radius:
            running -= values[row - radius - 1]
        sums[row] = running
    return sums


def box_mean(image: np.ndarray, radius: int) -> np.ndarray:
    """Mean of `image` (H×W float) over the in-image part of the (2r+1)×(2r+1) window around each pixel."""
    image = np.asarray(image, dtype=np.float32)
    down = _row_window_sums(image, radius)
    sums = np.ascontiguousarray(_row_window_sums(np.ascontiguousarray(down.T), radius).T)
    del down
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
