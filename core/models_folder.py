"""The user's models folder: where installed checkpoints live, and listing, installing and removing them.

The folder is `models/` in the platform's place for application data (AKNET_MODELS_DIR overrides it):
- Linux: $XDG_DATA_HOME/AKNet Studio/models (default ~/.local/share/AKNet Studio/models);
- Windows: %APPDATA%\\AKNet Studio\\models;
- macOS: ~/Library/Application Support/AKNet Studio/models.
Inside it each task has a subfolder (`dehaze/`, `desnow/`, `defocus/`) holding that task's checkpoints; a file
put directly in the folder (by hand) is offered for every task that runs a network. Listing only looks at file
names (no torch); installing checks the file through the real loader (core.network.checkpoint) first, so a
damaged or foreign file is refused with the loader's reason and nothing is copied.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path

from core.atomic import atomic_write, same_file
from core.errors import AKNetError, CheckpointError
from core.tasks import TASKS, WEIGHTS_SUFFIXES, get_task

MODELS_DIR_VARIABLE = "AKNET_MODELS_DIR"
APP_FOLDER_NAME = "AKNet Studio"


@dataclass(frozen=True)
class ModelFile:
    """A checkpoint the app can offer: bundled with the app or installed in the models folder."""

    path: Path
    task: str | None  # the task it is offered for; None: every task that runs a network
    bundled: bool = False

    @property
    def name(self) -> str:
        """How the command line and the app name it: 'task/file' (installed), the file name otherwise."""
        return f"{self.task}/{self.path.name}" if self.task and not self.bundled else self.path.name

    @property
    def source(self) -> str:
        """Where it comes from, for people."""
        return "bundled with the app" if self.bundled else "installed"


def user_data_dir() -> Path:
    """The platform's folder for this application's data (not created)."""
    home = Path.home()
    if sys.platform == "win32":
        base = Path(os.environ.get("APPDATA") or home / "AppData" / "Roaming")
    elif sys.platform == "darwin":
        base = home / "Library" / "Application Support"
    else:
        base = Path(os.environ.get("XDG_DATA_HOME") or home / ".local" / "share")
    return base / APP_FOLDER_NAME


def models_dir() -> Path:
    """The user's models folder: AKNET_MODELS_DIR, else `models` in the platform's application-data folder."""
    override = os.environ.get(MODELS_DIR_VARIABLE, "").strip()
    return Path(override).expanduser() if override else user_data_dir() / "models"


def _is_checkpoint_file(path: Path) -> bool:
    if path.name.startswith(".") or ".part" in (s.lower() for s in path.suffixes):
        return False
    return path.suffix.lower() in WEIGHTS_SUFFIXES and path.is_file()


def network_tasks() -> list[str]:
    """The tasks that run a network (the ones a checkpoint can be installed for)."""
    return [name for name, task in TASKS.items() if not task.classic]


def installed_models(task: str | None = None, folder: Path | None = None) -> list[ModelFile]:
    """The checkpoints in the models folder, sorted, optionally only those offered for `task`."""
    root = Path(folder) if folder is not None else models_dir()
    found: list[ModelFile] = []
    try:
        loose = sorted(p for p in root.iterdir() if _is_checkpoint_file(p))
    except OSError:  # no folder yet (nothing installed) or not readable
        return []
    found += [ModelFile(path, None) for path in loose]
    for name in network_tasks():
        try:
            files = sorted(p for p in (root / name).iterdir() if _is_checkpoint_file(p))
        except OSError:
            continue
        found += [ModelFile(path, name) for path in files]
    return [model for model in found if task is None or model.task in (None, task)]


def bundled_models() -> list[ModelFile]:
    """The weights shipped with the app, one per task that has them."""
    models = []
    for name in network_tasks():
        path = TASKS[name].weights_path()
        if path is not None and path.is_file():
            models.append(ModelFile(path, name, bundled=True))
    return models


def all_models(folder: Path | None = None) -> list[ModelFile]:
    """Every model the app can offer: the bundled ones, then the installed ones."""
    return bundled_models() + installed_models(folder=folder)


def _digest(path: Path) -> str:
    sha = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            sha.update(block)
    return sha.hexdigest()


def _free_name(folder: Path, name: str) -> Path:
    """`folder/name`, or `stem-2.suffix`, `stem-3.suffix`, … when that is taken."""
    target = folder / name
    stem, suffix = target.stem, target.suffix
    number = 2
    while target.exists() or target.is_symlink():
        target = folder / f"{stem}-{number}{suffix}"
        number += 1
    return target


@dataclass(frozen=True)
class Installed:
    """What install_model did: the model in the folder, and whether it was there already (nothing copied)."""

    model: ModelFile
    already_there: bool = False
    trained_for: str | None = None


def install_model(
    source: Path, task: str | None = None, folder: Path | None = None, default_task: str | None = None
) -> Installed:
    """Check a checkpoint with the real loader and copy it (atomically) into the models folder for a task.

    `task`: the task to offer it for (default: the task its metadata names, else `default_task`). The same file
    installed twice is kept once; another file with the same name is installed as `name-2`, `name-3`, …"""
    from core.network.checkpoint import load_checkpoint

    source = Path(source)
    if source.suffix.lower() not in WEIGHTS_SUFFIXES:
        raise CheckpointError(
            f"{source.name} is not a checkpoint file: AKNet models are {', '.join(WEIGHTS_SUFFIXES)} files."
        )
    checkpoint = load_checkpoint(source)  # refuses a damaged, foreign or poisoned file with its reason
    trained_for = checkpoint.task if checkpoint.task in TASKS else None
    chosen = task or trained_for or default_task
    if chosen is None:
        raise AKNetError(
            f"{source.name} does not say which task it was trained for. Say it: one of {', '.join(network_tasks())} "
            "(aknet models install FILE --task TASK, or choose the task in the app before installing)."
        )
    if get_task(chosen).classic:
        raise AKNetError(f"{get_task(chosen).label} runs no network; install the model for one of: "
                         f"{', '.join(network_tasks())}.")  # fmt: skip
    if trained_for and trained_for != chosen:
        raise AKNetError(
            f"{source.name} says it was trained for {TASKS[trained_for].label}, not {TASKS[chosen].label}. "
            f"Install it for {trained_for}."
        )
    root = Path(folder) if folder is not None else models_dir()
    target_dir = root / chosen
    digest = _digest(source)
    for existing in installed_models(chosen, root):
        if existing.task == chosen and (same_file(existing.path, source) or _digest(existing.path) == digest):
            return Installed(existing, already_there=True, trained_for=trained_for)
    try:
        target_dir.mkdir(parents=True, exist_ok=True)
        target = _free_name(target_dir, source.name)
        atomic_write(target, lambda temporary: shutil.copyfile(source, temporary))
    except OSError as exc:
        raise AKNetError(
            f"Could not copy {source.name} into {target_dir} ({exc.strerror or exc}). "
            f"Check that the folder can be written (or set {MODELS_DIR_VARIABLE} to another folder)."
        ) from exc
    return Installed(ModelFile(target, chosen), trained_for=trained_for)


def find_installed(name: str, folder: Path | None = None) -> ModelFile:
    """The installed model called `name` ('task/file' or a file name that only one model has)."""
    models = installed_models(folder=folder)
    exact = [m for m in models if m.name == name or str(m.path) == name]
    matches = exact or [m for m in models if m.path.name == name]
    if len(matches) == 1:
        return matches[0]
    if any(m.path.name == Path(name).name for m in bundled_models()):
        raise AKNetError(f"{name} is bundled with the app and cannot be removed.")
    if not matches:
        names = ", ".join(m.name for m in models) or "none"
        raise AKNetError(f"No installed model is called {name}. Installed: {names}.")
    raise AKNetError(f"Several installed models are called {name}; say which: {', '.join(m.name for m in matches)}.")


def remove_model(model: ModelFile | str, folder: Path | None = None) -> Path:
    """Delete an installed model's file (never a bundled one); returns the path removed."""
    root = Path(folder) if folder is not None else models_dir()
    found = find_installed(model, folder) if isinstance(model, str) else model
    if found.bundled:
        raise AKNetError(f"{found.path.name} is bundled with the app and cannot be removed.")
    inside = os.path.commonpath([os.path.realpath(root), os.path.realpath(found.path.parent)])
    if inside != os.path.realpath(root):
        raise AKNetError(f"{found.path} is not in the models folder ({root}); only installed models are removed.")
    try:
        found.path.unlink()
    except FileNotFoundError:
        raise AKNetError(f"{found.name} was already removed.") from None
    except OSError as exc:
        raise AKNetError(f"Could not remove {found.path} ({exc.strerror or exc}).") from exc
    return found.path
