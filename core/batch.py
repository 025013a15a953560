"""Restoring many files: collecting inputs, naming outputs, going on past failures, summarising."""

from __future__ import annotations

import errno
import hashlib
import os
import string
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from core.atomic import same_file
from core.engine import RestorationEngine
from core.errors import AKNetError, CancelledError
from core.image import IMAGE_SUFFIXES, READ_ONLY_SUFFIXES, SAME_FORMAT_FALLBACK, LoadedImage, is_image_file
from core.image.provenance import Provenance, provenance_for
from core.image.read import read_image
from core.image.write import write_image
from core.progress import CancelToken, ProgressCallback, Status, scaled

FORMAT_SUFFIXES = {"png": ".png", "jpg": ".jpg", "jpeg": ".jpg", "tif": ".tif", "tiff": ".tif", "webp": ".webp"}
TEMPLATE_FIELDS = ("name", "task", "ext")


@dataclass
class OutputOptions:
    """Where and how restored files are written."""

    folder: Path | None = None  # None: beside each input
    template: str = "{name}_{task}"
    format: str = "same"  # same | png | jpg | tif | webp
    bit_depth: str | int = "same"  # same | 8 | 16
    quality: int = 95
    skip_existing: bool = False
    overwrite: bool = False  # replace earlier outputs; never an input photo
    replace_originals: bool = False  # write each result over its input photo (aknet restore --replace-originals)
    strength: float = 1.0  # 0..1: how much of the restoration to keep (blended with the original)
    strip_metadata: bool = False  # leave out EXIF, XMP, IPTC and the provenance note (aknet restore --strip-metadata)

    def __post_init__(self) -> None:
        check_template(self.template)
        if self.format != "same" and self.format not in FORMAT_SUFFIXES:
            raise AKNetError(f"Unknown output format '{self.format}'; use same, png, jpg, tif or webp.")
        if str(self.bit_depth) not in ("same", "8", "16"):
            raise AKNetError(f"Bit depth must be same, 8 or 16, not '{self.bit_depth}'.")
        if not 1 <= int(self.quality) <= 100:
            raise AKNetError(f"JPEG quality must be between 1 and 100, not {self.quality}.")
        if not 0.0 <= float(self.strength) <= 1.0:
            raise AKNetError(f"Strength must be between 0 and 100%, not {self.strength * 100:g}%.")


@dataclass(frozen=True)
class InputItem:
    """An input file, its folder relative to the folder it was found in (for mirroring), and the output file
    when the caller names it (one photo restored to a given file) rather than the output options."""

    path: Path
    relative_dir: Path = Path()
    output: Path | None = None


@dataclass
class ItemResult:
    """What happened to one input."""

    input: Path
    output: Path | None
    status: Status  # done | skipped | failed | cancelled
    error: str | None = None
    seconds: float = 0.0
    note: str | None = None  # what a user should know about a restored file (e.g. only its first frame)


@dataclass
class BatchSummary:
    """All results of a batch, with counts and a readable report."""

    results: list[ItemResult] = field(default_factory=list)

    def count(self, status: Status) -> int:
        """How many items ended with this status."""
        return sum(1 for r in self.results if r.status == status)

    @property
    def failures(self) -> list[ItemResult]:
        """The items that failed, in order."""
        return [r for r in self.results if r.status == Status.FAILED]

    @property
    def ok(self) -> bool:
        """True when nothing failed and nothing was cancelled."""
        return not any(r.status in (Status.FAILED, Status.CANCELLED) for r in self.results)

    def report(self, all_counts: bool = False) -> str:
        """A short summary, then one line per failure with its reason. The summary counts what happened, or
        with `all_counts` also says '0 skipped, 0 failed' (as the command line does)."""
        parts = [f"{self.count(Status.DONE)} restored"]
        for status in (Status.SKIPPED, Status.FAILED, Status.CANCELLED):
            if self.count(status) or (all_counts and status != Status.CANCELLED):
                parts.append(f"{self.count(status)} {status}")
        lines = [", ".join(parts) + "."]
        lines += [f"  FAILED {r.input}: {r.error}" for r in self.failures]
        lines += [
            f"  SKIPPED {r.input}: {r.error}" for r in self.results if r.status == Status.SKIPPED and not r.output
        ]
        return "\n".join(lines)


def restore_loaded(
    engine: RestorationEngine,
    loaded: LoadedImage,
    progress: ProgressCallback | None = None,
    cancel: CancelToken | None = None,
) -> np.ndarray:
    """Restore a decoded photo. A greyscale photo comes back neutral grey: the network's three output channels
    differ slightly (a colour cast on a black-and-white photo), so they are replaced by their mean."""
    restored = engine.restore(loaded.rgb, progress=progress, cancel=cancel)
    if loaded.is_grey:
        restored = np.repeat(restored.mean(axis=2, keepdims=True, dtype=np.float32), 3, axis=2)
    return restored


def frames_note(frames: int) -> str:
    """What a user is told about a file with several frames (pages), of which only the first is restored."""
    return f"the file holds {frames} frames; only the first was restored"


def blend(original: np.ndarray, restored: np.ndarray, strength: float) -> np.ndarray:
    """original + strength · (restored − original): the strength slider of the app, and --strength."""
    if strength >= 1.0:
        return restored
    return original + np.float32(strength) * (restored - original)


def check_template(template: str) -> None:
    """Raise AKNetError if an output naming template uses unknown fields or is malformed."""
    try:
        names = [f for _, f, _, _ in string.Formatter().parse(template) if f is not None]
    except ValueError as exc:
        raise AKNetError(f"The naming template '{template}' is malformed ({exc}).") from exc
    unknown = [n for n in names if n not in TEMPLATE_FIELDS]
    if unknown:
        raise AKNetError(
            f"The naming template uses unknown field(s) {', '.join('{' + n + '}' for n in unknown)}; "
            f"available: {', '.join('{' + n + '}' for n in TEMPLATE_FIELDS)}."
        )
    if not template.format(name="x", task="t", ext="e").strip() or any(c in template for c in "/\\\0"):
        raise AKNetError("The naming template must give a file name (no folders).")


def collect_inputs(paths: Iterable[str | Path], recursive: bool = False) -> tuple[list[InputItem], list[ItemResult]]:
    """Expand files and folders into image inputs; problems (missing, not an image) are returned as failures,
    folders that cannot be read (permissions, broken or looping links) as skipped."""
    items: list[InputItem] = []
    problems: list[ItemResult] = []
    seen: set[Path] = set()
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            for file in _images_in(path, recursive, problems):
                if file.resolve() not in seen:
                    seen.add(file.resolve())
                    items.append(InputItem(file, file.parent.relative_to(path)))
        elif path.is_file():
            if path.suffix.lower() not in IMAGE_SUFFIXES:
                problems.append(ItemResult(path, None, Status.FAILED, "not a supported image type"))
            elif path.resolve() not in seen:
                seen.add(path.resolve())
                items.append(InputItem(path))
        else:
            problems.append(ItemResult(path, None, Status.FAILED, "no such file or folder"))
    return items, problems


def parse_shard(text: str) -> tuple[int, int]:
    """'K/N' (K counted from 0, as SLURM_ARRAY_TASK_ID is) → (K, N)."""
    index, _, count = text.partition("/")
    if not (index.strip().isdigit() and count.strip().isdigit()) or not 0 <= int(index) < int(count):
        raise AKNetError(f"--shard takes K/N with 0 ≤ K < N (e.g. 0/4 … 3/4), not '{text}'.")
    return int(index), int(count)


def shard_of(item: InputItem, count: int) -> int:
    """Which of `count` parts an input belongs to, from a hash of its path below the folder it was found in:
    the same whatever order the files are listed in, on every machine, and unmoved when files are added."""
    key = (item.relative_dir / item.path.name).as_posix().encode("utf-8")
    return int.from_bytes(hashlib.sha256(key).digest()[:8], "big") % count


def take_shard(items: list[InputItem], index: int, count: int) -> list[InputItem]:
    """The inputs of part `index` of `count` disjoint parts that together hold every input once."""
    return [item for item in items if shard_of(item, count) == index]


def _images_in(folder: Path, recursive: bool, problems: list[ItemResult]) -> list[Path]:
    """The visible image files in a folder (and its subfolders, following links, each folder searched once so
    that a link back up cannot loop), sorted; unreadable folders and broken links are added to `problems`."""
    found: list[Path] = []
    searched: set[tuple[int, int]] = set()
    pending, linked = [folder], []  # folders reached through a link wait until the real ones are searched
    while pending or linked:
        current = pending.pop() if pending else linked.pop()
        try:
            info = current.stat()
            identity = (info.st_dev, info.st_ino)
            if identity in searched:
                if current != folder:
                    problems.append(ItemResult(current, None, Status.SKIPPED, _ALREADY_SEARCHED))
                continue
            searched.add(identity)
            with os.scandir(current) as scan:
                entries = sorted(scan, key=lambda entry: entry.name)
        except OSError as exc:
            problems.append(ItemResult(current, None, Status.SKIPPED, f"folder not readable ({exc.strerror or exc})"))
            continue
        for entry in entries:
            if entry.name.startswith("."):
                continue
            path = Path(entry.path)
            try:
                is_folder = entry.is_dir()  # follows links; False for a broken one, an error for a looping one
                unusable_link = entry.is_symlink() and not is_folder and not entry.is_file()
            except OSError:
                is_folder, unusable_link = False, True
            if unusable_link:
                if path.suffix.lower() in IMAGE_SUFFIXES or _loops(path):
                    problems.append(ItemResult(path, None, Status.SKIPPED, "broken or looping link"))
            elif is_folder and recursive:
                (linked if entry.is_symlink() else pending).append(path)
            elif not is_folder and is_image_file(path):
                found.append(path)
    return sorted(found)


_ALREADY_SEARCHED = "folder already searched (a link back to it)"


def _loops(path: Path) -> bool:
    try:
        path.stat()
    except OSError as exc:
        return exc.errno == errno.ELOOP
    return False


def output_path_for(item: InputItem | Path, options: OutputOptions, task: str) -> Path:
    """The output file for an input: the one it names, else folder (mirroring subfolders) / template name +
    format suffix."""
    item = item if isinstance(item, InputItem) else InputItem(Path(item))
    if item.output is not None:
        return item.output
    source = item.path
    suffix = source.suffix.lower() if options.format == "same" else FORMAT_SUFFIXES[options.format]
    if suffix in READ_ONLY_SUFFIXES:  # HEIC and AVIF are read, not written: 'same' means JPEG for them
        suffix = SAME_FORMAT_FALLBACK
    name = options.template.format(name=source.stem, task=task, ext=source.suffix.lstrip(".").lower()) + suffix
    base = source.parent if options.folder is None else Path(options.folder)
    output = base / name if options.folder is None else base / item.relative_dir / name
    real_base = os.path.realpath(base)  # links inside the output folder count where they lead
    inside = os.path.commonpath([real_base, os.path.realpath(output.parent)]) == real_base
    if Path(name).name != name or name in (".", "..") or not inside:
        raise AKNetError(f"The output name '{name}' would be written outside {base}; choose another naming template.")
    return output


REPLACES_ORIGINAL = "the output would replace the original photo; choose another folder or name"


def is_original(source: Path, output: Path) -> bool:
    """Whether writing `output` would write over the input photo `source` (links and letter case included)."""
    return Path(output).exists() and same_file(output, source)


def refuse_original(source: Path, output: Path) -> None:
    """Originals are never replaced by a save, an export or a batch (only by --replace-originals)."""
    if is_original(source, output):
        raise AKNetError(REPLACES_ORIGINAL)


def restore_file(
    engine: RestorationEngine,
    source: Path,
    output: Path,
    options: OutputOptions,
    progress: ProgressCallback | None = None,
    cancel: CancelToken | None = None,
    provenance: Provenance | None = None,
) -> ItemResult:
    """Read, restore and write one file (with the `provenance` note); every error becomes a failed result. The
    input is never touched unless options.replace_originals asks for the result to be written over it (atomically,
    after reading)."""
    start = time.perf_counter()
    source, output = Path(source), Path(output)
    replacing = options.replace_originals and is_original(source, output)
    try:
        if not options.replace_originals:
            refuse_original(source, output)
        if output.exists() and options.skip_existing and not replacing:
            return ItemResult(source, output, Status.SKIPPED, "output exists")
        if output.exists() and not (options.overwrite or replacing):
            raise AKNetError(f"{output.name} already exists; allow overwriting or skip existing files")
        if cancel is not None:
            cancel.raise_if_cancelled()
        loaded = read_image(source)
        restored = restore_loaded(engine, loaded, progress=scaled(progress, 0.0, 0.98), cancel=cancel)
        restored = blend(loaded.rgb, restored, options.strength)
        if cancel is not None:
            cancel.raise_if_cancelled()
        depth = None if str(options.bit_depth) == "same" else int(options.bit_depth)
        write_image(
            output,
            restored,
            like=loaded,
            bit_depth=depth,
            quality=options.quality,
            overwrite=options.overwrite or replacing,
            provenance=provenance,
            strip_metadata=options.strip_metadata,
        )
    except CancelledError:
        return ItemResult(source, None, Status.CANCELLED, "cancelled", time.perf_counter() - start)
    except AKNetError as exc:
        return ItemResult(source, None, Status.FAILED, str(exc), time.perf_counter() - start)
    except MemoryError:
        return ItemResult(source, None, Status.FAILED, "not enough memory for this image", time.perf_counter() - start)
    except OSError as exc:
        return ItemResult(source, None, Status.FAILED, f"{exc.strerror or exc}", time.perf_counter() - start)
    if progress is not None:
        progress(1.0, "Saved")
    note = frames_note(loaded.frames) if loaded.frames > 1 else None
    return ItemResult(source, output, Status.DONE, None, time.perf_counter() - start, note)


def run_batch(
    engine: RestorationEngine,
    items: Iterable[InputItem],
    options: OutputOptions,
    task: str,
    cancel: CancelToken | None = None,
    on_start: Callable[[int, InputItem], ProgressCallback | None] | None = None,
    on_item: Callable[[int, ItemResult], None] | None = None,
    unexpected: Callable[[Exception], str] | None = None,
) -> BatchSummary:
    """Restore every item in turn, going on past failures; after a cancel the rest are marked cancelled.

    Items are taken one at a time, each when the one before is finished, so a caller may add to them while
    the batch runs. `on_start(index, item)` is called as an item's restoration begins and returns the
    callback for its progress (0..1 of that file); `on_item(index, result)` gets every item's result. An
    error that is not one of the project's ends the batch, unless `unexpected` turns it into the reason
    that item failed (the app goes on past anything).
    """
    summary = BatchSummary()
    provenance = provenance_for(getattr(engine, "description", None), task)
    for index, item in enumerate(items):
        if cancel is not None and cancel.cancelled:
            result = ItemResult(item.path, None, Status.CANCELLED, "cancelled")
        else:
            progress = on_start(index, item) if on_start is not None else None
            try:
                output = output_path_for(item, options, task)
                result = restore_file(engine, item.path, output, options, progress, cancel, provenance)
            except AKNetError as exc:
                result = ItemResult(item.path, None, Status.FAILED, str(exc))
            except Exception as exc:
                if unexpected is None:
                    raise
                result = ItemResult(item.path, None, Status.FAILED, unexpected(exc))
        summary.results.append(result)
        if on_item is not None:
            on_item(index, result)
    return summary
