"""Training configuration: one dataclass whose defaults are the published recipe."""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, field, fields
from typing import Any

from core.errors import AKNetError
from core.input_prior import check_prior
from core.network import PRESETS, AKNetConfig
from training.tasks import TRAINABLE_TASKS


@dataclass
class TrainConfig:
    """Everything a training run needs; the defaults are the published AKNet recipe (AKNET_SPEC.md)."""

    # What to learn.
    task: str = "dehaze"
    model: str = "published"
    base_channels: int | None = None
    num_blocks: int | None = None
    kernel_size: int | None = None
    output: str = "image"  # what the network predicts (core.network.config.OUTPUTS)
    # Data: a paired folder (DIR/train, DIR/test) and/or clean photo folders to synthesise from.
    data_dir: str | None = None
    clean_dirs: list[str] = field(default_factory=list)
    extra_clean_dirs: list[str] = field(default_factory=list)  # training only: never held out, nor move the held-out
    synthesize: bool = False
    valid_count: int = 16
    valid_size: int = 0
    cache_gb: float = 4.0
    max_side: int = 0
    scale_range: tuple[float, float] = (0.5, 1.0)
    rot90: bool = False
    colour_jitter: float = 0.0
    input_prior: str | None = None  # a classic restoration the network refines (core.input_prior)
    # The published recipe.
    batch_size: int = 8
    crop_size: int = 256
    learning_rate: float = 2e-4
    min_learning_rate: float = 1e-6
    betas: tuple[float, float] = (0.9, 0.999)
    weight_decay: float = 0.0
    fft_weight: float = 0.1
    airlight_weight: float = 0.0  # haze output: L1 of each head's airlight against the synthesised one
    transmission_weight: float = 0.0  # haze output: L1 of each head's transmission map against the synthesised one
    grad_clip: float = 0.01
    num_epoch: int = 500
    warmup_epochs: float = 1.0
    save_freq: int = 50
    valid_freq: int = 30
    seed: int = 100
    holdout_seed: int | None = None  # picks (and degrades) the held-out photos; None: the seed
    # Beyond the published interface.
    steps: int | None = None
    warmup_steps: int | None = None
    save_every: int | None = None
    valid_every: int | None = None
    log_every: int = 10
    keep_checkpoints: int = 3
    max_minutes: float | None = None
    num_workers: int = -1
    device: str = "auto"
    amp: str = "auto"
    channels_last: bool | None = None
    compile: bool = False
    fast_paths: bool = True
    deterministic: bool = False
    dist_timeout: float = 30.0  # minutes a process of a distributed run waits for the others
    output_dir: str = "runs"
    resume: str | None = None
    init_weights: str | None = None

    def __post_init__(self) -> None:
        if self.task not in TRAINABLE_TASKS:
            choices = ", ".join(TRAINABLE_TASKS)
            raise AKNetError(f"Unknown task '{self.task}'; choose one of: {choices}.")
        if self.model not in PRESETS:
            raise AKNetError(f"Unknown model preset '{self.model}'; choose one of: {', '.join(PRESETS)}.")
        if self.crop_size < 16 or self.crop_size % 4:
            raise AKNetError(f"--crop-size must be a multiple of 4 and at least 16, got {self.crop_size}.")
        if self.dist_timeout <= 0:
            raise AKNetError(f"--dist-timeout must be a positive number of minutes, got {self.dist_timeout}.")
        if self.batch_size < 1:
            raise AKNetError(f"--batch-size must be at least 1, got {self.batch_size}.")
        if self.amp not in ("auto", "bf16", "fp16", "off"):
            raise AKNetError(f"--amp must be auto, bf16, fp16 or off, got '{self.amp}'.")
        if self.valid_size % 4:
            raise AKNetError(f"--valid-size must be a multiple of 4 (0 for whole images), got {self.valid_size}.")
        self.scale_range = tuple(self.scale_range)  # type: ignore[assignment]
        low, high = self.scale_range
        if not 0 < low <= high <= 1:
            raise AKNetError(f"--scale-range must satisfy 0 < low ≤ high ≤ 1, got {low} {high}.")
        self.betas = tuple(self.betas)  # type: ignore[assignment]
        check_prior(self.input_prior)
        if self.output == "haze" and (self.task != "dehaze" or self.input_prior):
            raise AKNetError("--output haze models haze itself: it is for --task dehaze without an input prior.")
        if (self.airlight_weight or self.transmission_weight) and (
            self.output != "haze" or (self.data_dir and not self.synthesize)
        ):
            raise AKNetError(
                "--airlight-weight and --transmission-weight supervise the airlight and map the haze output "
                "predicts against those the haze was synthesised with: they need --output haze and synthetic pairs "
                "only (--clean, no --data_dir)."
            )

    def network_config(self) -> AKNetConfig:
        """The architecture: the named preset with any explicit size overrides."""
        preset = PRESETS[self.model].to_dict()
        overrides = {"base_channels": self.base_channels, "num_blocks": self.num_blocks}
        overrides["kernel_size"] = self.kernel_size
        overrides["output"] = self.output
        preset.update({k: v for k, v in overrides.items() if v is not None})
        try:
            return AKNetConfig(**preset)
        except ValueError as exc:
            raise AKNetError(f"Invalid model size: {exc}.") from exc

    def to_dict(self) -> dict[str, Any]:
        """The configuration as JSON-ready data (lists instead of tuples)."""
        data = asdict(self)
        return {k: list(v) if isinstance(v, tuple) else v for k, v in data.items()}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> TrainConfig:
        """A configuration from plain data, ignoring unknown keys."""
        names = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in data.items() if k in names})


@dataclass(frozen=True)
class StepPlan:
    """The run in steps: how many, and when to warm up, validate and save."""

    steps_per_epoch: int
    total_steps: int
    warmup_steps: int
    valid_every: int
    save_every: int


def plan_steps(config: TrainConfig, dataset_size: int) -> StepPlan:
    """Turn epochs (published) or steps (--steps) into step counts for a dataset of `dataset_size` items."""
    per_epoch = max(1, math.ceil(dataset_size / config.batch_size))
    total = config.steps if config.steps is not None else config.num_epoch * per_epoch
    if config.warmup_steps is not None:
        warmup = config.warmup_steps
    elif config.steps is None:
        warmup = round(config.warmup_epochs * per_epoch)
    else:  # a step budget: warm up for one epoch, but never more than 5 % of the run
        warmup = min(round(config.warmup_epochs * per_epoch), max(1, total // 20))
    valid_every = config.valid_every or config.valid_freq * per_epoch
    save_every = config.save_every or config.save_freq * per_epoch
    return StepPlan(per_epoch, max(1, total), max(0, min(warmup, total - 1)), max(1, valid_every), max(1, save_every))
