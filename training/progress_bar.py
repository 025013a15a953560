"""A text progress bar for training on stderr: redrawn in place on a terminal, a line now and then in logs."""

from __future__ import annotations

import sys
import time
from typing import TextIO


def format_duration(seconds: float) -> str:
    """'1:02:03' or '2:03'."""
    seconds = max(0, int(seconds))
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


class ProgressBar:
    """Shows step/total, a bar, the latest figures, speed and time left (nothing when `quiet`: the other
    processes of a distributed run leave it to rank 0)."""

    def __init__(
        self, total: int, stream: TextIO | None = None, line_seconds: float = 30.0, quiet: bool = False
    ) -> None:
        self.total, self.stream, self.quiet = total, stream or sys.stderr, quiet
        self.interactive = self.stream.isatty()
        self.line_seconds = line_seconds
        self.last_draw = 0.0
        self.last_line = -float("inf")

    def update(
        self, step: int, rate: float, text: str, force: bool = False, budget: tuple[float, float] | None = None
    ) -> None:
        """Show progress at `step` (done), running at `rate` steps per second; `budget` = (seconds used,
        seconds allowed) measures progress by a time budget instead, when that ends the run first."""
        if self.quiet:
            return
        now = time.monotonic()
        fraction = min(1.0, step / max(1, self.total))
        left = (self.total - step) / rate if rate > 0 else float("nan")
        position = f"{step}/{self.total}"
        if budget is not None and budget[0] / budget[1] > fraction:
            fraction, left, position = min(1.0, budget[0] / budget[1]), budget[1] - budget[0], f"{step}"
        eta = format_duration(left) if left == left else "?"
        if self.interactive:
            if not force and now - self.last_draw < 0.25:
                return
            filled = int(fraction * 24)
            bar = "█" * filled + "·" * (24 - filled)
            line = f"\r{position} {bar} {fraction:4.0%} {text} {rate:.2f} it/s eta {eta}"
            self.stream.write(line[:160].ljust(100))
            self.last_draw = now
        elif force or now - self.last_line >= self.line_seconds:
            self.stream.write(f"step {position} ({fraction:.0%}) {text} {rate:.2f} it/s eta {eta}\n")
            self.last_line = now
        self.stream.flush()

    def message(self, text: str) -> None:
        """Print a line without garbling the bar."""
        if self.quiet:
            return
        if self.interactive:
            self.stream.write("\r" + " " * 100 + "\r")
        self.stream.write(text + "\n")
        self.stream.flush()

    def close(self) -> None:
        """End the bar's line."""
        if self.interactive and not self.quiet:
            self.stream.write("\n")
            self.stream.flush()
