"""Rectangles in full-resolution pixel coordinates, aligned to the network's 1/4 grid."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from dataclasses import dataclass

import torch

ALIGN = 4  # every window corner sits on the 1/4-scale grid so that all three scales line up


def round_up(value: int, multiple: int = ALIGN) -> int:
    """The smallest multiple of `multiple` that is ≥ value."""
    return -(-value // multiple) * multiple


@dataclass(frozen=True)
class Window:
    """[top, bottom) × [left, right) in full-resolution pixels; corners are multiples of 4."""

    top: int
    left: int
    bottom: int
    right: int

    def grown(self, margin: int, height: int, width: int) -> Window:
        """This window widened by `margin` on every side, clipped to the image."""
        return Window(
            max(self.top - margin, 0), max(self.left - margin, 0),
            min(self.bottom + margin, height), min(self.right + margin, width),
        )  # fmt: skip

    def at(self, scale: int) -> tuple[slice, slice]:
        """Row and column slices of this window in an array at 1/scale resolution."""
        return slice(self.top // scale, self.bottom // scale), slice(self.left // scale, self.right // scale)

    def within(self, outer: Window, scale: int) -> tuple[slice, slice]:
        """Slices of this window inside a tensor that covers `outer`, both at 1/scale resolution."""
        return (
            slice((self.top - outer.top) // scale, (self.bottom - outer.top) // scale),
            slice((self.left - outer.left) // scale, (self.right - outer.left) // scale),
        )

    @property
    def pixels(self) -> int:
        """Area in full-resolution pixels."""
        return (self.bottom - self.top) * (self.right - self.left)


def crop(tensor: torch.Tensor, have: Window, want: Window, scale: int) -> torch.Tensor:
    """The part of `tensor` (covering `have` at 1/scale) that covers `want`."""
    rows, cols = want.within(have, scale)
    return tensor[..., rows, cols]


def grid(height: int, width: int, tile: int) -> Iterator[Window]:
    """Row-major tiles of about `tile`×`tile` (multiples of 4) covering a height×width image.

    Tiles are spread evenly rather than leaving a thin last row or column, since a thin
    tile costs a full halo for little output.
    """
    for top, bottom in _spans(height, tile):
        for left, right in _spans(width, tile):
            yield Window(top, left, bottom, right)


def _spans(length: int, tile: int) -> list[tuple[int, int]]:
    count = max(1, -(-length // max(tile, ALIGN)))
    cells = length // ALIGN
    edges = [round(i * cells / count) * ALIGN for i in range(count + 1)]
    return [(a, b) for a, b in itertools.pairwise(edges) if b > a]
