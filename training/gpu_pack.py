"""The data pack of the GPU job (`scripts/gpu_job.sh prepare`): the clean training photos, shrunk and
re-encoded as JPEG so that the pack and the repository travel together in a 64 MiB copy; the reference
fixtures for scripts/gpu_checks.py; the resumable states of a previous GPU round, if any. The pack keeps the
photo folders' names and the files' names and order (only the suffix becomes .jpg), so a run with the same
seed and validation count holds out the same photos there as here."""

from __future__ import annotations

import datetime as _dt
import json
import os
import shlex
import shutil
import subprocess
from pathlib import Path
from typing import Any

import numpy as np
import torch

from core.atomic import atomic_path, atomic_write
from core.errors import AKNetError
from training.data import parse_folder_spec, split_validation
from training.images import photos_in, read_stored, to_float, to_stored
from training.state import load_training_checkpoint, save_checkpoint
from training.tasks import TRAINABLE_TASKS

REPO = Path(__file__).resolve().parent.parent
PACK_FORMAT = "aknet-gpu-pack/1"
DEFAULT_PACK = ".gpu/pack"
DEFAULT_FOLDERS = ("sunhays80", "urban100", "cbsd68", "mcmaster")  # the order of the CPU recipe's --clean
FIXTURE_FILES = ("aknet_reference_weights.pkl", "aknet_reference_io.npz")
PARTS = ("clean", "extra", "fixtures", "resume")  # the pack's folders
COPY_LIMIT = 64 * 2**20  # what the remote runner copies: the working tree plus the carried folders
COMMAND_LIMIT = 2000  # characters of the one shell command
HELD_OUT = {"seed": 7, "count": 8}  # the recipe's --seed and --valid-count: checked to hold out the same photos


def shared_dir() -> Path:
    """The project's shared data: $AKNET_SHARED, else ../shared beside the checkout, else /work/shared."""
    for candidate in (os.environ.get("AKNET_SHARED"), REPO.parent / "shared", Path("/work/shared")):
        if candidate and Path(candidate).is_dir():
            return Path(candidate)
    return REPO.parent / "shared"


def folder_bytes(folder: Path) -> int:
    """Bytes of every file under `folder` (0 when it does not exist)."""
    return sum(p.stat().st_size for p in Path(folder).rglob("*") if p.is_file()) if Path(folder).is_dir() else 0


def repository_bytes(root: Path = REPO) -> int:
    """Bytes the remote runner copies of the working tree: tracked files plus untracked ones git does not ignore."""
    try:
        listed = subprocess.run(
            ["git", "ls-files", "--cached", "--others", "--exclude-standard", "-z"],
            cwd=root,
            capture_output=True,
            check=True,
        ).stdout
    except (OSError, subprocess.CalledProcessError) as exc:
        raise AKNetError(f"Could not list the repository's files with git ({exc}).") from exc
    total = 0
    for name in listed.decode("utf-8", "surrogateescape").split("\0"):
        path = root / name
        if name and path.is_file():
            total += path.stat().st_size
    return total


def job_command(pack: str = DEFAULT_PACK, minutes: float = 7.5, deadline_minutes: float = 9.5) -> str:
    """The one shell command to run on the GPU machine (from the repository root; $OUT names the folder
    whose files come back)."""
    return (
        "nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv,noheader; "
        f'bash scripts/gpu_job.sh run --pack {shlex.quote(pack)} --out "$OUT" '
        f"--minutes {minutes:g} --deadline-minutes {deadline_minutes:g}"
    )


def _write_jpeg(path: Path, stored: np.ndarray, quality: int, subsampling: str) -> None:
    from PIL import Image

    if stored.dtype != np.uint8:
        stored = to_stored(to_float(stored), 8)
    modes = {"4:4:4": 0, "4:2:2": 1, "4:2:0": 2}
    with atomic_path(path) as temporary:
        Image.fromarray(stored).save(temporary, "JPEG", quality=quality, subsampling=modes[subsampling])


def pack_photos(
    clean_root: Path, folders: list[str], target: Path, max_side: int, quality: int, subsampling: str, echo=print
) -> list[dict[str, Any]]:
    """Write every photo of clean_root/<folder> for each folder as target/<folder>/<same name>.jpg (long side
    at most max_side); returns per-folder records (names in order)."""
    records = []
    for name in folders:
        source = clean_root / name
        if not source.is_dir():
            raise AKNetError(f"Clean photo folder not found: {source}")
        originals = photos_in(source)
        if not originals:
            raise AKNetError(f"No photos in {source}.")
        renamed = [path.relative_to(source).with_suffix(".jpg") for path in originals]
        if len(set(renamed)) != len(renamed):
            raise AKNetError(f"Two photos in {source} differ only in their suffix; rename one.")
        for original, new in zip(originals, renamed, strict=True):
            _write_jpeg(target / name / new, read_stored(original, max_side), quality, subsampling)
        packed = [path.relative_to(target / name) for path in photos_in(target / name)]
        if [p.with_suffix("") for p in packed] != [p.with_suffix("") for p in renamed]:
            raise AKNetError(f"The packed photos of {name} sort differently from the originals.")
        records.append(
            {"name": name, "photos": len(originals), "names": [str(p.relative_to(source)) for p in originals]}
        )
        echo(f"  {name}: {len(originals)} photos")
    return records


def held_out_names(records: list[dict[str, Any]], seed: int, count: int) -> list[str]:
    """The photos (names without suffix) a run over these folders, in this order, holds out for validation."""
    names = [str(Path(folder["name"]) / Path(name).with_suffix("")) for folder in records for name in folder["names"]]
    return sorted(names[i] for i in split_validation(count, len(names), seed))


def strip_moments(path: Path) -> int:
    """Rewrite a training state without the optimiser's moments (the weights, step, time, RNG and records
    stay; Adam starts its averages afresh on resuming); returns the new size in bytes."""
    state = load_training_checkpoint(path)
    state.pop("format", None)
    optimizer = state.get("optimizer") or {}
    state["optimizer"] = {"state": {}, "param_groups": optimizer.get("param_groups", [])}
    save_checkpoint(path, state)
    return path.stat().st_size


def has_moments(path: Path) -> bool:
    """Whether a training state holds the optimiser's moments."""
    state = torch.load(path, map_location="cpu", weights_only=True)
    return bool((state.get("optimizer") or {}).get("state"))


def prepare(
    pack: Path,
    clean_root: Path | None = None,
    fixtures: Path | None = None,
    folders: list[str] | None = None,
    max_side: int = 768,
    quality: int = 90,
    subsampling: str = "4:2:0",
    previous: Path | None = None,
    minutes: float = 7.5,
    deadline_minutes: float = 9.5,
    limit: int = COPY_LIMIT,
    margin: int = 2 * 2**20,
    echo=print,
    extra: list[str] | None = None,
) -> dict[str, Any]:
    """Build the pack in `pack` (a git-ignored folder of the repository) and return its manifest. `extra`:
    'DIR[:N]' folders of training-only photos (`aknet train --extra-clean`), packed as pack/extra/<name>."""
    pack = Path(pack)
    clean_root = Path(clean_root) if clean_root else shared_dir() / "clean"
    fixtures = Path(fixtures) if fixtures else shared_dir() / "fixtures"
    folders = list(folders or DEFAULT_FOLDERS)
    for part in PARTS:
        shutil.rmtree(pack / part, ignore_errors=True)
    echo(f"Packing the clean photos of {clean_root} (long side ≤ {max_side} px, JPEG quality {quality}) …")
    records = pack_photos(clean_root, folders, pack / "clean", max_side, quality, subsampling, echo)
    extra_records = []
    for spec in extra or []:
        folder, weight = parse_folder_spec(spec)
        (record,) = pack_photos(folder.parent, [folder.name], pack / "extra", max_side, quality, subsampling, echo)
        extra_records.append({**record, "weight": weight})

    copied_fixtures = []
    for name in FIXTURE_FILES:
        if (fixtures / name).is_file():
            (pack / "fixtures").mkdir(parents=True, exist_ok=True)
            shutil.copyfile(fixtures / name, pack / "fixtures" / name)
            copied_fixtures.append(name)
    if len(copied_fixtures) < len(FIXTURE_FILES):
        echo(f"warning: reference fixtures not found in {fixtures}; scripts/gpu_checks.py will be skipped there")

    resume: dict[str, Any] = {}
    if previous is not None:
        for task in TRAINABLE_TASKS:
            source = Path(previous) / f"{task}.state.pt"
            if source.is_file():
                target = pack / "resume" / source.name
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(source, target)
                state = load_training_checkpoint(target)
                resume[task] = {"from": str(source), "step": int(state.get("step", 0)), "moments": has_moments(target)}
        if not resume:
            raise AKNetError(f"No <task>.state.pt files in {previous} to resume from.")

    repository = repository_bytes(REPO)
    sizes = {name: folder_bytes(pack / name) for name in PARTS}
    if repository + sum(sizes.values()) > limit - margin and resume:
        for task in resume:  # the moments are the largest part of a state: drop them before giving up
            sizes["resume"] -= (pack / "resume" / f"{task}.state.pt").stat().st_size
            sizes["resume"] += strip_moments(pack / "resume" / f"{task}.state.pt")
            resume[task]["moments"] = False
        echo("note: the resumable states travel without their optimiser moments, to stay within the copy limit")
    total = repository + sum(sizes.values())
    if total > limit - margin:
        raise AKNetError(
            f"The repository ({repository / 2**20:.1f} MiB) and the pack ({sum(sizes.values()) / 2**20:.1f} MiB) "
            f"come to {total / 2**20:.1f} MiB, over the {limit / 2**20:.0f} MiB copy limit less "
            f"{margin / 2**20:.0f} MiB of margin; pack again with a smaller --max-side or --quality."
        )
    command = job_command(pack_argument(pack), minutes, deadline_minutes)
    if len(command) > COMMAND_LIMIT:
        raise AKNetError(f"The command is {len(command)} characters, over the {COMMAND_LIMIT} allowed.")
    manifest = {
        "format": PACK_FORMAT,
        "created": _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds"),
        "source": str(clean_root.resolve()),
        "folders": records,
        "extra_folders": extra_records,
        "max_side": max_side,
        "jpeg": {"quality": quality, "subsampling": subsampling},
        "held_out": {**HELD_OUT, "photos": held_out_names(records, **HELD_OUT)},
        "fixtures": copied_fixtures,
        "resume": resume,
        "bytes": {"repository": repository, **sizes, "total": total, "limit": limit},
        "command": command,
        "carry": [pack_argument(pack)],
    }
    atomic_write(pack / "manifest.json", lambda path: path.write_text(json.dumps(manifest, indent=1)))
    atomic_write(pack / "command.txt", lambda path: path.write_text(command + "\n"))
    return manifest


def pack_argument(pack: Path) -> str:
    """The pack's path as the command names it: relative to the repository root when inside it."""
    pack = Path(pack).resolve()
    try:
        return pack.relative_to(REPO).as_posix()
    except ValueError:
        return str(pack)


def read_manifest(pack: Path) -> dict[str, Any]:
    """The manifest of a pack made by prepare(); a clear error when there is none."""
    path = Path(pack) / "manifest.json"
    if not path.is_file():
        raise AKNetError(f"No data pack at {pack}: build one first with `scripts/gpu_job.sh prepare`.")
    return json.loads(path.read_text(encoding="utf-8"))
