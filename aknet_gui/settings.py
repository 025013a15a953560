"""Persistent settings (QSettings): window geometry, folders, task, device, compare mode, output options."""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import QByteArray, QCoreApplication, QSettings

from core.batch import check_template
from core.errors import AKNetError

ORGANISATION = "AKNet"
APPLICATION = "AKNet Studio"
MAX_RECENT = 10
OUTPUT_FORMATS = ("same", "png", "jpg", "tif", "webp")  # what the app writes, as the command line does


@dataclass
class OutputSettings:
    """How restored images are named and written (the app's side of core.batch.OutputOptions)."""

    folder: str = ""  # empty: beside each original
    template: str = "{name}_{task}"
    format: str = "same"  # same | png | jpg | tif | webp
    quality: int = 95
    skip_existing: bool = True
    strip_metadata: bool = False  # privacy: no EXIF, XMP, IPTC or provenance note in saved files


def _text_setting(key: str, default: str, doc: str) -> property:
    """A str property stored under `key`."""
    return property(lambda self: self._str(key, default), lambda self, value: self._set(key, value), doc=doc)


def _bytes_setting(key: str, doc: str) -> property:
    """A QByteArray property (window geometry and states) stored under `key`; None when absent."""

    def read(self: Settings) -> QByteArray | None:
        value = self.store.value(key)
        return value if isinstance(value, QByteArray) else None

    return property(read, lambda self, value: self._set(key, value), doc=doc)


class Settings:
    """Typed access to the app's QSettings; pass a QSettings of your own to keep tests apart from users."""

    def __init__(self, store: QSettings | None = None) -> None:
        self.store = store if store is not None else QSettings(ORGANISATION, APPLICATION)

    def _get(self, key: str, default: Any, kind: type) -> Any:
        value = self.store.value(key, default)
        if value is None:
            return default
        if kind is bool:
            return value if isinstance(value, bool) else str(value).lower() in ("1", "true", "yes")
        try:
            return kind(value)
        except (TypeError, ValueError):
            return default

    def _str(self, key: str, default: str = "") -> str:
        return self._get(key, default, str)

    def _set(self, key: str, value: Any) -> None:
        self.store.setValue(key, value)

    # Window -----------------------------------------------------------------------------------------
    geometry = _bytes_setting("window/geometry", "The main window's saved geometry.")
    window_state = _bytes_setting("window/state", "The main window's toolbars and docks.")
    splitter_state = _bytes_setting("window/splitter", "Sizes of the image list and the compare view.")

    # Choices -----------------------------------------------------------------------------------------
    task = _text_setting("run/task", "dehaze", "The chosen task (a core.tasks name).")
    device = _text_setting("run/device", "auto", "The chosen device: auto, cpu, cuda:N.")
    precision = _text_setting("run/precision", "auto", "The chosen arithmetic: auto, fp32, bf16, fp16.")
    compare_mode = _text_setting("view/compare_mode", "side-by-side", "side-by-side, split or single.")
    theme = _text_setting("view/theme", "system", "system, light or dark.")
    language = _text_setting("view/language", "system", "system, or a language of aknet_gui.i18n.LANGUAGES.")

    def checkpoint_for(self, task: str) -> str:
        """The checkpoint last loaded for a task ('' when it uses its bundled weights)."""
        return self._str(f"run/checkpoint/{task}")

    def set_checkpoint_for(self, task: str, path: str) -> None:
        """Remember the checkpoint used for a task."""
        self._set(f"run/checkpoint/{task}", path)

    # Folders -----------------------------------------------------------------------------------------
    def folder(self, role: str) -> str:
        """The last folder used for a role: open, save, checkpoint, batch-input, batch-output."""
        return self._str(f"folders/{role}", str(Path.home()))

    def set_folder(self, role: str, folder: str | Path) -> None:
        """Remember the folder used for a role."""
        self._set(f"folders/{role}", str(folder))

    @property
    def batch_recursive(self) -> bool:
        """Whether batch folders include their subfolders."""
        return self._get("batch/recursive", False, bool)

    @batch_recursive.setter
    def batch_recursive(self, value: bool) -> None:
        self._set("batch/recursive", bool(value))

    # Output ------------------------------------------------------------------------------------------
    @property
    def output(self) -> OutputSettings:
        """Naming template, format, JPEG/WebP quality, skip-existing, strip-metadata and output folder."""
        default = OutputSettings()
        template = self._str("output/template", default.template)
        try:  # a damaged or hand-edited settings file must not make every save fail
            check_template(template)
        except AKNetError:
            template = default.template
        output_format = self._str("output/format", default.format)
        quality = self._get("output/quality", default.quality, int)
        return OutputSettings(
            folder=self._str("output/folder", default.folder),
            template=template,
            format=output_format if output_format in OUTPUT_FORMATS else default.format,
            quality=quality if 1 <= quality <= 100 else default.quality,
            skip_existing=self._get("output/skip_existing", default.skip_existing, bool),
            strip_metadata=self._get("output/strip_metadata", default.strip_metadata, bool),
        )

    @output.setter
    def output(self, value: OutputSettings) -> None:
        for key, item in vars(value).items():
            self._set(f"output/{key}", item)

    # Recent files ------------------------------------------------------------------------------------
    @property
    def recent_files(self) -> list[str]:
        """Recently opened images and folders, newest first."""
        value = self.store.value("recent/files", [])
        if isinstance(value, str):
            value = [value]
        return [str(v) for v in (value or []) if v]

    def add_recent(self, paths: list[Path]) -> None:
        """Put paths at the front of the recent list (without duplicates, at most MAX_RECENT)."""
        names = [str(p) for p in paths]
        rest = [p for p in self.recent_files if p not in names]
        self._set("recent/files", (names + rest)[:MAX_RECENT])

    def clear_recent(self) -> None:
        """Forget the recent files."""
        self._set("recent/files", [])

    # The file itself ------------------------------------------------------------------------------
    def startup_problems(self) -> list[str]:
        """What the user should know about the settings file as the app starts, in their words (none: all is well).

        A damaged file is set aside as FILE.damaged and every setting starts from its default; a file or folder
        that cannot be written means this session's changes will not be kept."""
        path = self.store.fileName()
        problems = []
        self.store.allKeys()  # QSettings reads the file when first asked; its status then says how that went
        if self.store.status() == QSettings.Status.FormatError:
            self.store.clear()  # nothing half-read survives: defaults throughout
            copy = f"{path}.damaged"
            if _copied(path, copy):
                text = QCoreApplication.translate(
                    "Settings",
                    "The settings file {path} was damaged and could not be read: every setting (window, folders, "
                    "task, device, output options) was reset to its default. A copy of it is kept as {copy}.",
                )
            else:
                text = QCoreApplication.translate(
                    "Settings",
                    "The settings file {path} was damaged and could not be read: every setting (window, folders, "
                    "task, device, output options) was reset to its default.",
                )
            problems.append(text.format(path=path, copy=copy))
        if not self.store.isWritable():
            text = QCoreApplication.translate(
                "Settings",
                "Settings will not be saved: {path} cannot be written (check that its folder exists and that you "
                "may write there). AKNet Studio works as usual, but forgets this session's choices when it closes.",
            )
            problems.append(text.format(path=path))
        return problems

    def sync(self) -> None:
        """Write pending changes to disk."""
        self.store.sync()


def _copied(source: str, target: str) -> bool:
    """Copy a file; False when it cannot be."""
    try:
        shutil.copyfile(source, target)
    except OSError:
        return False
    return True
