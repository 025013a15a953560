"""The restorer: owns a model on a device and turns a degraded image into a restored one."""

from __future__ import annotations

import contextlib
import logging
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import torch
from torch import nn
from torch.nn import functional as F

from core.devices import cpu_threads, describe_device, resolve_device
from core.errors import AKNetError, InvalidResultError, OutOfMemoryError
from core.input_prior import apply_prior, prior_of
from core.network.aknet import AKNet
from core.network.checkpoint import Checkpoint, load_checkpoint
from core.network.haze_model import WORKING_SIDE, apply_haze_map, map_input
from core.precision import autocast, choose_precision
from core.progress import CancelToken, ProgressCallback, RunReport, scaled
from core.tiled.forward import TiledForward
from core.tiled.planner import TilePlan, memory_budget, plan_tiles

logger = logging.getLogger(__name__)

MULTIPLE = 4  # AKNet works on sizes divisible by 4 (two stride-2 stages)
MIN_SIDE = 8  # the instance norm at 1/4 scale needs more than one pixel: at least 2×2 there


def pad_to_multiple(image: torch.Tensor, multiple: int = MULTIPLE) -> torch.Tensor:
    """Reflect-pad the bottom/right edge up to the next multiple (as the published evaluation does), and
    images smaller than MIN_SIDE up to it (edge pixels repeated); callers crop the result back."""
    height, width = image.shape[-2:]
    pad_h = max(-height % multiple, MIN_SIDE - height)
    pad_w = max(-width % multiple, MIN_SIDE - width)
    if not (pad_h or pad_w):
        return image
    mode = "reflect" if pad_h < height and pad_w < width else "replicate"
    return F.pad(image, (0, pad_w, 0, pad_h), mode=mode)


def parse_tile(tile: str | int | None) -> str | int:
    """Normalise a --tile value: 'auto', 'off', or a tile size in pixels (a multiple of 4, ≥ 64)."""
    if tile is None:
        return "auto"
    if isinstance(tile, int) or (isinstance(tile, str) and tile.strip().lstrip("+-").isdigit()):
        size = int(tile)
        if size < 64:
            raise AKNetError(f"Tile size {size} is too small; use at least 64 pixels, 'auto' or 'off'.")
        return size - size % MULTIPLE
    value = tile.strip().lower()
    if value not in ("auto", "off"):
        raise AKNetError(f"'{tile}' is not a tile setting; use auto, off or a size in pixels.")
    return value


# Share of the network's work done at each scale, per full-resolution pixel (for progress).
_SCALE_OF = (("quarter", 1 / 16), ("bottleneck", 1 / 16), ("half", 1 / 4))


class _ModuleProgress:
    """Forward hooks that report progress and honour cancel between the network's blocks."""

    def __init__(self, model: AKNet, progress: ProgressCallback | None, cancel: CancelToken | None) -> None:
        self.progress, self.cancel = progress, cancel
        self.modules: list[tuple[str, nn.Module, float]] = []
        for name, module in model.named_modules():
            depth = name.count(".")
            is_block = depth == 1 and name.split(".")[0].startswith(("encoder", "decoder"))
            is_top = depth == 0 and name and not name.startswith(("encoder", "decoder"))
            if is_block or is_top:
                scale = next((s for key, s in _SCALE_OF if key in name), 1.0)
                cost = sum(p.numel() for p in module.parameters()) * scale
                self.modules.append((name, module, cost))
        self.total = sum(cost for _, _, cost in self.modules) or 1.0
        self.done = 0.0

    @contextlib.contextmanager
    def attached(self) -> Iterator[None]:
        handles = []
        for _, module, cost in self.modules:
            handles.append(module.register_forward_pre_hook(self._before))
            handles.append(module.register_forward_hook(self._after(cost)))
        try:
            yield
        finally:
            for handle in handles:
                handle.remove()

    def _before(self, module: nn.Module, inputs: Any) -> None:
        if self.cancel is not None:
            self.cancel.raise_if_cancelled()

    def _after(self, cost: float):
        def hook(module: nn.Module, inputs: Any, output: Any) -> None:
            self.done += cost
            if self.progress is not None:
                self.progress(min(self.done / self.total, 1.0), "Restoring")

        return hook


def _is_out_of_memory(exc: BaseException) -> bool:
    """Whether an exception means that memory ran out (GPU or CPU allocator)."""
    if isinstance(exc, torch.cuda.OutOfMemoryError | MemoryError):
        return True
    text = str(exc)
    return "can't allocate memory" in text or "out of memory" in text.lower()


def _invalid_result() -> InvalidResultError:
    """What a restoration that produced NaN or infinity says (it is never written out as a black or speckled file)."""
    return InvalidResultError(
        "The network produced invalid values (NaN or infinity) for this image, so nothing was saved. "
        "The weights may be damaged or unsuited to this photo; try other weights or the classic method."
    )


def _log_run(shape: tuple[int, ...], report: RunReport | None) -> None:
    """One line per restore in the log: the photo's size, where and how long it ran, and any fallback."""
    if report is not None:
        how = f", tiles {report.tiles}" if report.tiled else ""
        fallback = f"; fallback: {report.fallback}" if report.fallback else ""
        logger.info(
            "restored %d×%d in %.2f s on %s%s%s", shape[1], shape[0], report.seconds, report.device, how, fallback
        )


def _all_finite(*tensors: torch.Tensor) -> bool:
    return all(bool(torch.isfinite(tensor).all()) for tensor in tensors)


PRIOR_SHARE = 0.05  # of a restore's progress bar taken by an input prior (milliseconds to seconds)


def _ran_out(device: torch.device) -> str:
    return "The GPU ran out of memory" if device.type == "cuda" else "There was not enough memory for the whole image"


class Restorer:
    """Restores RGB float images (H×W×3 in [0, 1]) with one AKNet loaded once on one device."""

    def __init__(
        self,
        checkpoint: Checkpoint | str | Path,
        device: str = "auto",
        tile: str | int | None = "auto",
        threads: int | None = None,
        half: bool | None = None,
        max_memory_mb: int | None = None,
        precision: str = "auto",
    ) -> None:
        self.checkpoint = checkpoint if isinstance(checkpoint, Checkpoint) else load_checkpoint(checkpoint)
        self.input_prior = prior_of(self.checkpoint.metadata)  # run on the photo before the network, if any
        self.device = resolve_device(device)
        if self.device.type == "cpu":
            torch.set_num_threads(threads or cpu_threads())
        if half is not None:  # the older switch: float16 or float32
            precision = "fp16" if half else "fp32"
        self.precision_choice = choose_precision(precision, self.device, self.checkpoint)
        self.precision = self.precision_choice.precision
        self.half = self.precision == "fp16"
        self.tile = parse_tile(tile)
        self.max_memory = max_memory_mb * 2**20 if max_memory_mb else None
        self.model = self._place(self.checkpoint.build_model(), self.device, half=self.half)
        self._cpu_model: AKNet | None = None  # built on first use, when the GPU runs out of memory
        self._full_precision_model: AKNet | None = None  # built on first use, when float16 overflows
        self.last_report: RunReport | None = None
        ck = self.checkpoint
        logger.info(
            "model %s (%s, task %s, %s parameters, output %s) on %s, tiles %s",
            ck.path, ck.source_format, ck.task or "not stated", f"{ck.parameter_count:,}", ck.config.output,
            self.device_label, self.tile,
        )  # fmt: skip

    def _place(self, model: AKNet, device: torch.device, half: bool = False) -> AKNet:
        model = model.to(device=device, dtype=torch.float16 if half else torch.float32)
        if device.type == "cpu":  # oneDNN convolutions run faster on channels-last tensors
            model = model.to(memory_format=torch.channels_last)
        return model

    @property
    def device_label(self) -> str:
        """Where the model runs, for status bars: 'CPU (2 threads)', 'NVIDIA … (cuda:0), fp16'."""
        label = describe_device(self.device)
        return label if self.precision == "fp32" else f"{label}, {self.precision}"

    @property
    def description(self) -> dict[str, Any]:
        """Model name, task, architecture, parameter count and metadata, for About boxes and `aknet info`."""
        ck = self.checkpoint
        return {
            "weights": str(ck.path),
            "format": ck.source_format,
            "task": ck.task,
            "config": ck.config.to_dict(),
            "parameters": ck.parameter_count,
            "input_prior": self.input_prior,
            "metadata": ck.metadata,
        }

    def restore(
        self, image: np.ndarray, progress: ProgressCallback | None = None, cancel: CancelToken | None = None
    ) -> np.ndarray:
        """Restore an RGB float32 image (H×W×3 in [0, 1]); the result has the same shape, clamped to [0, 1]."""
        if image.ndim != 3 or image.shape[2] != 3:
            raise AKNetError(f"Expected an RGB image of shape H×W×3, got {image.shape}.")
        if self.checkpoint.config.output == "haze":
            restored = self._restore_haze(image, progress, cancel)
        else:
            restored = self._restore_image(image, progress, cancel)
        _log_run(image.shape, self.last_report)
        return restored

    def _restore_image(
        self, image: np.ndarray, progress: ProgressCallback | None, cancel: CancelToken | None
    ) -> np.ndarray:
        """An image-output network over the whole photo (after its input prior, if the weights name one)."""
        network_progress, prior_seconds = progress, 0.0
        if self.input_prior is not None:  # the weights refine a classic restoration of the whole photo
            start = time.perf_counter()
            image = apply_prior(self.input_prior, image, scaled(progress, 0.0, PRIOR_SHARE), cancel)
            prior_seconds = time.perf_counter() - start
            network_progress = scaled(progress, PRIOR_SHARE, 1.0)
        tensor = torch.from_numpy(np.ascontiguousarray(image, dtype=np.float32)).permute(2, 0, 1).unsqueeze(0)
        restored = self.restore_tensor(tensor, network_progress, cancel)
        if self.last_report is not None:
            self.last_report.seconds += prior_seconds
        return restored[0].permute(1, 2, 0).numpy()

    @property
    def working_side(self) -> int:
        """Long side of the copy a haze-output network estimates its map on (the weights may name it)."""
        value = self.checkpoint.metadata.get("working_side", WORKING_SIDE)
        return int(value) if isinstance(value, int | float) and 64 <= value <= 4096 else WORKING_SIDE

    def _restore_haze(
        self, image: np.ndarray, progress: ProgressCallback | None, cancel: CancelToken | None
    ) -> np.ndarray:
        """A haze-output network: the transmission map and airlight estimated on a copy at the working size
        (milliseconds to a second, whatever the photo's size), then applied to the full-size photo."""
        self.last_report = None
        start = time.perf_counter()
        tensor = torch.from_numpy(np.ascontiguousarray(image, dtype=np.float32)).permute(2, 0, 1).unsqueeze(0)
        small = map_input(tensor, self.working_side)
        transmission, airlight = self._haze_map(small, self.model, scaled(progress, 0.0, 0.8), cancel)
        fallback = ""
        if not _all_finite(transmission, airlight) and self.half:
            transmission, airlight = self._haze_map(small, self._float32_model(), None, cancel)
            fallback = "float16 overflowed (NaN or infinity); redone in float32."
        if not _all_finite(transmission, airlight):
            raise _invalid_result()
        if cancel is not None:
            cancel.raise_if_cancelled()
        if progress is not None:
            progress(0.8, "Applying the haze map")
        restored = apply_haze_map(image, transmission[0, 0].numpy(), airlight.flatten().numpy())
        self.last_report = RunReport(self.device_label, False, time.perf_counter() - start, "", fallback)
        if progress is not None:
            progress(1.0, "Done")
        return restored

    def _haze_map(
        self, small: torch.Tensor, model: AKNet, progress: ProgressCallback | None, cancel: CancelToken | None
    ) -> tuple[torch.Tensor, torch.Tensor]:
        x = small.to(self.device, next(model.parameters()).dtype)
        if self.device.type == "cpu":
            x = x.contiguous(memory_format=torch.channels_last)
        with torch.inference_mode(), self._autocast(model), _ModuleProgress(model, progress, cancel).attached():
            transmission, airlight = model.haze_map(x)
        return transmission.float().cpu(), airlight.float().cpu()

    def restore_tensor(
        self, image: torch.Tensor, progress: ProgressCallback | None = None, cancel: CancelToken | None = None
    ) -> torch.Tensor:
        """Restore a 1×3×H×W float tensor on the CPU; returns a CPU float32 tensor of the same size.

        When memory runs out it retries in tiles and then (from a GPU) on the CPU, says so in
        `last_report.fallback`, and remembers it for later images at least as large.
        """
        self.last_report = None
        start = time.perf_counter()
        height, width = image.shape[-2:]
        padded = pad_to_multiple(image)
        pixels = padded.shape[-2] * padded.shape[-1]
        device, model, tile, fallback = self.device, self.model, self.tile, ""
        if pixels >= self._cpu_from_pixels:
            device, model, tile = torch.device("cpu"), self._cpu_fallback(), "auto"
            fallback = "The GPU ran out of memory on a photo this large before; restored on the CPU."
        elif pixels >= self._tiles_from_pixels and tile == "auto":
            tile, fallback = "auto-small", "The GPU ran out of memory on a photo this large before; restored in tiles."
        while True:
            plan = self.plan(*padded.shape[-2:], tile=tile, device=device)
            try:
                restored = self._run(padded, model, device, plan, progress, cancel)
                break
            except (torch.cuda.OutOfMemoryError, MemoryError, RuntimeError) as exc:
                if not _is_out_of_memory(exc):
                    raise
                # What was reached before failing is the real limit (the driver may report more free
                # memory than this process can have); tiles are then planned within half of it.
                self._retry_budget = torch.cuda.max_memory_allocated(device) // 2 if device.type == "cuda" else 0
                self._release_memory()
                if tile == "auto" and plan.whole:
                    tile = "auto-small"
                    fallback = f"{_ran_out(device)}; restored in tiles."
                    self._tiles_from_pixels = min(self._tiles_from_pixels, pixels)
                elif device.type == "cuda":
                    device, model, tile = torch.device("cpu"), self._cpu_fallback(), "auto"
                    fallback = "The GPU ran out of memory; restored on the CPU."
                    self._cpu_from_pixels = min(self._cpu_from_pixels, pixels)
                else:
                    raise OutOfMemoryError(
                        f"Not enough memory for a {width}×{height} image, even in tiles on the CPU. "
                        "Close other programs or restore a smaller copy."
                    ) from exc
        if not torch.isfinite(restored).all() and next(model.parameters()).dtype != torch.float32:
            restored = self._run(padded, self._float32_model(), device, plan, progress, cancel)  # the same tiles
            fallback = "; ".join(filter(None, [fallback, "float16 overflowed (NaN or infinity); redone in float32."]))
        if not torch.isfinite(restored).all():  # never written out as a black or speckled file
            raise _invalid_result()
        label = describe_device(device) if device != self.device else self.device_label
        tiles = "" if plan.whole else plan.describe()
        self.last_report = RunReport(label, not plan.whole, time.perf_counter() - start, tiles, fallback)
        return restored[..., :height, :width].clamp(0, 1)

    _retry_budget = 0
    _tiles_from_pixels = _cpu_from_pixels = float("inf")  # sizes that ran out of memory before

    def plan(self, height: int, width: int, tile: str | int | None = None, device: torch.device | None = None):
        """How an image of this size would be restored (whole or tiled, tile sizes, why)."""
        device = device or self.device
        dtype = next(self.model.parameters()).dtype if device == self.device else torch.float32
        budget = self.max_memory or memory_budget(device)
        tile = self.tile if tile is None else tile
        if tile == "auto-small":  # after a GPU out-of-memory error: tiles, within what was reachable
            tile, budget = "auto", min(budget // 4, self._retry_budget or budget)
        padded_h, padded_w = height + (-height % MULTIPLE), width + (-width % MULTIPLE)
        return plan_tiles(padded_h, padded_w, self.checkpoint.config, dtype, tile, budget)

    def _run(
        self,
        padded: torch.Tensor,
        model: AKNet,
        device: torch.device,
        plan: TilePlan,
        progress: ProgressCallback | None,
        cancel: CancelToken | None,
    ) -> torch.Tensor:
        """One attempt: the padded image through `model` on `device` as `plan` says (whole or in tiles)."""
        if device.type == "cuda":
            torch.cuda.reset_peak_memory_stats(device)
        with self._autocast(model, device):
            if plan.whole:
                return self._run_whole(padded, model, device, progress, cancel)
            return TiledForward(model, device, plan)(padded, progress, cancel)

    def _autocast(self, model: AKNet, device: torch.device | None = None):
        """bfloat16 autocast for the restorer's own model where that is the precision; nothing for fallbacks."""
        return autocast(self.precision if model is self.model else "fp32", device or self.device)

    def _float32_model(self) -> AKNet:
        """The model in float32 on the restorer's device, for redoing a float16 result that overflowed."""
        if self._full_precision_model is None:
            self._full_precision_model = self._place(self.checkpoint.build_model(), self.device)
        return self._full_precision_model

    def _cpu_fallback(self) -> AKNet:
        if self._cpu_model is None:
            self._cpu_model = self._place(self.checkpoint.build_model(), torch.device("cpu"))
        return self._cpu_model

    def _run_whole(
        self,
        padded: torch.Tensor,
        model: AKNet,
        device: torch.device,
        progress: ProgressCallback | None,
        cancel: CancelToken | None,
    ) -> torch.Tensor:
        """The whole-image path: one forward pass over the padded image."""
        x = padded.to(device, next(model.parameters()).dtype)
        if device.type == "cpu":
            x = x.contiguous(memory_format=torch.channels_last)
        tracker = _ModuleProgress(model, progress, cancel)
        with torch.inference_mode(), tracker.attached():
            restored = model(x)[-1]
        return restored.float().cpu().contiguous()

    def _release_memory(self) -> None:
        if self.device.type == "cuda":
            torch.cuda.empty_cache()
