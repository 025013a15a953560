"""The chosen task, weights, device and precision, and the state of the engine the worker loads for them."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, Signal

from aknet_gui.core_text import core_text
from aknet_gui.jobs import EngineInfo, EngineRequest, LoadEngineJob
from aknet_gui.settings import Settings
from aknet_gui.worker import RestoreWorker
from core.errors import WeightsMissingError
from core.precision import PRECISIONS
from core.tasks import TASKS, bundled_weights, get_task


class EngineChoice(QObject):
    """What the user picked and whether it can run: state is none (no weights), loading, ready or failed."""

    changed = Signal()
    devicesChanged = Signal(list)  # [(spec, name)], 'auto' first
    noticeRaised = Signal(str, str)  # level, message

    def __init__(self, settings: Settings, worker: RestoreWorker, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.settings, self.worker = settings, worker
        self.task = settings.task if settings.task in TASKS else "dehaze"
        self.device = settings.device or "auto"
        self.precision = settings.precision if settings.precision in PRECISIONS else "auto"
        self.weights = self._remembered_weights(self.task)
        self.devices: list[tuple[str, str]] = [("auto", self.tr("Auto"))]
        self.state = "none"
        self.message = ""
        self.info: EngineInfo | None = None
        self._requested: EngineRequest | None = None
        self._loaded_weights: dict[str, Path | None] = {}  # per task, the weights that last loaded fine
        worker.devicesListed.connect(self._devices_listed)
        worker.engineLoaded.connect(self._engine_loaded)
        worker.engineFailed.connect(self._engine_failed)

    def ready(self) -> bool:
        """Whether Restore can run now."""
        return self.state == "ready"

    def batch_gpus(self) -> list[str]:
        """The GPUs a batch may be spread over ('All GPUs'): every CUDA device listed, when there are at least
        two and the task runs a network (the classic method runs on the CPU); else none."""
        gpus = [spec for spec, _ in self.devices if spec.startswith("cuda:")]
        return gpus if len(gpus) >= 2 and not get_task(self.task).classic else []

    def label(self) -> str:
        """The task's name for people."""
        return core_text(get_task(self.task).label)

    def choose(
        self,
        task: str | None = None,
        weights: Path | None = None,
        device: str | None = None,
        precision: str | None = None,
    ) -> None:
        """Set the task, weights, device and precision without loading anything yet (from the command line)."""
        if task is not None:
            get_task(task)
            self.task = task
            self.weights = self._remembered_weights(task)
        if weights is not None:
            self.weights = Path(weights)
        if device is not None:
            self.device = device
        if precision is not None:
            self.precision = precision

    def set_task(self, task: str) -> None:
        """Choose a task; its remembered checkpoint (or its bundled weights) is loaded."""
        get_task(task)
        if task != self.task:
            self.task = task
            self.settings.task = task
            self.weights = self._remembered_weights(task)
            self.request()

    def set_weights(self, weights: Path | None) -> None:
        """Use a checkpoint for the current task (None: the bundled weights); it is checked off the UI thread."""
        self.weights = Path(weights) if weights is not None else None
        if self.weights is not None:
            self.settings.set_folder("checkpoint", self.weights.parent)
        self.request()

    def set_device(self, device: str) -> None:
        """Choose where to run: 'auto', 'cpu', 'cuda:N'."""
        if device != self.device:
            self.device = device
            self.settings.device = device
            self.request()

    def set_precision(self, precision: str) -> None:
        """Choose the arithmetic: 'auto' (core.precision's rule), 'fp32', 'bf16' or 'fp16'."""
        if precision in PRECISIONS and precision != self.precision:
            self.precision = precision
            self.settings.precision = precision
            self.request()

    def request(self) -> None:
        """Ask the worker for the engine of the current choice, or say plainly why it cannot run."""
        spec = get_task(self.task)
        if not spec.classic and self.weights is None:
            try:
                bundled_weights(self.task)
            except WeightsMissingError as exc:
                self._requested = None
                self._set_state("none", core_text(str(exc)))
                return
        weights = None if spec.classic else self.weights
        self._requested = EngineRequest(self.task, weights, self.device, precision=self.precision)
        self._set_state("loading", self.tr("Loading the model…"))
        self.worker.submit(LoadEngineJob(request=self._requested))

    def _remembered_weights(self, task: str) -> Path | None:
        remembered = self.settings.checkpoint_for(task)
        return Path(remembered) if remembered and Path(remembered).is_file() else None

    def _set_state(self, state: str, message: str = "") -> None:
        self.state, self.message = state, message
        self.changed.emit()

    def _devices_listed(self, devices: list[tuple[str, str]]) -> None:
        self.devices = [("auto", self.tr("Auto")), *devices]
        self.devicesChanged.emit(self.devices)

    def _engine_loaded(self, info: EngineInfo) -> None:
        wanted = self._requested
        if wanted is None or (info.request.task, info.request.weights) != (wanted.task, wanted.weights):
            return  # the answer to an earlier choice
        self.info = info
        self._loaded_weights[info.request.task] = info.request.weights
        if info.request.weights is not None:
            self.settings.set_checkpoint_for(info.request.task, str(info.request.weights))
            trained_for = info.description.get("task")
            if trained_for and trained_for != info.request.task:
                name = core_text(TASKS[trained_for].label) if trained_for in TASKS else trained_for
                text = self.tr("This checkpoint says it was trained for {trained}, not {task}.")
                self.noticeRaised.emit("warning", text.format(trained=name, task=self.label()))
        elif not get_task(info.request.task).classic:
            self.settings.set_checkpoint_for(info.request.task, "")
        self._set_state("ready", info.device_label)

    def _engine_failed(self, request: EngineRequest, message: str) -> None:
        if request != self._requested:
            return
        self.noticeRaised.emit("error", message)
        previous = self._loaded_weights.get(request.task, request.weights)
        if request.weights is not None and previous != request.weights:
            self.weights = previous  # go back to what worked; the worker still holds it
            self.request()
            return
        self._set_state("failed", message)
