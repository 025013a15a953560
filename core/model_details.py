"""What a model manager shows about a checkpoint: its task, architecture (and preset), size and training."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

from core.errors import AKNetError
from core.models_folder import ModelFile
from core.progress import format_seconds
from core.tasks import TASKS


@dataclass
class ModelDetails:
    """A model read through the real loader; `error` says why it could not be read ('' when it could)."""

    model: ModelFile
    trained_for: str | None = None
    architecture: str = ""
    preset: str | None = None
    parameters: int = 0
    source_format: str = ""
    training: str = ""
    metadata: dict[str, Any] = field(default_factory=dict)
    error: str = ""

    @property
    def task_label(self) -> str:
        """The task it is offered for, for people."""
        task = self.model.task or self.trained_for
        return TASKS[task].label if task in TASKS else "Any task"

    def to_dict(self) -> dict[str, Any]:
        """Plain data, for `aknet models list --json`."""
        return {
            "name": self.model.name,
            "path": str(self.model.path),
            "task": self.model.task,
            "trained_for": self.trained_for,
            "source": "bundled" if self.model.bundled else "installed",
            "architecture": self.architecture,
            "preset": self.preset,
            "parameters": self.parameters,
            "format": self.source_format,
            "training": self.training,
            "error": self.error,
        }


def training_summary(metadata: dict[str, Any]) -> str:
    """The training metadata in one line, e.g. '4,000 steps, 1 h 45 min · validation 21.65 dB / SSIM 0.907'."""
    parts = []
    training = metadata.get("training")
    if isinstance(training, dict) and isinstance(training.get("steps"), int):
        seconds = training.get("seconds")
        took = f", {format_seconds(seconds)}" if isinstance(seconds, int | float) else ""
        parts.append(f"{training['steps']:,} steps{took}")
    validation = metadata.get("validation")
    if isinstance(validation, dict) and isinstance(validation.get("psnr"), int | float):
        ssim = validation.get("ssim")
        parts.append(
            f"validation {validation['psnr']:.2f} dB" + (f" / SSIM {ssim:.3f}" if isinstance(ssim, int | float) else "")
        )
    data = metadata.get("data")
    if isinstance(data, dict) and isinstance(data.get("kind"), str):
        parts.append(f"{data['kind']} data")
    provenance = metadata.get("provenance")
    if not parts and isinstance(provenance, str):
        parts.append(provenance)
    return " · ".join(parts)


def describe_model(model: ModelFile) -> ModelDetails:
    """Read a model with the real loader (imports torch: call it off the UI thread)."""
    from core.network.checkpoint import load_checkpoint
    from core.network.config import PRESETS

    try:
        checkpoint = load_checkpoint(model.path)
    except AKNetError as exc:
        return ModelDetails(model, error=str(exc))
    cfg = checkpoint.config
    preset = next((name for name, known in PRESETS.items() if known == replace(cfg, output="image")), None)
    architecture = f"AKNet {cfg.base_channels} ch, {cfg.num_blocks} blocks, {cfg.kernel_size}×{cfg.kernel_size}"
    if cfg.output != "image":
        architecture += f", {cfg.output} output"
    return ModelDetails(
        model,
        trained_for=checkpoint.task if isinstance(checkpoint.task, str) else None,
        architecture=architecture,
        preset=preset,
        parameters=checkpoint.parameter_count,
        source_format=checkpoint.source_format,
        training=training_summary(checkpoint.metadata),
        metadata={k: v for k, v in checkpoint.metadata.items() if k not in ("config", "format")},
    )
