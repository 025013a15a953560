"""Checked option values for the command lines: every number is range-checked while the arguments are parsed,
so a bad value stops the command at once with argparse's message (`argument --tile: …`) and exit status 2."""

from __future__ import annotations

import argparse
import math
from collections.abc import Callable

from core.errors import AKNetError

MAX_SIDE = 65_535  # the largest side JPEG, WebP and PNG readers in the wild accept


def number(
    kind: type[int] | type[float] = int, low: float | None = None, high: float | None = None, *, above: bool = False
) -> Callable[[str], int | float]:
    """An argparse type: a whole (`int`) or decimal (`float`) number from `low` to `high` (above `low` when
    `above`), finite, with a message saying what is allowed."""
    what = "a whole number" if kind is int else "a number"
    if low is not None and high is not None:
        what += f" greater than {low:g} and at most {high:g}" if above else f" from {low:g} to {high:g}"
    elif low is not None:
        what += f" greater than {low:g}" if above else f" of at least {low:g}"
    elif high is not None:
        what += f" of at most {high:g}"

    def convert(text: str) -> int | float:
        try:
            value = kind(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"must be {what}, not '{text}'") from None
        too_low = low is not None and (value <= low if above else value < low)
        if not math.isfinite(value) or too_low or (high is not None and value > high):
            raise argparse.ArgumentTypeError(f"must be {what}, not '{text}'")
        return value

    return convert


def tile(text: str) -> str | int:
    """An argparse type for --tile: auto, off or a tile size in pixels (at least 64, at most MAX_SIDE)."""
    from core.restorer import parse_tile

    try:
        value = parse_tile(text)
    except AKNetError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None
    if isinstance(value, int) and value > MAX_SIDE:
        raise argparse.ArgumentTypeError(f"Tile size {value} is larger than any image ({MAX_SIDE} pixels at most).")
    return value


def size(text: str) -> tuple[int, int]:
    """An argparse type for WIDTHxHEIGHT, each side from 1 to MAX_SIDE."""
    try:
        width, height = (int(v) for v in text.lower().split("x"))
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a size; write WIDTHxHEIGHT, e.g. 1280x720.") from None
    if not (1 <= width <= MAX_SIDE and 1 <= height <= MAX_SIDE):
        raise argparse.ArgumentTypeError(f"'{text}': each side must be from 1 to {MAX_SIDE} pixels.")
    return width, height
