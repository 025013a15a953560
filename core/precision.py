"""Arithmetic precision of a restore (float32, bfloat16, float16) and how `auto` chooses it.

bfloat16 runs the convolutions and matrix products under autocast (the large-kernel FFTs, the fusion's
reassembly and the instance-norm statistics stay float32, as autocast leaves them), except the shallow branches
that read the photo itself (core.network.blocks.SCM), which stay float32: measured on an Intel Xeon with AMX,
they alone took the result from 53 dB to 40 dB against float32 (docs/performance.md). float16 converts the whole
model (GPUs). `auto` is float16 on a CUDA GPU (redone in float32 where it overflows, as before), and on a CPU
bfloat16 only where the CPU has bfloat16 units (AVX-512 BF16 or AMX) *and* bfloat16 meets the fidelity bar on
the weights in use *and* is faster there; otherwise float32. The fidelity (PSNR and largest error of the
bfloat16 result against float32 on the bundled sample photos) and both times are measured once per weights
file, CPU model and its units (AVX-512, AVX-512 BF16, AMX), PyTorch version and precision, and cached in the
user's cache folder. The environment variable AKNET_PRECISION (fp32, bf16 or fp16) pins what `auto` means, for
support and for the test suite.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import sys
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from core.atomic import atomic_write
from core.errors import AKNetError

if TYPE_CHECKING:  # torch is imported where it is used: the command line starts without it
    import torch

PRECISIONS = ("auto", "fp32", "bf16", "fp16")
NAMES = {"fp32": "float32", "bf16": "bfloat16", "fp16": "float16"}
MIN_PSNR_DB = 45.0
"""Fidelity bar: PSNR of the result against float32 on the sample photos, at least this."""
MAX_ERROR = 2 / 255
"""Fidelity bar: the largest absolute difference from float32 over the sample photos, at most this."""
FIDELITY_SIDE = 384
"""Long side the sample photos are measured at (the network's arithmetic does not depend on the size)."""


@dataclass(frozen=True)
class Fidelity:
    """A precision's result against float32 on the sample photos, and both times."""

    precision: str
    psnr: float
    max_error: float
    seconds: float
    fp32_seconds: float

    @property
    def meets_bar(self) -> bool:
        """Whether the result is faithful enough to be chosen automatically."""
        return self.psnr >= MIN_PSNR_DB and self.max_error <= MAX_ERROR

    @property
    def speedup(self) -> float:
        """float32 time over this precision's time."""
        return self.fp32_seconds / self.seconds if self.seconds > 0 else 0.0

    def describe(self) -> str:
        """'bfloat16: 47.3 dB, max error 1.6/255 against float32, 2.1× faster'."""
        return (
            f"{NAMES[self.precision]}: {self.psnr:.1f} dB, max error {self.max_error * 255:.1f}/255 against "
            f"float32, {self.speedup:.2f}× its speed"
        )


@dataclass(frozen=True)
class PrecisionChoice:
    """The precision a restorer runs at, and why."""

    precision: str
    reason: str


def check_precision(name: str) -> str:
    """`name` if it is one of PRECISIONS, else a clear error."""
    if name not in PRECISIONS:
        raise AKNetError(f"Unknown precision {name!r}: choose one of {', '.join(PRECISIONS)}.")
    return name


def autocast(precision: str, device: torch.device) -> contextlib.AbstractContextManager:
    """The context a model runs in at this precision (bfloat16 autocast, or nothing)."""
    if precision == "bf16":
        import torch

        return torch.autocast(device.type, dtype=torch.bfloat16)
    return contextlib.nullcontext()


def cache_dir() -> Path:
    """The user's cache folder for AKNet Studio (AKNET_CACHE_DIR overrides it)."""
    if override := os.environ.get("AKNET_CACHE_DIR"):
        return Path(override)
    if sys.platform == "win32":
        base = Path(os.environ.get("LOCALAPPDATA", Path.home() / "AppData" / "Local"))
        return base / "AKNet Studio" / "Cache"
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Caches" / "AKNet Studio"
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "aknet-studio"


def sample_photos(side: int = FIDELITY_SIDE) -> list[np.ndarray]:
    """The bundled sample photos (hazy, snowy, blurred) at `side` px long side, RGB float32 in [0, 1]."""
    import cv2

    from core.image.read import read_image
    from core.resources import resource_path

    photos = []
    for path in sorted(resource_path("samples").glob("*.jpg")):
        image = read_image(path).rgb
        scale = side / max(image.shape[:2])
        size = (max(8, round(image.shape[1] * scale)), max(8, round(image.shape[0] * scale)))
        photos.append(cv2.resize(image, size, interpolation=cv2.INTER_AREA).astype(np.float32))
    if not photos:
        raise AKNetError("The bundled sample photos are missing: reinstall AKNet Studio.")
    return photos


def measure_fidelity(checkpoint: Any, device: torch.device, precision: str, photos: list[np.ndarray]) -> Fidelity:
    """Restore `photos` in float32 and at `precision` (the app's own path) and compare; times after a warm-up."""
    from core.restorer import Restorer

    runs = {}
    for name in ("fp32", precision):
        restorer = Restorer(checkpoint, device=str(device), tile="off", precision=name)
        restorer.restore(photos[0])  # first-call set-up is not part of either time
        start = time.perf_counter()
        runs[name] = ([restorer.restore(photo) for photo in photos], time.perf_counter() - start)
    squared, largest = 0.0, 0.0
    for ours, reference in zip(runs[precision][0], runs["fp32"][0], strict=True):
        difference = ours.astype(np.float64) - reference
        squared += float(np.mean(difference**2)) / len(photos)
        largest = max(largest, float(np.abs(difference).max()))
    psnr = 10 * np.log10(1 / squared) if squared > 0 else float("inf")
    return Fidelity(precision, float(min(psnr, 999.0)), largest, runs[precision][1], runs["fp32"][1])


def _weights_digest(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as file:
        for block in iter(lambda: file.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()[:20]


BF16_PLACEMENT = "shallow branches float32"
"""What bfloat16 leaves in float32, in the cache key: a changed placement is measured anew."""


def fidelity_key(weights: Path, cpu_model: str, precision: str) -> str:
    """Cache key: what the fidelity and speed depend on."""
    import torch

    placement = f" ({BF16_PLACEMENT})" if precision == "bf16" else ""
    return f"{_weights_digest(weights)}|{cpu_model}|torch {torch.__version__}|{precision}{placement}"


def cached_fidelity(
    checkpoint: Any, device: torch.device, precision: str, cpu_model: str, measure: Callable[[], Fidelity]
) -> Fidelity:
    """The fidelity from the cache, or measured with `measure()` and cached (a cache that cannot be read or
    written is only a slower start)."""
    path = cache_dir() / "precision.json"
    key = fidelity_key(Path(checkpoint.path), cpu_model, precision)
    try:
        entries = json.loads(path.read_text(encoding="utf-8"))
        entries = entries if isinstance(entries, dict) else {}
    except (OSError, ValueError):
        entries = {}
    if isinstance(entries.get(key), dict):
        with contextlib.suppress(TypeError, KeyError):
            return Fidelity(**entries[key])
    fidelity = measure()
    entries[key] = asdict(fidelity)
    with contextlib.suppress(OSError):
        path.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(path, lambda temporary: temporary.write_text(json.dumps(entries, indent=1), encoding="utf-8"))
    return fidelity


def auto_summary(bf16_units: bool) -> str:
    """What `auto` runs at on this machine's CPU, before any weights are measured (for `aknet info --system`)."""
    pinned = os.environ.get("AKNET_PRECISION", "")
    kernels = "channels-last oneDNN convolutions, FFT large kernels"
    if pinned in NAMES:
        return f"{NAMES[pinned]}, set by AKNET_PRECISION ({kernels})"
    if not bf16_units:
        return f"float32: no bfloat16 units, so auto never uses bfloat16 ({kernels})"
    return (
        f"float32, or bfloat16 for weights where it meets the fidelity bar ({MIN_PSNR_DB:.0f} dB, "
        f"{MAX_ERROR * 255:.0f}/255) and is faster, measured at first use and cached ({kernels})"
    )


def choose_precision(
    requested: str,
    device: torch.device,
    checkpoint: Any,
    cpu: dict[str, Any] | None = None,
    measure: Callable[[], Fidelity] | None = None,
) -> PrecisionChoice:
    """The precision to run at: `requested`, or for `auto` the rule in this module's docstring."""
    check_precision(requested)
    if requested != "auto":
        return PrecisionChoice(requested, "chosen")
    pinned = os.environ.get("AKNET_PRECISION", "")
    if pinned:
        if pinned not in NAMES:
            raise AKNetError(f"AKNET_PRECISION={pinned!r} is not one of {', '.join(NAMES)}: correct or unset it.")
        return PrecisionChoice(pinned, "set by AKNET_PRECISION")
    if device.type == "cuda":
        return PrecisionChoice("fp16", "float16 on the GPU (redone in float32 where it overflows)")
    if device.type != "cpu":
        return PrecisionChoice("fp32", f"float32 on {device.type}")
    if cpu is None:
        from core.cpu_features import describe_cpu

        cpu = describe_cpu()
    if not cpu["bf16_units"]:
        return PrecisionChoice("fp32", "float32: this CPU has no bfloat16 units (AVX-512 BF16 or AMX)")
    if measure is None:

        def measure() -> Fidelity:
            return measure_fidelity(checkpoint, device, "bf16", sample_photos())

    # The model name with the units: in a VM one name ("Intel(R) Xeon(R) Processor", "AMD EPYC") stands for
    # CPUs with and without AMX, whose bfloat16 speeds differ several times.
    units = ", ".join(cpu.get("units") or ())
    fidelity = cached_fidelity(checkpoint, device, "bf16", f"{cpu['model']} ({units})", measure)
    if fidelity.meets_bar and fidelity.speedup > 1.05:
        return PrecisionChoice("bf16", fidelity.describe())
    why = "misses the fidelity bar" if not fidelity.meets_bar else "is not faster here"
    return PrecisionChoice(
        "fp32",
        f"float32: bfloat16 {why} on these weights ({fidelity.describe()}; bar {MIN_PSNR_DB:.0f} dB and "
        f"{MAX_ERROR * 255:.0f}/255)",
    )
