"""The task registry: what each restoration task is called and which weights it runs with."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from core.errors import AKNetError, WeightsMissingError
from core.resources import resource_path

WEIGHTS_SUFFIXES = (".pkl", ".pth", ".pt", ".safetensors")
"""File types a checkpoint can be loaded from (published .pkl/.pth/.pt, or our .safetensors)."""


@dataclass(frozen=True)
class Task:
    """A restoration the app offers."""

    name: str
    label: str
    description: str
    weights_file: str | None = None
    classic: bool = False

    def weights_path(self) -> Path | None:
        """Where the bundled weights of this task live (None for the classic method)."""
        return resource_path("weights", self.weights_file) if self.weights_file else None


TASKS: dict[str, Task] = {
    task.name: task
    for task in (
        Task("dehaze", "Dehaze", "Remove haze and fog with AKNet.", "dehaze.safetensors"),
        Task("desnow", "Desnow", "Remove falling snow with AKNet.", "desnow.safetensors"),
        Task("defocus", "Defocus deblur", "Sharpen out-of-focus photos with AKNet.", "defocus.safetensors"),
        Task(
            "classic-dehaze",
            "Classic dehaze (no AI)",
            "Dark channel prior dehazing (He et al.): fast, needs no weights.",
            classic=True,
        ),
    )
}


def get_task(name: str) -> Task:
    """The task called `name`; an AKNetError listing the valid ones otherwise."""
    try:
        return TASKS[name]
    except KeyError:
        raise AKNetError(f"Unknown task '{name}'. Choose one of: {', '.join(TASKS)}.") from None


def bundled_weights(task_name: str) -> Path:
    """The shipped weights of a task; a clear WeightsMissingError when it has none yet."""
    task = get_task(task_name)
    path = task.weights_path()
    if path is None:
        raise WeightsMissingError(f"{task.label} needs no weights.")
    if not path.is_file():
        raise WeightsMissingError(
            f"No trained weights are bundled for {task.label} yet ({path.name} is missing), so it cannot run. "
            "Load a checkpoint for this task (--weights FILE, or Model ▸ Load checkpoint… in the app)."
        )
    return path


def task_available(task_name: str) -> bool:
    """Whether a task can run with what is bundled (the classic method always can)."""
    task = get_task(task_name)
    return task.classic or (task.weights_path() is not None and task.weights_path().is_file())
