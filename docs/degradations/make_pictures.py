"""Regenerate the pictures in this folder: a clean photo crop beside its synthetic degradation.

    python docs/degradations/make_pictures.py [CLEAN_DIR]   (default ../shared/clean)

Each picture is a crop of a training photo (not shipped in the app), shown 320 px wide.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import cv2
import numpy as np
from PIL import Image, ImageDraw, ImageFont

from core.atomic import atomic_path
from core.image.read import read_image
from training.tasks import trainable_task

HERE = Path(__file__).resolve().parent
# (picture, task, photo under the clean folder, crop box x, y, width, height, seed, label)
PICTURES = [
    ("haze.png", "dehaze", "sunhays80/aqueduct_sun_ancegghzusmmvzjn.jpg", (0, 0, 1024, 768), 3, "hazy"),
    ("snow.png", "desnow", "sunhays80/abbey_sun_asztnlqhlrvirneh.jpg", (256, 100, 640, 480), 1, "snowy"),
    ("defocus.png", "defocus", "sunhays80/boardwalk_sun_bskwjtamytupzwah.jpg", (140, 500, 400, 300), 0, "defocused"),
]
WIDTH = 320


def side_by_side(clean: np.ndarray, degraded: np.ndarray, label: str) -> Image.Image:
    """The two images next to each other with a caption strip under each."""
    height, width = clean.shape[:2]
    canvas = Image.new("RGB", (2 * width + 6, height + 22), "white")
    for index, (image, caption) in enumerate(((clean, "clean"), (degraded, label))):
        left = index * (width + 6)
        canvas.paste(Image.fromarray((np.clip(image, 0, 1) * 255 + 0.5).astype(np.uint8)), (left, 0))
        ImageDraw.Draw(canvas).text((left + 4, height + 5), caption, fill=(0, 0, 0), font=ImageFont.load_default())
    return canvas


def main(clean_dir: Path) -> None:
    """Write every picture and a JSON file of the parameters drawn for each."""
    record = {}
    for name, task, source, (x, y, w, h), seed, label in PICTURES:
        photo = read_image(clean_dir / source).rgb[y : y + h, x : x + w]
        height = round(h * WIDTH / w)
        # Degrade at the photo's resolution, then shrink both alike, as a viewer would see them.
        degraded, params = trainable_task(task).synthesize(np.ascontiguousarray(photo), seed)
        shrink = [cv2.resize(a, (WIDTH, height), interpolation=cv2.INTER_AREA) for a in (photo, degraded)]
        with atomic_path(HERE / name) as temporary:
            side_by_side(*shrink, label).save(temporary, format="PNG", optimize=True)
        record[name] = {"task": task, "source": source, "crop": [x, y, w, h], "seed": seed, "params": params}
    text = json.dumps(record, indent=1)
    with atomic_path(HERE / "parameters.json") as temporary:
        temporary.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else HERE.parents[2] / "shared" / "clean")
