"""Training throughput: median time of a full optimisation step (forward, loss, backward, clip, Adam) and
how many synthetic samples per second one data worker makes. Run as `aknet train --benchmark` with any
training options (e.g. `--batch-size 4 --crop-size 128`, `--plain-kernels`); with --data_dir or --clean it
times those photos, otherwise photo-like images made in memory."""

from __future__ import annotations

import statistics
import time
from typing import Any

import numpy as np
import torch

from training.config import TrainConfig
from training.data import RunData
from training.datasets import Augment, SyntheticDataset
from training.tasks import trainable_task


def photo_like(rng: np.random.Generator, height: int, width: int) -> np.ndarray:
    """A photo-like uint8 image (smooth colour fields plus texture) to synthesise from without files."""
    from training.degradations.fields import smooth_field

    channels = [smooth_field(rng, height, width, cells=3) for _ in range(3)]
    texture = rng.normal(0, 0.04, (height, width, 1))
    return (np.clip(np.stack(channels, -1) * 0.8 + 0.1 + texture, 0, 1) * 255).astype(np.uint8)


def synthetic_run_data(config: TrainConfig, count: int = 8, size: int = 512) -> RunData:
    """In-memory clean photos (no files) degraded on the fly for the configuration's task."""
    rng = np.random.default_rng(config.seed)
    images = [photo_like(rng, size, size) for _ in range(count)]
    augment = Augment(config.crop_size, True, config.rot90, config.colour_jitter, tuple(config.scale_range))
    train = SyntheticDataset(images, config.task, augment, trainable_task(config.task).ranges())
    return RunData(train, None, [], {"kind": "benchmark"})


def benchmark(config: TrainConfig, steps: int = 5, warmup: int = 2, data: RunData | None = None) -> dict[str, Any]:
    """Time `steps` optimisation steps after `warmup` untimed ones, and per-sample data synthesis."""
    from training.trainer import Trainer

    data = data or synthetic_run_data(config)
    config.output_dir = config.output_dir or "runs/bench"
    trainer = Trainer(config, data)
    keys = [[(i % len(data.train), config.seed, i) for i in range(b * config.batch_size, (b + 1) * config.batch_size)]
            for b in range(steps + warmup)]  # fmt: skip
    sample_seconds = []
    batches = []
    for batch_keys in keys:
        start = time.perf_counter()
        items = [data.train[key] for key in batch_keys]
        sample_seconds.append((time.perf_counter() - start) / len(items))
        batches.append(tuple(torch.stack(part) for part in zip(*items, strict=True)))
    durations = []
    for index, (degraded, clean) in enumerate(batches):
        if trainer.runtime.device.type == "cuda":
            torch.cuda.synchronize()
        start = time.perf_counter()
        figures = trainer.train_step(degraded, clean)
        float(figures["loss"])  # waits for the step to finish
        if index >= warmup:
            durations.append(time.perf_counter() - start)
    median = statistics.median(durations)
    result = {
        "device": trainer.runtime.label,
        "model": config.network_config().to_dict(),
        "batch": config.batch_size,
        "crop": config.crop_size,
        "steps_timed": len(durations),
        "step_seconds_median": round(median, 4),
        "step_seconds_min": round(min(durations), 4),
        "steps_per_second": round(1 / median, 3),
        "samples_per_second": round(config.batch_size / median, 2),
        "synthesis_ms_per_sample": round(1000 * statistics.median(sample_seconds), 2),
        "task": config.task,
    }
    if trainer.runtime.device.type == "cuda":
        result["peak_gpu_memory_gb"] = round(torch.cuda.max_memory_allocated() / 1e9, 2)
    return result
