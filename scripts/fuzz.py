"""Fuzz the image and checkpoint loaders: mutate valid files and check that each one gives a result or the
project's own error with a message, never a traceback, a hang or a memory blow-up.

    python scripts/fuzz.py --seconds 600 [--formats jpeg,png,tiff,webp,pkl,pth,safetensors] [--seed 1]
                           [--timeout 10] [--memory-mb 3072] [--crashes DIR] [--json FILE]
    python scripts/fuzz.py --count 20            # 20 inputs per format (what the test suite runs)

Seeds are made here: small photos in several modes (with EXIF, ICC, alpha, 16 bits, several frames) and a tiny
AKNet's weights in each checkpoint format. Each input is a seed with a few random mutations (bit flips, special
bytes, large 16/32-bit integers where sizes are declared, cut, duplicated or spliced chunks, truncation) or, for
checkpoints, a structured poison (NaN/Inf, int/bool/float64 tensors, absurd shapes or configurations, huge or
malformed metadata). Inputs run one at a time in a worker process with an address-space limit; a worker that
overruns the per-input time limit is killed and counted as a hang. Crashing inputs are saved to --crashes.
"""

from __future__ import annotations

import argparse
import io
import json
import multiprocessing
import random
import struct
import sys
import time
import traceback
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

IMAGE_FORMATS = ("jpeg", "png", "tiff", "webp")
CHECKPOINT_FORMATS = ("pkl", "pth", "safetensors")
SUFFIX = {"jpeg": ".jpg", "png": ".png", "tiff": ".tif", "webp": ".webp", "pkl": ".pkl", "pth": ".pth",
          "safetensors": ".safetensors"}  # fmt: skip
OUTCOMES = ("result", "refused", "crash", "hang", "died", "accepted")
FAILURES = ("crash", "hang", "died", "accepted")


# --- seeds ---------------------------------------------------------------------------------------


def _photo(mode: str, size: tuple[int, int], rng: random.Random):
    from PIL import Image

    width, height = size
    gradient = (np.add.outer(np.arange(height), np.arange(width)) * 255 // max(1, width + height - 2)).astype(np.uint8)
    noise = np.random.default_rng(rng.randrange(2**32)).integers(0, 40, (height, width), dtype=np.uint8)
    grey = Image.fromarray(gradient + noise)
    if mode == "I;16":
        return Image.fromarray(gradient.astype("<u2") * 257)
    if mode == "P":
        return Image.merge("RGB", [grey] * 3).quantize(16)
    if mode == "L":
        return grey
    return Image.merge(mode, [grey] * len(mode))


def image_seeds(fmt: str) -> list[bytes]:
    """Valid files of one format, in the modes and with the metadata that format can hold."""
    from PIL import Image

    rng = random.Random(fmt)
    seeds = []
    exif = Image.Exif()
    exif[0x0112] = 6
    icc = _srgb_icc()
    variants = {
        "jpeg": [("RGB", {"exif": exif, "icc_profile": icc}), ("L", {}), ("CMYK", {})],
        "png": [("RGB", {"exif": exif}), ("RGBA", {"icc_profile": icc}), ("P", {"transparency": 0}), ("LA", {}),
                ("I;16", {})],
        "tiff": [("RGB", {"compression": "tiff_deflate", "exif": exif}), ("RGBA", {}), ("I;16", {}), ("CMYK", {})],
        "webp": [("RGB", {"exif": exif}), ("RGBA", {"lossless": True})],
    }[fmt]  # fmt: skip
    name = {"jpeg": "JPEG", "png": "PNG", "tiff": "TIFF", "webp": "WEBP"}[fmt]
    for mode, options in variants:
        buffer = io.BytesIO()
        _photo(mode, (rng.randint(9, 40), rng.randint(9, 40)), rng).save(buffer, name, **options)
        seeds.append(buffer.getvalue())
    if fmt in ("tiff", "webp", "png"):  # several frames (PNG: animated)
        frames = [_photo("RGB", (16, 12), rng) for _ in range(3)]
        buffer = io.BytesIO()
        frames[0].save(buffer, name, save_all=True, append_images=frames[1:])
        seeds.append(buffer.getvalue())
    return seeds


def _srgb_icc() -> bytes:
    from PIL import ImageCms

    return ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()


def _tiny_state() -> dict:
    import torch

    from core.network import AKNet, AKNetConfig

    torch.manual_seed(0)
    model = AKNet(AKNetConfig(base_channels=4, num_blocks=1, kernel_size=3))
    return {k: v.clone() for k, v in model.state_dict().items()}


def checkpoint_bytes(fmt: str, state: dict, metadata: dict[str, str] | None = None) -> bytes:
    """A state dict written as one checkpoint format (pkl: torch's legacy format, pth: its zip format)."""
    import torch

    if fmt == "safetensors":
        from safetensors.torch import save

        return save({k: v.contiguous() for k, v in state.items()}, metadata=metadata)
    buffer = io.BytesIO()
    torch.save({"model": state}, buffer, _use_new_zipfile_serialization=(fmt == "pth"))
    return buffer.getvalue()


def checkpoint_seeds(fmt: str) -> list[bytes]:
    config = json.dumps({"base_channels": 4, "num_blocks": 1, "kernel_size": 3})
    metadata = {"format": "aknet-studio/1", "config": config, "task": "dehaze"} if fmt == "safetensors" else None
    return [checkpoint_bytes(fmt, _tiny_state(), metadata)]


def poisoned_checkpoint(fmt: str, rng: random.Random) -> tuple[bytes, bool]:
    """A well-formed file of the format whose content is poisoned (bad values, types, shapes or metadata), and
    whether the loader must refuse it (a finite float64 tensor is converted; odd metadata may be harmless)."""
    import torch

    state = _tiny_state()
    key = rng.choice(sorted(state))
    kinds = ["nan", "inf", "int", "bool", "float64-huge", "float64", "shape"]
    kind = rng.choice(kinds + (["config", "metadata"] if fmt == "safetensors" else []))
    config = {"base_channels": 4, "num_blocks": 1, "kernel_size": 3}
    metadata = {"format": "aknet-studio/1", "config": json.dumps(config)}
    must_refuse = kind != "float64"
    if kind == "nan":
        state[key].view(-1)[0] = float("nan")
    elif kind == "inf":
        state[key].view(-1)[-1] = float("-inf")
    elif kind == "int":
        state[key] = state[key].to(torch.int32)
    elif kind == "bool":
        state[key] = state[key] > 0
    elif kind == "float64-huge":
        state[key] = state[key].double()
        state[key].view(-1)[0] = 1e300  # beyond float32: infinite once converted
    elif kind == "float64":
        state[key] = state[key].double()
    elif kind == "shape":
        shapes = [(0,), (1, 1, 1, 1, 1, 1), (2048, 2048), (3,), ()]
        state[key] = torch.zeros(rng.choice([shape for shape in shapes if shape != tuple(state[key].shape)]))
    elif kind == "config":
        value = rng.choice([10**9, -4, "abc", 1e300, None, [1], 4096, 2**31, 8])
        config[rng.choice(sorted(config))] = value
        metadata["config"] = json.dumps(config)
    else:
        value = rng.choice(["[" * 100_000, "{" * 50, "x" * 5_000_000, '{"a": Infinity}', '"\\ud800"', "1e999"])
        metadata[rng.choice(["config", "task", "input_prior", "training"])] = value
        must_refuse = len(value) > 1_000_000
    return checkpoint_bytes(fmt, state, metadata if fmt == "safetensors" else None), must_refuse


# --- mutations -----------------------------------------------------------------------------------

_SPECIAL = [0, 1, 0x7F, 0x80, 0xFF]
_LARGE = [0, 1, 0x7FFF, 0x8000, 0xFFFF, 0x7FFFFFFF, 0x80000000, 0xFFFFFFFF, 65500, 100_000, 1 << 24]


def mutate(data: bytes, rng: random.Random, seeds: list[bytes]) -> bytes:
    """Apply one to four random byte-level mutations."""
    out = bytearray(data)
    for _ in range(rng.randint(1, 4)):
        if not out:
            out = bytearray(rng.choice(seeds))
        op = rng.randrange(8)
        at = rng.randrange(len(out))
        if op == 0:
            out[at] ^= 1 << rng.randrange(8)
        elif op == 1:
            out[at] = rng.choice(_SPECIAL)
        elif op == 2 and at + 4 <= len(out):  # a declared size or offset, either byte order
            order = rng.choice("<>")
            if rng.random() < 0.5:
                out[at : at + 2] = struct.pack(order + "H", rng.choice(_LARGE) & 0xFFFF)
            else:
                out[at : at + 4] = struct.pack(order + "I", rng.choice(_LARGE))
        elif op == 3:
            del out[at : at + rng.randint(1, 64)]
        elif op == 4:
            chunk = out[at : at + rng.randint(1, 64)]
            out[at:at] = chunk * rng.randint(1, 8)
        elif op == 5:
            out = out[: max(1, at)]
        elif op == 6:
            other = rng.choice(seeds)
            start = rng.randrange(len(other))
            out[at : at + rng.randint(1, 256)] = other[start : start + rng.randint(1, 256)]
        else:
            out[at:at] = bytes(rng.randrange(256) for _ in range(rng.randint(1, 16)))
    return bytes(out)


# --- running -------------------------------------------------------------------------------------


def exercise(path: Path, fmt: str) -> str:
    """Feed one file to its loader as the app and the CLI do; returns 'result' or 'refused' (project error)."""
    from core.errors import AKNetError

    try:
        if fmt in IMAGE_FORMATS:
            from core.image.read import image_info, read_image, thumbnail

            image_info(path)
            thumbnail(path, 64)
            loaded = read_image(path)
            if not np.isfinite(loaded.rgb).all() or loaded.rgb.min() < 0 or loaded.rgb.max() > 1:
                raise AssertionError("decoded pixels outside [0, 1]")
        else:
            from core.network.checkpoint import load_checkpoint

            load_checkpoint(path).build_model()
    except AKNetError as exc:
        if not str(exc).strip():
            raise AssertionError("a project error without a message") from exc
        return "refused"
    return "result"


def _worker(connection, memory_mb: int) -> None:
    import resource
    import warnings

    import torch

    warnings.simplefilter("ignore")  # Pillow warns about every odd tag; the outcome is what counts
    torch.set_num_threads(1)
    limit = memory_mb * 2**20
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    while True:
        job = connection.recv()
        if job is None:
            return
        path, fmt = job
        try:
            connection.send((exercise(Path(path), fmt), ""))
        except BaseException as exc:
            connection.send(("crash", "".join(traceback.format_exception_only(type(exc), exc)).strip()))


@dataclass
class Worker:
    """A child process that exercises inputs one at a time, replaced when it hangs or dies."""

    memory_mb: int
    process: multiprocessing.Process | None = None
    connection: object = None

    def start(self) -> None:
        context = multiprocessing.get_context("fork" if sys.platform.startswith("linux") else "spawn")
        parent, child = context.Pipe()
        self.process = context.Process(target=_worker, args=(child, self.memory_mb), daemon=True)
        self.process.start()
        self.connection = parent

    def run(self, path: Path, fmt: str, timeout: float) -> tuple[str, str]:
        if self.process is None or not self.process.is_alive():
            self.start()
        self.connection.send((str(path), fmt))
        if not self.connection.poll(timeout):
            self.stop()
            return "hang", f"no answer within {timeout:g} s"
        try:
            return self.connection.recv()
        except EOFError:
            code = self.process.exitcode if self.process else None
            self.stop()
            return "died", f"worker died (exit code {code})"

    def stop(self) -> None:
        if self.process is not None:
            self.process.kill()
            self.process.join()
        self.process = None


@dataclass
class Report:
    """Inputs tried and outcomes per format, with the first message of each crash kind."""

    tried: Counter = field(default_factory=Counter)
    outcomes: dict[str, Counter] = field(default_factory=dict)
    crashes: list[dict] = field(default_factory=list)
    seconds: float = 0.0

    def add(self, fmt: str, outcome: str, message: str, saved: Path | None) -> None:
        self.tried[fmt] += 1
        self.outcomes.setdefault(fmt, Counter())[outcome] += 1
        if outcome in FAILURES:
            self.crashes.append({"format": fmt, "outcome": outcome, "message": message[:300],
                                 "file": str(saved) if saved else None})  # fmt: skip

    @property
    def failures(self) -> int:
        return len(self.crashes)

    def to_dict(self) -> dict:
        return {"seconds": round(self.seconds, 1), "tried": dict(self.tried),
                "outcomes": {k: dict(v) for k, v in self.outcomes.items()}, "crashes": self.crashes}  # fmt: skip

    def table(self) -> str:
        lines = [f"{'format':<12} {'tried':>6} " + " ".join(f"{o:>8}" for o in OUTCOMES)]
        for fmt in self.tried:
            counts = self.outcomes[fmt]
            lines.append(f"{fmt:<12} {self.tried[fmt]:>6} " + " ".join(f"{counts[o]:>8}" for o in OUTCOMES))
        kinds = Counter((c["format"], c["outcome"], c["message"].splitlines()[-1][:120]) for c in self.crashes)
        lines += [f"  {n}× {fmt} {outcome}: {message}" for (fmt, outcome, message), n in kinds.most_common()]
        return "\n".join(lines)


def fuzz(
    formats: list[str],
    *,
    count: int | None = None,
    seconds: float | None = None,
    seed: int = 1,
    timeout: float = 10.0,
    memory_mb: int = 3072,
    workdir: Path,
    crashes: Path | None = None,
) -> Report:
    """Try mutated inputs of each format in turn until `count` per format or `seconds` in all."""
    rng = random.Random(seed)
    seeds = {fmt: image_seeds(fmt) if fmt in IMAGE_FORMATS else checkpoint_seeds(fmt) for fmt in formats}
    report, worker, start = Report(), Worker(memory_mb), time.monotonic()
    workdir.mkdir(parents=True, exist_ok=True)
    try:
        for index in range(10**9):
            fmt = formats[index % len(formats)]
            if count is not None and report.tried[fmt] >= count:
                break
            if seconds is not None and time.monotonic() - start > seconds:
                break
            must_refuse = False
            if fmt in CHECKPOINT_FORMATS and rng.random() < 0.3:
                data, must_refuse = poisoned_checkpoint(fmt, rng)
            else:
                data = mutate(rng.choice(seeds[fmt]), rng, seeds[fmt])
            path = workdir / f"input{SUFFIX[fmt]}"
            path.write_bytes(data)
            outcome, message = worker.run(path, fmt, timeout)
            if must_refuse and outcome == "result":
                outcome, message = "accepted", "poisoned weights were accepted"
            saved = None
            if outcome in FAILURES and crashes is not None:
                crashes.mkdir(parents=True, exist_ok=True)
                saved = crashes / f"{fmt}-{report.tried[fmt]:06d}{SUFFIX[fmt]}"
                saved.write_bytes(data)
            report.add(fmt, outcome, message, saved)
    finally:
        worker.stop()
        report.seconds = time.monotonic() - start
    return report


def main(argv: list[str] | None = None) -> int:
    import tempfile

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--formats", default=",".join(IMAGE_FORMATS + CHECKPOINT_FORMATS))
    parser.add_argument("--count", type=int, help="inputs per format (default: run for --seconds)")
    parser.add_argument("--seconds", type=float, default=60.0, help="total running time when --count is not given")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--timeout", type=float, default=10.0, help="seconds allowed per input")
    parser.add_argument("--memory-mb", type=int, default=3072, help="address-space limit of the worker")
    parser.add_argument("--crashes", type=Path, help="folder to keep the inputs that crashed or hung")
    parser.add_argument("--json", type=Path, help="write the figures as JSON")
    args = parser.parse_args(argv)
    formats = [f.strip() for f in args.formats.split(",") if f.strip()]
    unknown = set(formats) - set(SUFFIX)
    if unknown or (args.count is not None and args.count < 1) or args.timeout <= 0 or args.memory_mb < 512:
        parser.error(f"check --formats (known: {', '.join(SUFFIX)}), --count, --timeout and --memory-mb")
    with tempfile.TemporaryDirectory(prefix="aknet-fuzz-") as workdir:
        report = fuzz(
            formats,
            count=args.count,
            seconds=None if args.count else args.seconds,
            seed=args.seed,
            timeout=args.timeout,
            memory_mb=args.memory_mb,
            workdir=Path(workdir),
            crashes=args.crashes,
        )
    print(report.table())
    total = sum(report.tried.values())
    print(f"{total} inputs in {report.seconds:.0f} s; {report.failures} crashes, hangs, deaths or poisons accepted")
    if args.json:
        args.json.write_text(json.dumps(report.to_dict(), indent=2))
    return 1 if report.failures else 0


if __name__ == "__main__":
    sys.exit(main())
