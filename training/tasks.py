"""The tasks AKNet can be trained for: one record each, from which the trainer, the dataset tools, the
command lines and the evaluation take what they need. The app's side of each task (its label and bundled
weights) is core.tasks; a test holds the two lists of names equal."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

from core.errors import AKNetError
from training import baselines
from training.degradations import defocus, haze, snow

Synthesizer = Callable[..., tuple[np.ndarray, dict[str, Any]]]
"""`synthesize(clean, rng, ranges) -> (degraded, params)`, deterministic for a given seed."""


@dataclass(frozen=True)
class TrainableTask:
    """What training, dataset tools and evaluation need to know about one restoration task."""

    name: str  # as in core.tasks
    synthesize: Synthesizer  # the degradation generator
    ranges: type  # the generator's `…Ranges` dataclass (defaults: the documented ranges)
    input_folder: str  # where a dataset keeps the degraded photos (beside gt/)
    title: str  # what an evaluation report calls the task
    baseline_title: str  # what it calls the task's classic method
    baselines: Callable[[], list[Any]]  # the settings of that method an evaluation tries
    uses_depth: bool = False  # the generator takes the whole photo's depth (haze: far is hazier)


TRAINABLE_TASKS: dict[str, TrainableTask] = {
    task.name: task
    for task in (
        TrainableTask(
            "dehaze", haze.synthesize, haze.HazeRanges, "hazy", "Dehazing", "Classic (DCP)", baselines.dark_channel,
            uses_depth=True,
        ),
        TrainableTask(
            "desnow", snow.synthesize, snow.SnowRanges, "snow", "Desnowing", "Median filter", baselines.median_filters
        ),
        TrainableTask(
            "defocus", defocus.synthesize, defocus.DefocusRanges, "blur", "Defocus deblurring", "Unsharp mask",
            baselines.unsharp_masks,
        ),
    )
}  # fmt: skip


def trainable_task(name: str) -> TrainableTask:
    """The record of a task AKNet can be trained for; an AKNetError listing them otherwise."""
    try:
        return TRAINABLE_TASKS[name]
    except KeyError:
        choices = ", ".join(TRAINABLE_TASKS)
        raise AKNetError(f"No synthetic degradation for task '{name}'; choose one of: {choices}.") from None
