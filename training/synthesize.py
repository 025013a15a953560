"""Writing a paired dataset folder (DIR/train/{hazy,gt}, DIR/test/{hazy,gt}, or snow/blur for the other
tasks) from clean photos, with a JSON manifest of every image's degradation parameters."""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from core.atomic import atomic_write
from core.errors import AKNetError
from training.data import parse_folder_spec, split_validation
from training.datasets import crop_box, degrade, photo_depth, thumbnail
from training.images import photos_in, read_stored, to_float, write_png
from training.runtime import prepare_fork
from training.tasks import trainable_task


@dataclass(frozen=True)
class SynthJob:
    """One clean photo to degrade `variants` times into a split."""

    index: int
    source: Path
    name: str
    split: str
    variants: int
    task: str
    seed: int
    output: Path
    max_side: int
    crop: int


def list_photos(specs: list[str]) -> list[tuple[Path, str, int]]:
    """(path, unique output name, variants) of every photo in the clean folders ('DIR' or 'DIR:COUNT')."""
    photos = []
    for spec in specs:
        folder, count = parse_folder_spec(spec)
        if not folder.is_dir():
            raise AKNetError(f"Clean photo folder not found: {folder}")
        for path in photos_in(folder):
            stem = "_".join(path.relative_to(folder).with_suffix("").parts)
            photos.append((path, f"{folder.name}_{stem}", count))
    if not photos:
        raise AKNetError("No photos found in the clean folders: " + ", ".join(specs))
    return photos


def run_job(job: SynthJob) -> list[dict[str, Any]]:
    """Degrade one photo and write its pairs; returns the manifest entries (or one with the problem)."""
    try:
        stored = read_stored(job.source, job.max_side)
    except AKNetError as exc:
        return [{"source": str(job.source), "problem": str(exc)}]
    task = trainable_task(job.task)
    thumb = thumbnail(stored) if task.uses_depth else None
    entries = []
    for variant in range(job.variants):
        rng = np.random.default_rng([job.seed, job.index, variant])
        height, width = stored.shape[:2]
        top, left = 0, 0
        if job.crop and min(height, width) > job.crop:
            top, left = crop_box(rng, height, width, job.crop)
            height = width = job.crop
        clean = np.ascontiguousarray(to_float(stored[top : top + height, left : left + width]))
        depth = None
        if thumb is not None:  # haze depth drawn for the whole photo, as in training
            depth = photo_depth(rng, thumb, stored.shape[:2], (top, left, height, width), (height, width))
        degraded, params = degrade(task.synthesize, clean, rng, None, depth)
        name = f"{job.name}_{variant}.png"
        split = job.output / job.split
        write_png(split / task.input_folder / name, degraded)
        write_png(split / "gt" / name, clean)
        entries.append({"name": name, "split": job.split, "source": str(job.source), "params": params})
    return entries


def synthesize_dataset(
    clean: list[str],
    output: Path,
    task: str = "dehaze",
    seed: int = 0,
    variants: int = 1,
    test_count: int = 10,
    max_side: int = 0,
    crop: int = 0,
    workers: int = 0,
    overwrite: bool = False,
    echo: Callable[[str], None] = print,
    test_only: bool = False,
) -> dict[str, Any]:
    """Write OUTPUT/{train,test}/{<input>,gt} pairs from clean photos; returns the manifest (also saved). With
    `test_only`, only the held-out photos (test/): the photos a training run with the same folders, seed and
    validation count never trains on, for a fixed evaluation set."""
    output = Path(output)
    if output.exists() and any(output.iterdir()) and not overwrite:
        raise AKNetError(f"{output} is not empty; choose a new folder or pass --overwrite.")
    trainable_task(task)  # an unknown task fails before anything is written
    photos = list_photos(clean)
    held_out = split_validation(test_count, len(photos), seed)
    jobs = [
        SynthJob(i, path, name, "test" if i in held_out else "train", 1 if i in held_out else count, task, seed,
                 output, max_side, crop)
        for i, (path, name, count) in enumerate(photos)
        if i in held_out or not test_only
    ]  # fmt: skip
    workers = workers if workers > 0 else max(1, min(8, (os.cpu_count() or 2) - 1))
    echo(f"Synthesising {task} pairs from {len(photos)} photos into {output} with {workers} processes")
    entries: list[dict[str, Any]] = []
    if workers == 1:
        results = map(run_job, jobs)
    else:
        prepare_fork()
        pool = ProcessPoolExecutor(workers)
        results = pool.map(run_job, jobs, chunksize=4)
    for done, result in enumerate(results, start=1):
        entries += result
        if done % 20 == 0 or done == len(jobs):
            echo(f"  {done}/{len(jobs)} photos")
    if workers != 1:
        pool.shutdown()
    problems = [e for e in entries if "problem" in e]
    for entry in problems:
        echo(f"warning: {entry['source']}: {entry['problem']}")
    manifest = {
        "task": task,
        "seed": seed,
        "sources": clean,
        "ranges": trainable_task(task).ranges().to_dict(),
        "counts": {
            "train": sum(e.get("split") == "train" for e in entries),
            "test": sum(e.get("split") == "test" for e in entries),
            "unreadable": len(problems),
        },
        "items": entries,
    }
    text = json.dumps(manifest, indent=1)
    atomic_write(output / "synthesis.json", lambda temporary: temporary.write_text(text, encoding="utf-8"))
    echo(f"Wrote {manifest['counts']['train']} training and {manifest['counts']['test']} test pairs to {output}")
    return manifest
