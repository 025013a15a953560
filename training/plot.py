"""A PNG chart of a training run (loss and validation PSNR against steps), drawn with Pillow."""

from __future__ import annotations

import math
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from core.atomic import atomic_path

WIDTH, PANEL_HEIGHT = 900, 300
MARGIN_LEFT, MARGIN_RIGHT, MARGIN_TOP, MARGIN_BOTTOM = 70, 20, 30, 40
COLOURS = {"raw": (180, 200, 230), "smooth": (31, 119, 180), "psnr": (214, 39, 40), "grid": (225, 225, 225)}


def smooth(values: list[float], weight: float | None = None) -> list[float]:
    """Exponential moving average (bias-corrected), to show the trend of a noisy loss; by default it
    averages over about a twentieth of the points (none for short runs, where it would only lag)."""
    if weight is None:
        weight = 1 - 20 / max(20, len(values))
    result, average = [], 0.0
    for index, value in enumerate(values, start=1):
        average = weight * average + (1 - weight) * value
        result.append(average / (1 - weight**index))
    return result


def _ticks(low: float, high: float, count: int = 5) -> list[float]:
    if high <= low:
        return [low]
    raw = (high - low) / count
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 5, 10) if m * magnitude >= raw)
    first = math.ceil(low / step) * step
    return [first + i * step for i in range(int((high - first) / step) + 1)]


def _panel(
    draw: ImageDraw.ImageDraw,
    top: int,
    title: str,
    series: list[tuple[list[tuple[int, float]], tuple[int, int, int], int]],
    x_range: tuple[int, int],
    log_y: bool,
) -> None:
    font = ImageFont.load_default()
    left, right = MARGIN_LEFT, WIDTH - MARGIN_RIGHT
    upper, lower = top + MARGIN_TOP, top + PANEL_HEIGHT - MARGIN_BOTTOM
    draw.text((left, top + 8), title, fill=(0, 0, 0), font=font)
    points = [v for s, _, _ in series for _, v in s if not log_y or v > 0]
    if not points:
        draw.text((left + 10, (upper + lower) // 2), "no data yet", fill=(120, 120, 120), font=font)
        return
    transform = math.log10 if log_y else (lambda v: v)
    y_low, y_high = transform(min(points)), transform(max(points))
    if y_high - y_low < 1e-9:
        y_low, y_high = y_low - 0.5, y_high + 0.5
    pad = 0.05 * (y_high - y_low)
    y_low, y_high = y_low - pad, y_high + pad
    x_low, x_high = x_range[0], max(x_range[1], x_range[0] + 1)

    def position(step: float, value: float) -> tuple[float, float]:
        x = left + (step - x_low) / (x_high - x_low) * (right - left)
        y = lower - (transform(value) - y_low) / (y_high - y_low) * (lower - upper)
        return x, y

    for tick in _ticks(y_low, y_high):
        y = lower - (tick - y_low) / (y_high - y_low) * (lower - upper)
        draw.line([(left, y), (right, y)], fill=COLOURS["grid"])
        label = f"{10**tick:.3g}" if log_y else f"{tick:.4g}"
        draw.text((left - 6, y), label, fill=(0, 0, 0), font=font, anchor="rm")
    for tick in _ticks(x_low, x_high):
        x = left + (tick - x_low) / (x_high - x_low) * (right - left)
        draw.line([(x, lower), (x, lower + 4)], fill=(0, 0, 0))
        draw.text((x, lower + 6), f"{tick:g}", fill=(0, 0, 0), font=font, anchor="mt")
    draw.rectangle([left, upper, right, lower], outline=(0, 0, 0))
    draw.text(((left + right) // 2, lower + 22), "step", fill=(0, 0, 0), font=font, anchor="mt")
    for values, colour, width in series:
        coords = [position(s, v) for s, v in values if not log_y or v > 0]
        if len(coords) == 1:
            x, y = coords[0]
            draw.ellipse([x - 3, y - 3, x + 3, y + 3], fill=colour)
        elif coords:
            draw.line(coords, fill=colour, width=width)


def plot_training(loss: list[tuple[int, float]], psnr: list[tuple[int, float]], path: Path) -> Path:
    """Draw training loss (raw and smoothed, log scale) and validation PSNR against steps into a PNG."""
    steps = [s for s, _ in loss + psnr] or [0, 1]
    x_range = (0, max(steps))
    image = Image.new("RGB", (WIDTH, 2 * PANEL_HEIGHT), "white")
    draw = ImageDraw.Draw(image)
    trend = list(zip([s for s, _ in loss], smooth([v for _, v in loss]), strict=True))
    _panel(
        draw,
        0,
        "training loss (multi-scale L1 + 0.1 FFT L1), light: per log interval, dark: smoothed",
        [(loss, COLOURS["raw"], 1), (trend, COLOURS["smooth"], 2)],
        x_range,
        True,
    )
    _panel(draw, PANEL_HEIGHT, "validation PSNR (dB)", [(psnr, COLOURS["psnr"], 2)], x_range, False)
    with atomic_path(Path(path)) as temporary:
        image.save(temporary, format="PNG")
    return Path(path)
