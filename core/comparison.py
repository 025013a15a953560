"""A shareable before/after picture: an original and its restoration side by side (or split down the middle),
each half labelled, at full or reduced size. Shared by the app's File ▸ Export comparison… and `aknet compare`."""

from __future__ import annotations

import contextlib
import functools
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageFont

from core.errors import AKNetError
from core.image.write import to_uint, write_image

LAYOUTS = ("side-by-side", "split")
GAP = 4  # pixels of dark border between the two halves of a side-by-side picture
BORDER_COLOUR = (32, 32, 34)


@dataclass(frozen=True)
class ComparisonOptions:
    """How to compose the picture: layout, the two labels, the longest side (None: full size), where to split."""

    layout: str = "side-by-side"
    before_label: str = "Original"
    after_label: str = "Restored"
    max_side: int | None = None
    split: float = 0.5

    def __post_init__(self) -> None:
        if self.layout not in LAYOUTS:
            raise AKNetError(f"Unknown comparison layout '{self.layout}'. Choose one of: {', '.join(LAYOUTS)}.")
        if self.max_side is not None and self.max_side < 16:
            raise AKNetError(f"The comparison's longest side must be at least 16 pixels, not {self.max_side}.")
        if not 0.0 < self.split < 1.0:
            raise AKNetError(f"The split must lie between 0 and 1 (0.5 is the middle), not {self.split}.")


def result_label(task_label: str, model: str = "") -> str:
    """What a restoration's half is called, e.g. 'Dehaze · dehaze.safetensors' (the task alone without a model)."""
    return f"{task_label} · {model}" if model else task_label


def compose_comparison(before: np.ndarray, after: np.ndarray, options: ComparisonOptions) -> np.ndarray:
    """The comparison as an H×W×3 uint8 image; `before` and `after` are RGB (float [0, 1], uint8 or uint16)."""
    if before.shape[:2] != after.shape[:2]:
        raise AKNetError(
            f"The restored image is {after.shape[1]}×{after.shape[0]} but the original is "
            f"{before.shape[1]}×{before.shape[0]}; compare a photo with its own restoration."
        )
    left, right = _scaled(_rgb8(before), options), _scaled(_rgb8(after), options)
    height, width = left.height, left.width
    if options.layout == "side-by-side":
        canvas = Image.new("RGB", (width * 2 + GAP, height), BORDER_COLOUR)
        canvas.paste(left, (0, 0))
        canvas.paste(right, (width + GAP, 0))
        draw = ImageDraw.Draw(canvas)
        _label(draw, options.before_label, (0, width), height, "left")
        _label(draw, options.after_label, (width + GAP, canvas.width), height, "left")
    else:
        cut = max(1, min(width - 1, round(width * options.split)))
        canvas = right.copy()
        canvas.paste(left.crop((0, 0, cut, height)), (0, 0))
        draw = ImageDraw.Draw(canvas)
        line = max(2, round(min(width, height) / 300))
        draw.rectangle((cut - line // 2, 0, cut - line // 2 + line - 1, height), fill=(255, 255, 255))
        _label(draw, options.before_label, (0, cut), height, "left")
        _label(draw, options.after_label, (cut, width), height, "right")
    return np.asarray(canvas)


def write_comparison(
    path: Path,
    before: np.ndarray,
    after: np.ndarray,
    options: ComparisonOptions,
    *,
    quality: int = 92,
    overwrite: bool = True,
) -> Path:
    """Compose the comparison and write it atomically (PNG, JPEG, WebP, TIFF or BMP by the suffix); return the path."""
    pixels = compose_comparison(before, after, options)
    return write_image(Path(path), pixels.astype(np.float32) / 255.0, bit_depth=8, quality=quality, overwrite=overwrite)


def _rgb8(rgb: np.ndarray) -> Image.Image:
    if rgb.ndim == 2:
        rgb = np.repeat(rgb[..., None], 3, axis=2)
    rgb = rgb[..., :3]
    if rgb.dtype == np.uint16:
        rgb = rgb / np.float32(65535.0)
    return Image.fromarray(np.ascontiguousarray(rgb if rgb.dtype == np.uint8 else to_uint(rgb, 8)))


def _scaled(image: Image.Image, options: ComparisonOptions) -> Image.Image:
    """The half at the size that keeps the whole picture's longest side within max_side."""
    if options.max_side is None:
        return image
    halves, gap = (2, GAP) if options.layout == "side-by-side" else (1, 0)
    scale = min(1.0, (options.max_side - gap) / (image.width * halves), options.max_side / image.height)
    size = (max(1, int(image.width * scale)), max(1, int(image.height * scale)))  # rounded down: within the limit
    if scale >= 1.0:
        return image
    return image.resize(size, Image.Resampling.LANCZOS)


CJK_FONT_FILES = {
    "win32": (r"C:\Windows\Fonts\msyh.ttc", r"C:\Windows\Fonts\msyh.ttf", r"C:\Windows\Fonts\simsun.ttc"),
    "darwin": ("/System/Library/Fonts/PingFang.ttc", "/System/Library/Fonts/STHeiti Medium.ttc",
               "/Library/Fonts/Arial Unicode.ttf"),
}  # fmt: skip
"""Fonts that Windows and macOS ship with Chinese glyphs (Linux asks fontconfig)."""


@functools.lru_cache(maxsize=32)
def system_font_for(text: str) -> str | None:
    """A font file of this system with glyphs for the characters of `text` beyond Latin, which Pillow's built-in
    font lacks (a translated label: Chinese, Cyrillic, Greek): found by fontconfig on Linux, among the usual fonts
    on Windows and macOS; None when the text is Latin or no font has them (the label then shows boxes)."""
    wide = sorted({c for c in text if ord(c) > 0x24F})
    if not wide:
        return None
    if sys.platform.startswith("linux"):
        charset = " ".join(f"{ord(c):x}" for c in wide[:32])
        try:
            listed = subprocess.run(
                ["fc-list", "-f", "%{file}\n", f":charset={charset}"], capture_output=True, text=True, timeout=10
            ).stdout
        except (OSError, subprocess.SubprocessError):
            return None
        files = sorted(line for line in listed.splitlines() if line.lower().endswith((".ttf", ".otf", ".ttc")))
        plain = [f for f in files if "bold" not in f.lower() and "italic" not in f.lower() and "mono" not in f.lower()]
        return (plain or files or [None])[0]
    return next((f for f in CJK_FONT_FILES.get(sys.platform, ()) if Path(f).is_file()), None)


def _font(size: int, text: str = "") -> ImageFont.ImageFont | ImageFont.FreeTypeFont:
    """Pillow's built-in font at `size`, or a system font where `text` needs glyphs that font lacks."""
    system_font = system_font_for(text)
    if system_font is not None:
        with contextlib.suppress(OSError, ImportError):
            return ImageFont.truetype(system_font, size)
    try:
        return ImageFont.load_default(size=size)
    except (TypeError, ImportError, OSError):  # Pillow without FreeType: the small bitmap font
        return ImageFont.load_default()


def _label(draw: ImageDraw.ImageDraw, text: str, span: tuple[int, int], height: int, side: str) -> None:
    """A white caption on a dark box in the top corner of the part of the picture between span's x bounds."""
    if not text:
        return
    start, end = span
    size = max(11, round(min(end - start, height) / 22))
    font = _font(size, text)
    margin, pad = max(4, size // 2), max(3, size // 3)
    box = draw.textbbox((0, 0), text, font=font)
    text_width, text_height = box[2] - box[0], box[3] - box[1]
    x = start + margin if side == "left" else end - margin - text_width - 2 * pad
    y = margin
    draw.rounded_rectangle((x, y, x + text_width + 2 * pad, y + text_height + 2 * pad), radius=pad, fill=(0, 0, 0))
    draw.text((x + pad - box[0], y + pad - box[1]), text, font=font, fill=(255, 255, 255))


def model_name(description: dict) -> str:
    """The model's short name from an engine's description: its weights file's name ('' for the classic method)."""
    weights = description.get("weights")
    return Path(weights).name if weights else ""
