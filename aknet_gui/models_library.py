"""The app's view of the user's models folder (core.models_folder): scanned at start, installing and reading
checkpoints on a thread pool (the loader imports torch and reads the whole file), never on the UI thread."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from core.errors import AKNetError, unexpected_reason
from core.models_folder import (
    Installed,
    ModelFile,
    all_models,
    install_model,
    installed_models,
    models_dir,
    remove_model,
)
from core.tasks import WEIGHTS_SUFFIXES


class _Task(QRunnable):
    def __init__(self, work: Callable[[], None]) -> None:
        super().__init__()
        self.work = work

    def run(self) -> None:
        self.work()


def is_checkpoint_path(path: Path) -> bool:
    """Whether a dropped file looks like a checkpoint (to install) rather than a photo (to open)."""
    return Path(path).suffix.lower() in WEIGHTS_SUFFIXES and Path(path).is_file()


class ModelsLibrary(QObject):
    """The installed models, rescanned after each install and removal; installs and reads off the UI thread."""

    changed = Signal()  # the installed models changed (after a scan)
    installStarted = Signal(object)  # Path being checked
    installFinished = Signal(object)  # core.models_folder.Installed
    installFailed = Signal(object, str)  # Path, why
    detailsReady = Signal(list)  # [core.model_details.ModelDetails], bundled first

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(1)  # one checkpoint at a time: each may be hundreds of MB
        self.installed: list[ModelFile] = []
        self.pending = 0  # installs being checked
        self.installFinished.connect(self._install_ended)  # queued: runs on the UI thread, before other slots
        self.installFailed.connect(self._install_ended)
        self.scan()

    def folder(self) -> Path:
        """The models folder (it may not exist until the first install)."""
        return models_dir()

    def scan(self) -> None:
        """Look at the models folder again (file names only: quick)."""
        self.installed = installed_models()
        self.changed.emit()

    def for_task(self, task: str) -> list[ModelFile]:
        """The installed models offered for a task."""
        return [model for model in self.installed if model.task in (None, task)]

    def install(self, paths: list[Path], default_task: str | None = None) -> None:
        """Check each checkpoint with the real loader and copy it into the models folder, off the UI thread."""
        for path in paths:
            self.pending += 1
            self.installStarted.emit(Path(path))
            self.pool.start(_Task(lambda p=Path(path): self._install(p, default_task)))

    def _install(self, path: Path, default_task: str | None) -> None:
        try:
            result: Installed = install_model(path, default_task=default_task)
        except AKNetError as exc:
            self.installFailed.emit(path, str(exc))
        except Exception as exc:  # the app goes on; the user is told
            self.installFailed.emit(path, unexpected_reason(exc))
        else:
            self.installFinished.emit(result)

    def _install_ended(self, *_: object) -> None:
        self.pending = max(0, self.pending - 1)
        self.scan()

    def remove(self, model: ModelFile) -> None:
        """Delete an installed model (never a bundled one); AKNetError says why not."""
        try:
            remove_model(model)
        finally:
            self.scan()

    def load_details(self) -> None:
        """Read every model (bundled and installed) through the loader, off the UI thread; detailsReady."""

        def work() -> None:
            from core.model_details import describe_model

            self.detailsReady.emit([describe_model(model) for model in all_models()])

        self.pool.start(_Task(work))

    def shutdown(self) -> None:
        """Drop what has not started and wait for what has."""
        self.pool.clear()
        self.pool.waitForDone(30_000)
