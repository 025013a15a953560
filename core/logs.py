"""The app's log file: where it lives on each platform, and a rotating handler that writes there.

A supporter's first question is "what happened?": the log answers with the versions, the device chosen, each
restore's size, time and fallback, and every error with its traceback. Modules log through
`logging.getLogger(__name__)`; only the app's entry point calls `start_file_log`, so the command line and the
tests write no file unless they ask for one.
"""

from __future__ import annotations

import faulthandler
import logging
import os
import platform
import sys
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
from logging.handlers import RotatingFileHandler
from pathlib import Path

APP_FOLDER = "AKNet Studio"
LOG_NAME = "aknet-studio.log"
FAULT_LOG_NAME = "crash-native.log"
LOG_DIR_VARIABLE = "AKNET_LOG_DIR"
MAX_BYTES = 1_000_000  # five old files of 1 MB each: weeks of use, small enough to attach to a report
BACKUPS = 5
FORMAT = "%(asctime)s %(levelname)-7s [%(threadName)s] %(name)s: %(message)s"


def log_folder(environ: Mapping[str, str] | None = None, system: str | None = None, home: Path | None = None) -> Path:
    """The platform's place for this app's logs ($AKNET_LOG_DIR overrides it).

    Linux: $XDG_STATE_HOME/AKNet Studio/log (~/.local/state/...); Windows: %LOCALAPPDATA%\\AKNet Studio\\Logs;
    macOS: ~/Library/Logs/AKNet Studio."""
    environ = os.environ if environ is None else environ
    system = system or platform.system()
    home = home or Path.home()
    if environ.get(LOG_DIR_VARIABLE):
        return Path(environ[LOG_DIR_VARIABLE])
    if system == "Windows":
        base = environ.get("LOCALAPPDATA") or str(home / "AppData" / "Local")
        return Path(base) / APP_FOLDER / "Logs"
    if system == "Darwin":
        return home / "Library" / "Logs" / APP_FOLDER
    state = environ.get("XDG_STATE_HOME") or str(home / ".local" / "state")
    return Path(state) / APP_FOLDER / "log"


@dataclass
class FileLog:
    """The log file in use, and why it is not in the usual place (empty when it is)."""

    path: Path
    problem: str = ""

    @property
    def folder(self) -> Path:
        """The folder holding the log (what Help ▸ Open log folder opens)."""
        return self.path.parent


_active: FileLog | None = None


def _writable_handler(folder: Path) -> RotatingFileHandler:
    folder.mkdir(parents=True, exist_ok=True)
    return RotatingFileHandler(folder / LOG_NAME, maxBytes=MAX_BYTES, backupCount=BACKUPS, encoding="utf-8")


def start_file_log(folder: Path | None = None, level: int = logging.INFO) -> FileLog:
    """Send the root logger's records to a rotating file in `folder` (default: log_folder()), and native crashes
    (segmentation faults in a library) to crash-native.log beside it. A folder that cannot be written falls back
    on the temp folder, and FileLog.problem says so. Calling it again returns the log already started."""
    global _active
    if _active is not None:
        return _active
    wanted = folder or log_folder()
    problem = ""
    try:
        handler = _writable_handler(wanted)
    except OSError as exc:
        fallback = Path(tempfile.mkdtemp(prefix="aknet-studio-log-"))  # this user's own, whoever made one before
        handler = _writable_handler(fallback)
        problem = (
            f"The log cannot be written in {wanted} ({exc.strerror or exc}); it is kept in {fallback} for this "
            f"session instead. Set {LOG_DIR_VARIABLE} to a folder you may write to, or fix that folder's permissions."
        )
    handler.setFormatter(logging.Formatter(FORMAT))
    root = logging.getLogger()
    root.addHandler(handler)
    root.setLevel(min(root.level or level, level))
    _active = FileLog(Path(handler.baseFilename), problem)
    _enable_fault_log(_active.folder / FAULT_LOG_NAME)
    logger = logging.getLogger(__name__)
    logger.info("---- AKNet Studio starts; log %s", _active.path)
    if problem:
        logger.warning(problem)
    return _active


def _enable_fault_log(path: Path) -> None:
    """Native crashes write every thread's Python stack to `path` (appended; the handle stays open)."""
    try:
        stream = open(path, "a", encoding="utf-8")  # noqa: SIM115 (kept open for the life of the process)
    except OSError:
        return
    faulthandler.enable(stream, all_threads=True)


def stop_file_log() -> None:
    """Detach and close the file log started by start_file_log (tests; the app keeps it to the end)."""
    global _active
    if _active is None:
        return
    root = logging.getLogger()
    for handler in list(root.handlers):
        if isinstance(handler, RotatingFileHandler) and Path(handler.baseFilename) == _active.path:
            root.removeHandler(handler)
            handler.close()
    if faulthandler.is_enabled():
        faulthandler.disable()
        if sys.stderr is not None:
            faulthandler.enable()
    _active = None


def active_log() -> FileLog | None:
    """The log started in this process, if any."""
    return _active


def current_log_folder() -> Path:
    """Where this process logs: the started log's folder, else where it would go."""
    return _active.folder if _active is not None else log_folder()
