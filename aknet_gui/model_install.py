"""Installing models from the window: Model ▸ Install model…, dropped checkpoints, and the Model manager.
The checks run off the UI thread (ModelsLibrary); the result is told in the notice bar, and a model installed
for the task in use is chosen at once."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QFileDialog

from aknet_gui.core_text import core_text
from aknet_gui.file_dialogs import checkpoint_filter
from aknet_gui.model_manager import ModelManagerDialog
from aknet_gui.models_library import ModelsLibrary, is_checkpoint_path
from core.models_folder import Installed
from core.tasks import TASKS, get_task

if TYPE_CHECKING:
    from aknet_gui.main_window import MainWindow


class ModelInstaller:
    """Connects a window to its ModelsLibrary: install dialogs and drops, notices, and the model picker."""

    def __init__(self, window: MainWindow) -> None:
        self.window = window
        self.library = ModelsLibrary(window)
        self.manager: ModelManagerDialog | None = None  # made on first use, then shown again
        self.library.changed.connect(window.refresh_engine)
        self.library.installStarted.connect(self._started)
        self.library.installFinished.connect(self._finished)
        self.library.installFailed.connect(self._failed)

    def default_task(self) -> str | None:
        """The task a checkpoint that names none is installed for: the one in use, when it runs a network."""
        task = self.window.controller.engine.task
        return None if get_task(task).classic else task

    def install(self, paths: list[Path]) -> None:
        """Check and copy checkpoints into the models folder (off the UI thread)."""
        self.library.install([Path(p) for p in paths], self.default_task())

    def install_from_dialog(self) -> None:
        """Model ▸ Install model…: pick checkpoint files to copy into the models folder."""
        files, _ = QFileDialog.getOpenFileNames(
            self.window,
            QCoreApplication.translate("ModelInstaller", "Install models"),
            self.window.settings.folder("checkpoint"),
            checkpoint_filter(),
        )
        if files:
            self.window.settings.set_folder("checkpoint", Path(files[0]).parent)
            self.install([Path(f) for f in files])

    def take_dropped(self, paths: list[Path]) -> list[Path]:
        """Install the checkpoints among dropped files; the rest (photos, folders) are returned to be opened."""
        checkpoints = [p for p in paths if is_checkpoint_path(p)]
        if checkpoints:
            self.install(checkpoints)
        return [p for p in paths if p not in checkpoints]

    def open_manager(self) -> ModelManagerDialog:
        """Show the Model manager (modeless, so that installs it starts can be watched in it)."""
        if self.manager is None:
            self.manager = ModelManagerDialog(self.library, self.window)
            self.manager.installRequested.connect(self.install_from_dialog)
        elif not self.manager.isVisible():
            self.manager.reload()
        self.manager.show()
        self.manager.raise_()
        return self.manager

    def _started(self, path: Path) -> None:
        text = QCoreApplication.translate("ModelInstaller", "Checking {file}…").format(file=path.name)
        self.window.notice.show_message("info", text)

    def _finished(self, result: Installed) -> None:
        model = result.model
        if model.task in TASKS:
            label = core_text(TASKS[model.task].label)
        else:
            label = QCoreApplication.translate("ModelInstaller", "every task")
        if result.already_there:
            text = QCoreApplication.translate("ModelInstaller", "{file} is already installed for {task}.")
        else:
            text = QCoreApplication.translate("ModelInstaller", "Installed {file} for {task} in {folder}.")
        text = text.format(file=model.path.name, task=label, folder=model.path.parent)
        self.window.notice.show_message("info", text)
        engine = self.window.controller.engine
        if model.task == engine.task and not self.window.controller.busy():
            engine.set_weights(model.path)  # dropped to be used: use it
        self.window.refresh_engine()

    def _failed(self, path: Path, message: str) -> None:
        text = QCoreApplication.translate("ModelInstaller", "{file} was not installed (nothing was copied): {reason}")
        self.window.notice.show_message("error", text.format(file=path.name, reason=core_text(message)))
