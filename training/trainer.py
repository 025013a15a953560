"""The trainer: a step-based loop over the published recipe with resumable checkpoints, validation,
a CSV log, a plot, a time budget and clean stops on Ctrl-C."""

from __future__ import annotations

import math
import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import torch
from torch.nn.parallel import DistributedDataParallel
from torch.utils.data import DataLoader

from core.errors import AKNetError, CheckpointError
from core.input_prior import prior_of
from core.network import AKNet
from core.network.checkpoint import load_checkpoint
from training.config import TrainConfig, plan_steps
from training.data import RunData
from training.distributed import SINGLE, Group
from training.export import export_state
from training.log import TrainingLog
from training.losses import airlight_loss, aknet_loss, transmission_loss
from training.plot import plot_training
from training.progress_bar import ProgressBar, format_duration
from training.runtime import choose_runtime, graceful_interrupt, init_worker, prepare_fork
from training.sampler import StepBatchSampler
from training.schedule import WarmupCosine
from training.state import capture_rng, load_training_checkpoint, restore_rng, save_checkpoint
from training.validation import iterate, score_pairs


@dataclass
class FitResult:
    """How a call to Trainer.fit ended."""

    step: int
    stopped: str
    seconds: float
    steps_per_second: float
    losses: list[float] = field(default_factory=list)
    validation: dict[str, Any] | None = None
    best: dict[str, Any] | None = None
    checkpoint: Path | None = None
    exported: Path | None = None


class Trainer:
    """Trains an AKNet on a run's data with a TrainConfig; resumes from config.resume when given. In a
    distributed run (`group` from training.distributed.joined) every process trains on its slice of each
    global batch with gradients averaged over all; rank 0 alone validates, prints and writes files."""

    def __init__(
        self,
        config: TrainConfig,
        data: RunData,
        echo: Callable[[str], None] | None = None,
        group: Group = SINGLE,
    ) -> None:
        self.config, self.data, self.group = config, data, group
        group.share(config.batch_size)
        self.echo = echo if echo and group.is_main else (lambda text: None)
        self.output = Path(config.output_dir)
        random.seed(config.seed)
        np.random.seed(config.seed % 2**32)
        torch.manual_seed(config.seed)
        self.runtime = runtime = choose_runtime(config, group)
        self.network_config = config.network_config()
        self.model = AKNet(self.network_config).set_fast_paths(config.fast_paths)
        if config.init_weights:
            self._load_initial_weights(Path(config.init_weights))
        self.model.to(runtime.device)
        if runtime.channels_last:
            self.model.to(memory_format=torch.channels_last)
        self._heads: list[torch.Tensor] = []  # the heads' raw outputs of the last forward (haze supervision)
        if config.airlight_weight or config.transmission_weight:
            for head in (self.model.out_quarter, self.model.out_half, self.model.out_full):
                head.register_forward_hook(lambda module, args, raw: self._heads.append(raw))
        forward: torch.nn.Module = self.model
        if group.active:  # backward() averages the gradients over the processes
            for parameter in self.model.parameters():
                # One-channel filters are contiguous in both layouts; autograd hands back their gradients in the
                # plain one, which DDP's gradient buckets must share (else it warns and copies every step).
                if parameter.dim() == 4 and parameter.shape[1] == 1:
                    parameter.data = parameter.data.clone(memory_format=torch.contiguous_format)
            device_ids = [runtime.device.index] if runtime.device.type == "cuda" else None
            forward = DistributedDataParallel(self.model, device_ids=device_ids, gradient_as_bucket_view=True)
        self.forward = torch.compile(forward) if config.compile else forward
        fused = runtime.device.type == "cuda"
        self.optimizer = torch.optim.Adam(
            self.model.parameters(),
            lr=config.learning_rate,
            betas=config.betas,
            weight_decay=config.weight_decay,
            fused=fused or None,
        )
        self.plan = plan_steps(config, len(data.train))
        self.schedule = WarmupCosine(
            config.learning_rate, self.plan.total_steps, self.plan.warmup_steps, floor=config.min_learning_rate
        )
        self.scaler = torch.amp.GradScaler("cuda", enabled=runtime.amp_dtype == torch.float16)
        self.step, self.elapsed = 0, 0.0  # elapsed: seconds trained before the running fit() began
        self._running_since: float | None = None
        self.best: dict[str, Any] = {}
        self.validation: dict[str, Any] = {}
        self.valid_seconds = 0.0
        self.record_losses = False
        if config.resume:
            self.load_state(load_training_checkpoint(Path(config.resume)))
        self.log = TrainingLog(self.output / "log.csv", keep_until_step=self.step if config.resume else None)

    # ---- state -------------------------------------------------------------------------------------
    def _load_initial_weights(self, path: Path) -> None:
        checkpoint = load_checkpoint(path, config=self.network_config)
        prior = prior_of(checkpoint.metadata)
        if prior != self.config.input_prior:
            raise AKNetError(
                f"{path.name} was trained on inputs prepared by {prior or 'no input prior'}, "
                f"this run uses {self.config.input_prior or 'none'}: set --input-prior to match, or start afresh."
            )
        self.model.load_state_dict({k: v.float() for k, v in checkpoint.state_dict.items()})
        self.echo(f"Starting from the weights in {path.name} ({checkpoint.source_format}).")

    def state_dict(self) -> dict[str, Any]:
        """Everything needed to continue this run exactly, as plain data and tensors."""
        return {
            "model": {k: v.detach().cpu() for k, v in self.model.state_dict().items()},
            "optimizer": self.optimizer.state_dict(),
            "schedule": self.schedule.state_dict(),
            "scaler": self.scaler.state_dict(),
            "step": self.step,
            "elapsed_seconds": self.elapsed_now(),
            "rng": capture_rng(),
            "best": self.best,
            "validation": self.validation,
            "config": self.config.to_dict(),
            "network": self.network_config.to_dict(),
            "data": self.data.info,
            "hardware": self.runtime.hardware(),
        }

    def load_state(self, state: dict[str, Any]) -> None:
        """Continue from a state_dict(): weights, optimiser, scaler, step, time used, best score, RNG."""
        if state.get("network") != self.network_config.to_dict():
            raise CheckpointError(
                f"The checkpoint is for a network {state.get('network')}, but this run builds "
                f"{self.network_config.to_dict()}; use the same --model settings to resume."
            )
        self.model.load_state_dict(state["model"])
        self.optimizer.load_state_dict(state["optimizer"])
        if state.get("scaler"):
            self.scaler.load_state_dict(state["scaler"])
        self.step, self.elapsed = int(state["step"]), float(state.get("elapsed_seconds", 0.0))
        self.best, self.validation = dict(state.get("best") or {}), dict(state.get("validation") or {})
        restore_rng(state["rng"])
        self.echo(f"Resuming at step {self.step} ({format_duration(self.elapsed)} trained so far).")

    def save(self, path: Path) -> Path:
        """Write a resumable checkpoint to `path` (rank 0 does, in a distributed run; every process returns
        the path)."""
        return save_checkpoint(path, self.state_dict()) if self.group.is_main else Path(path)

    def _save_periodic(self) -> Path:
        folder = self.output / "checkpoints"
        path = self.save(folder / f"step_{self.step:07d}.pt")
        self.save(self.output / "last.pt")
        if self.config.keep_checkpoints > 0 and self.group.is_main:
            for old in sorted(folder.glob("step_*.pt"))[: -self.config.keep_checkpoints]:
                old.unlink(missing_ok=True)
        return path

    # ---- one step ----------------------------------------------------------------------------------
    def train_step(
        self,
        degraded: torch.Tensor,
        clean: torch.Tensor,
        progress: float | None = None,
        airlight: torch.Tensor | None = None,
        transmission: torch.Tensor | None = None,
    ) -> dict:
        """One optimisation step on a batch (with the synthesised airlight, N×3, and transmission map, N×1×H×W,
        where the haze output is supervised); returns the loss, its parts, the gradient norm and the lr."""
        device, memory = self.runtime.device, torch.channels_last if self.runtime.channels_last else None
        degraded = degraded.to(device, non_blocking=True)
        clean = clean.to(device, non_blocking=True)
        if memory is not None:
            degraded = degraded.contiguous(memory_format=memory)
        lr = self.schedule.apply(self.optimizer, self.step, progress)
        self.model.train()
        with torch.autocast(device.type, dtype=self.runtime.amp_dtype, enabled=self.runtime.amp_dtype is not None):
            self._heads.clear()
            outputs = self.forward(degraded)
        loss, parts = aknet_loss(outputs, clean, self.config.fft_weight)
        if airlight is not None and self._heads and self.config.airlight_weight:
            loss = loss + self.config.airlight_weight * airlight_loss(self._heads, airlight.to(device))
        if transmission is not None and self._heads and self.config.transmission_weight:
            loss = loss + self.config.transmission_weight * transmission_loss(self._heads, transmission.to(device))
        self.optimizer.zero_grad(set_to_none=True)
        self.scaler.scale(loss).backward()
        self.scaler.unscale_(self.optimizer)
        max_norm = self.config.grad_clip if self.config.grad_clip > 0 else float("inf")
        grad_norm = torch.nn.utils.clip_grad_norm_(self.model.parameters(), max_norm)
        self.scaler.step(self.optimizer)
        self.scaler.update()
        self.step += 1
        return {"loss": loss.detach(), **parts, "grad_norm": grad_norm.detach(), "lr": lr}

    # ---- validation --------------------------------------------------------------------------------
    def validate(self) -> dict[str, Any] | None:
        """Score the model on the validation set; keeps best.pt when PSNR improves. Rank 0's job alone in a
        distributed run (the others wait at the next step)."""
        if not self.group.is_main or self.data.valid is None or not len(self.data.valid):
            return None
        start = time.perf_counter()
        runtime = self.runtime
        scores = score_pairs(
            self.model, iterate(self.data.valid), runtime.device, runtime.amp_dtype, runtime.channels_last
        )
        self.valid_seconds = time.perf_counter() - start
        self.validation = {**scores.to_dict(), "step": self.step}
        if not self.best or scores.mean_psnr > self.best["psnr"]:
            self.best = dict(self.validation)
            self.save(self.output / "best.pt")
        return self.validation

    # ---- the loop ----------------------------------------------------------------------------------
    def _loader(self, steps: int) -> DataLoader:
        config, group = self.config, self.group
        size = len(self.data.train)
        sampler = StepBatchSampler(size, config.batch_size, config.seed, self.step, steps, group.rank, group.world_size)
        workers = self.runtime.workers
        if workers:
            prepare_fork()
        return DataLoader(
            self.data.train,
            batch_sampler=sampler,
            num_workers=workers,
            pin_memory=self.runtime.device.type == "cuda",
            worker_init_fn=init_worker if workers else None,
            prefetch_factor=4 if workers else None,
        )

    def elapsed_now(self) -> float:
        """Seconds trained so far, the running fit() included (what a checkpoint saved now records)."""
        running = time.perf_counter() - self._running_since if self._running_since is not None else 0.0
        return self.elapsed + running

    def _time_left(self) -> float:
        if not self.config.max_minutes:
            return float("inf")
        return self.config.max_minutes * 60 - self.elapsed_now()

    def _progress(self) -> float | None:
        """Cosine position by time when the run is limited by time rather than by steps."""
        if self.config.max_minutes and self.config.steps is None:
            return self.elapsed_now() / (self.config.max_minutes * 60)
        return None

    def fit(self, until_step: int | None = None, export: bool = True) -> FitResult:
        """Train until the plan's last step (or `until_step`), the time budget, or Ctrl-C; then save."""
        config, plan = self.config, self.plan
        end = min(until_step or plan.total_steps, plan.total_steps)
        if self.group.is_main:
            self.output.mkdir(parents=True, exist_ok=True)
        bar = ProgressBar(end, quiet=not self.group.is_main)
        batch = f"batch {config.batch_size}×{config.crop_size}²"
        if self.group.active:
            batch += f" ({self.group.share(config.batch_size)} in each of {self.group.world_size} processes)"
        self.echo(
            f"Training {config.task} on {self.runtime.label}: steps {self.step}→{end}, {batch}, "
            f"{len(self.data.train)} training items, warm-up {plan.warmup_steps} steps"
        )
        losses: list[float] = []
        stopped, started = "finished", time.perf_counter()
        self._running_since = started
        self._window = (started, self.step, None)
        rate, reserve = 0.0, 0.0
        notice = "Stopping after this step and saving (Ctrl-C again to abort)."
        progress = self._agree(False, reserve)[2]
        with graceful_interrupt(lambda: bar.message(notice)) as stop:
            for degraded, clean, *targets in self._loader(max(0, end - self.step)):
                figures = self.train_step(degraded, clean, progress, *targets)
                if self.record_losses:
                    losses.append(float(figures["loss"]))
                if self.step % config.log_every == 0 or self.step == end:
                    rate = self._log_window(figures, bar)
                else:
                    self._accumulate(figures)
                pause = time.perf_counter()
                if self.step % plan.valid_every == 0 and self.step < end:
                    self._validate_and_log(bar)
                    reserve = self.valid_seconds * 1.2 + 5
                if self.step % plan.save_every == 0 and self.step < end:
                    self._save_periodic()
                    self._write_reports()
                self._exclude_from_rate(time.perf_counter() - pause)
                interrupted, out_of_time, progress = self._agree(stop(), reserve)
                if interrupted:
                    stopped = "interrupted"
                    break
                if out_of_time:
                    stopped = "time budget"
                    break
                if self.step >= end:
                    break
        bar.close()
        if stopped != "interrupted" and self.validation.get("step") != self.step:
            self._validate_and_log(bar)
        seconds = time.perf_counter() - started
        self.elapsed, self._running_since = self.elapsed + seconds, None
        result = FitResult(self.step, stopped, seconds, rate, losses)
        result.checkpoint = self.save(self.output / "last.pt")
        if stopped == "interrupted":
            self.echo(f"Saved {result.checkpoint}; continue with --resume {result.checkpoint}.")
        elif export and (until_step is None or self.step >= plan.total_steps or stopped == "time budget"):
            result.exported = self.export(self.output / f"{config.task}.safetensors") if self.group.is_main else None
        self._write_reports()
        result.validation, result.best = self.validation or None, self.best or None
        return result

    def _agree(self, interrupted: bool, reserve: float) -> tuple[bool, bool, float | None]:
        """Whether to stop (Ctrl-C; the time budget, less `reserve` seconds) and the next step's cosine position
        by time: in a distributed run the same for every process, so all stop at one step and keep one
        learning rate (a Ctrl-C or an exhausted budget in any process stops them all)."""
        progress = self._progress()
        out_of_time = self._time_left() <= reserve
        agreed = self.group.agree([float(interrupted), float(out_of_time), -1.0 if progress is None else progress])
        return agreed[0] > 0, agreed[1] > 0, None if progress is None else agreed[2]

    def _accumulate(self, figures: dict) -> None:
        """Add a step's figures to the current log window (on the device: no synchronisation)."""
        values = torch.stack([figures[k].float() for k in ("loss", "l1", "fft", "grad_norm")])
        start, first_step, sums = self._window
        self._window = (start, first_step, values if sums is None else sums + values)

    def _exclude_from_rate(self, seconds: float) -> None:
        """Leave time spent validating and saving out of the steps-per-second figure."""
        start, first_step, sums = self._window
        self._window = (start + seconds, first_step, sums)

    def _log_window(self, figures: dict, bar: ProgressBar) -> float:
        """Write the mean figures since the last log row, update the bar; returns steps per second."""
        self._accumulate(figures)
        window_start, first_step, sums = self._window
        now = time.perf_counter()
        means = (self.group.mean(sums) / (self.step - first_step)).tolist()  # over every process's samples
        if not math.isfinite(means[0]):
            self.save(self.output / "diverged.pt")
            self.group.barrier()  # the others stop with rank 0's file written
            raise AKNetError(
                f"Training diverged at step {self.step} (loss {means[0]}). Lower --learning_rate or "
                "resume from the last good checkpoint (last.pt)."
            )
        rate = (self.step - first_step) / max(now - window_start, 1e-9)
        self.log.add(
            step=self.step,
            epoch=round(self.step / self.plan.steps_per_epoch, 3),
            lr=figures["lr"],
            loss=means[0],
            l1=means[1],
            fft=means[2],
            grad_norm=means[3],
            steps_per_s=rate,
            samples_per_s=rate * self.config.batch_size,
            elapsed_s=self.elapsed_now(),
        )
        minutes = self.config.max_minutes
        budget = (self.elapsed_now(), minutes * 60) if minutes else None
        bar.update(self.step, rate, f"loss {means[0]:.4f} lr {figures['lr']:.2e}", budget=budget)
        self._window = (now, self.step, None)
        return rate

    def _validate_and_log(self, bar: ProgressBar) -> None:
        scores = self.validate()
        if scores is None:
            return
        self.log.add(
            step=self.step,
            epoch=round(self.step / self.plan.steps_per_epoch, 3),
            valid_psnr=scores["psnr"],
            valid_ssim=scores["ssim"],
            elapsed_s=self.elapsed_now(),
        )
        best = f" (best {self.best['psnr']:.2f} dB at step {self.best['step']})" if self.best else ""
        bar.message(f"step {self.step}: validation PSNR {scores['psnr']:.2f} dB, SSIM {scores['ssim']:.4f}{best}")

    def _write_reports(self) -> None:
        if not self.group.is_main:
            return
        self.log.flush()
        plot_training(self.log.series("loss"), self.log.series("valid_psnr"), self.output / "plot.png")

    def export(self, path: Path) -> Path:
        """Write the best weights (or the current ones, without validation) in the app's format."""
        best_path = self.output / "best.pt"
        state = load_training_checkpoint(best_path) if self.best and best_path.is_file() else self.state_dict()
        state["elapsed_seconds"] = self.elapsed
        exported = export_state(state, path)
        self.echo(f"Exported weights (step {state['step']}) to {exported}")
        return exported
