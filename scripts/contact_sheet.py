"""Render a contact sheet of real photos: before | classic baseline (dehaze) | model, one row per photo.

    python scripts/contact_sheet.py --inputs ../shared/benchmarks/real_haze --weights FILE \
        --out docs/real_haze_contact_sheet.png [--max-images 12] [--thumb 256] [--max-side 0] [--max-mb 1.5]
    python scripts/contact_sheet.py --task defocus --inputs ../shared/benchmarks/real_defocus/images \
        --masks ../shared/benchmarks/real_defocus/blur_masks --weights FILE --out docs/real_defocus_contact_sheet.png
    python scripts/contact_sheet.py --task desnow --inputs ../shared/benchmarks/real_snow \
        --weights resources/weights/desnow.safetensors --out docs/real_snow_contact_sheet.png --max-images 11

For dehazing the classic dark channel prior is shown beside the model (a baseline with one setting: the
others' best setting is chosen against ground truth); the other tasks show before | model. With --masks
(defocus), each row also shows a 100% crop of the photo's most blurred region, before and after.

Photos are restored at full size (or at --max-side) and shown as thumbnails; with more photos than
--max-images, the ones shown are spread evenly over the sorted list so every subfolder appears.
Without weights (or when the weights file does not exist yet) the sheet has the before and baseline
columns only. A sheet over --max-mb is stored with 6 bits per channel (invisible at this size, no
palette banding), then, if still too big, with smaller thumbnails.
"""

from __future__ import annotations

import argparse
import io
import math
import sys
from pathlib import Path
from typing import Any

import numpy as np
from PIL import Image, ImageDraw, ImageFont

from core.atomic import atomic_path
from core.cli import run_at_edge
from core.errors import AKNetError
from core.image import is_image_file
from core.image.read import read_image
from training.tasks import TRAINABLE_TASKS, trainable_task

GAP = 4
HEADER = 20
CAPTION = 14
BACKGROUND = (24, 24, 24)
TEXT = (230, 230, 230)
FAINT = (160, 160, 160)


def collect_images(inputs: list[Path], limit: int) -> list[Path]:
    """Image files among the inputs (folders searched recursively, in name order), at most `limit`."""
    found: list[Path] = []
    for item in inputs:
        if item.is_dir():
            found.extend(sorted(p for p in item.rglob("*") if is_image_file(p) and not p.name.startswith(".")))
        elif is_image_file(item):
            found.append(item)
        else:
            raise AKNetError(f"{item} is neither an image nor a folder.")
    if not found:
        raise AKNetError(f"No images found in {', '.join(map(str, inputs))}.")
    if len(found) <= limit:
        return found
    return [found[i] for i in np.unique(np.linspace(0, len(found) - 1, limit).round().astype(int))]


def to_pil(rgb: np.ndarray) -> Image.Image:
    """A float RGB array in [0, 1] as an 8-bit Pillow image."""
    return Image.fromarray(np.round(np.clip(rgb, 0, 1) * 255).astype(np.uint8), "RGB")


def fit(image: Image.Image, box: int) -> Image.Image:
    """The image scaled (down or up) so its longer side is `box` pixels."""
    scale = box / max(image.size)
    size = (max(1, round(image.width * scale)), max(1, round(image.height * scale)))
    return image.resize(size, Image.Resampling.LANCZOS)


def downscale_for_processing(rgb: np.ndarray, max_side: int) -> np.ndarray:
    """The image shrunk so its longer side is at most `max_side` (0: unchanged)."""
    if not max_side or max(rgb.shape[:2]) <= max_side:
        return rgb
    return np.asarray(fit(to_pil(rgb), max_side), dtype=np.float32) / 255


def blurred_window(mask: np.ndarray, rgb: np.ndarray, size: int) -> tuple[int, int]:
    """Top-left corner of the size×size window holding the most detail inside the mask's blurred region (255):
    where sharpening shows."""
    height, width = mask.shape
    size_y, size_x = min(size, height), min(size, width)
    grey = rgb.mean(axis=2)
    detail = np.abs(np.diff(grey, axis=1, append=0)) + np.abs(np.diff(grey, axis=0, append=0))
    detail *= mask > 127
    best, corner = -1.0, (0, 0)
    for top in range(0, height - size_y + 1, 16):
        for left in range(0, width - size_x + 1, 16):
            score = float(detail[top : top + size_y, left : left + size_x].mean())
            if score > best:
                best, corner = score, (top, left)
    return corner


def render_row(
    path: Path, engines: dict[str, Any], thumb: int, max_side: int, mask_dir: Path | None = None
) -> list[Image.Image]:
    """Thumbnails of one photo: the input, then each engine's result; with blur masks, then a 100% crop of the
    photo's most blurred region, before and after each engine."""
    rgb = downscale_for_processing(read_image(path).rgb, max_side)
    results = [engine.restore(rgb) for engine in engines.values()]
    row = [fit(to_pil(rgb), thumb)] + [fit(to_pil(result), thumb) for result in results]
    if mask_dir is not None:
        mask_path = mask_dir / f"{path.stem}.png"
        if not mask_path.is_file():
            raise AKNetError(f"No blur mask for {path.name} in {mask_dir} (expected {mask_path.name}).")
        mask = np.asarray(Image.open(mask_path).convert("L").resize(rgb.shape[1::-1], Image.Resampling.NEAREST))
        top, left = blurred_window(mask, rgb, thumb)
        window = (slice(top, top + thumb), slice(left, left + thumb))
        row += [to_pil(image[window]) for image in (rgb, *results)]
    return row


def compose(rows: list[tuple[str, list[Image.Image]]], labels: list[str], thumb: int) -> Image.Image:
    """Lay thumbnails out in a grid: a header of column labels, then a captioned row per photo."""
    font = ImageFont.load_default()
    width = GAP + len(labels) * (thumb + GAP)
    height = HEADER + sum(CAPTION + max(t.height for t in thumbs) + GAP for _, thumbs in rows)
    sheet = Image.new("RGB", (width, height), BACKGROUND)
    draw = ImageDraw.Draw(sheet)
    for column, label in enumerate(labels):
        draw.text((GAP + column * (thumb + GAP) + thumb // 2, HEADER // 2), label, fill=TEXT, font=font, anchor="mm")
    top = HEADER
    for name, thumbs in rows:
        draw.text((GAP, top + 1), name, fill=FAINT, font=font)
        top += CAPTION
        row_height = max(t.height for t in thumbs)
        for column, image in enumerate(thumbs):
            left = GAP + column * (thumb + GAP) + (thumb - image.width) // 2
            sheet.paste(image, (left, top + (row_height - image.height) // 2))
        top += row_height + GAP
    return sheet


def png_bytes(sheet: Image.Image, bits: int = 8) -> bytes:
    """The sheet encoded as PNG, with each channel rounded to `bits` bits first (8: exact)."""
    if bits < 8:
        step = 1 << (8 - bits)
        levels = (np.asarray(sheet, dtype=np.int16) + step // 2) // step * step
        sheet = Image.fromarray(np.clip(levels, 0, 255).astype(np.uint8), "RGB")
    buffer = io.BytesIO()
    sheet.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


def encode_within(
    rows: list[tuple[str, list[Image.Image]]], labels: list[str], thumb: int, max_bytes: int
) -> tuple[bytes, tuple[int, int], str]:
    """The sheet as PNG bytes within `max_bytes` if possible: exact, then 6-bit, then smaller thumbnails."""
    sheet = compose(rows, labels, thumb)
    data, note = png_bytes(sheet), ""
    if len(data) > max_bytes:
        data, note = png_bytes(sheet, bits=6), "6 bits per channel"
    while len(data) > max_bytes and thumb > 64:
        thumb = max(64, int(thumb * math.sqrt(max_bytes / len(data)) * 0.97))
        rows = [(name, [fit(image, thumb) for image in thumbs]) for name, thumbs in rows]
        sheet = compose(rows, labels, thumb)
        data, note = png_bytes(sheet, bits=6), f"6 bits per channel, thumbnails shrunk to {thumb} px"
    return data, sheet.size, note


def load_model(weights: Path | None, device: str) -> Any | None:
    """A Restorer for the weights; None (with a message) when no weights are given or the file is missing."""
    if weights is None:
        return None
    if not weights.is_file():
        print(f"No weights at {weights}: the sheet shows no model column.", file=sys.stderr)
        return None
    from core.restorer import Restorer

    return Restorer(weights, device=device, tile="auto")


def build_parser() -> argparse.ArgumentParser:
    """Command-line options of this script."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--task", choices=tuple(TRAINABLE_TASKS), default="dehaze", help="default dehaze")
    parser.add_argument("--inputs", type=Path, nargs="+", required=True, help="image files or folders")
    parser.add_argument("--weights", type=Path, help="model weights (without: before and baseline only)")
    parser.add_argument("--out", type=Path, required=True, help="the PNG to write")
    parser.add_argument("--max-images", type=int, default=12, help="photos on the sheet (default 12)")
    parser.add_argument("--thumb", type=int, default=256, help="longer side of each thumbnail (default 256)")
    parser.add_argument("--max-side", type=int, default=0, help="restore at most this longer side (default 0: full)")
    parser.add_argument("--max-mb", type=float, default=1.5, help="size budget of the PNG in MB (default 1.5)")
    parser.add_argument("--device", default="auto", help="auto, cpu, cuda or cuda:N (default auto)")
    parser.add_argument(
        "--masks", type=Path, help="blur masks (NAME.png, 255 = blurred): add 100%% crops of that region"
    )
    return parser


def run(args: argparse.Namespace) -> Path:
    """Restore the photos, compose the sheet and write it."""
    if args.thumb < 16 or args.max_images < 1:
        raise AKNetError("--thumb must be at least 16 pixels and --max-images at least 1.")
    if args.out.suffix.lower() != ".png":
        raise AKNetError(f"The contact sheet is a PNG; give --out a .png name, not {args.out.name}.")
    paths = collect_images(args.inputs, args.max_images)
    task = trainable_task(args.task)
    baselines = task.baselines()  # shown when it has one setting: choosing among several needs ground truth
    engines: dict[str, Any] = {task.baseline_title: baselines[0]} if len(baselines) == 1 else {}
    model = load_model(args.weights, args.device)
    if model is not None:
        engines[f"Model ({args.weights.stem})"] = model
    rows = []
    for index, path in enumerate(paths, start=1):
        print(f"[{index}/{len(paths)}] {path.name}", file=sys.stderr, flush=True)
        rows.append((path.name, render_row(path, engines, args.thumb, args.max_side, args.masks)))
    labels = ["Before", *engines]
    if args.masks is not None:
        labels += [f"{label}, 100% crop" for label in ["Before", *engines]]
    data, (width, height), note = encode_within(rows, labels, args.thumb, int(args.max_mb * 1e6))
    with atomic_path(args.out) as temporary:
        temporary.write_bytes(data)
    shown = f"{width}×{height}, {len(data) / 1e6:.2f} MB" + (f", {note}" if note else "")
    print(f"Wrote {args.out} ({shown})", file=sys.stderr)
    return args.out


def main(argv: list[str] | None = None) -> int:
    """Render the contact sheet; 0 on success, 2 on an error the user can fix."""
    args = build_parser().parse_args(argv)

    def work() -> int:
        run(args)
        return 0

    return run_at_edge(work)


if __name__ == "__main__":
    sys.exit(main())
