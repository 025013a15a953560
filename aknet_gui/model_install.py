"""Installing models from the window: Model ▸ Install model…, dropped checkpoints, and the Model manager.
The checks run off the UI thread (ModelsLibrary); the result is told in the notice bar, and a model installed
for the task in use is chosen at once."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QFileDialog

from aknet_gui.file_dialogs import CHECKPOINT_FILTER
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
            "Install models",
            self.window.settings.folder("checkpoint"),
            f"{CHECKPOINT_FILTER};;All files (*)",
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
            self.manager.status.setText("Reading the models…")
            self.library.load_details()
        self.manager.show()
        self.manager.raise_()
        return self.manager

    def _started(self, path: Path) -> None:
        self.window.notice.show_message("info", f"Checking {path.name}…")

    def _finished(self, result: Installed) -> None:
        model = result.model
        label = TASKS[model.task].label if model.task in TASKS else "every task"
        if result.already_there:
            text = f"{model.path.name} is already installed for {label}."
        else:
            text = f"Installed {model.path.name} for {label} in {model.path.parent}."
        self.window.notice.show_message("info", text)
        engine = self.window.controller.engine
        if model.task == engine.task and not self.window.controller.busy():
            engine.set_weights(model.path)  # dropped to be used: use it
        self.window.refresh_engine()

    def _failed(self, path: Path, message: str) -> None:
        self.window.notice.show_message("error", f"{path.name} was not installed (nothing was copied): {message}")
