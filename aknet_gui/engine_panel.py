"""The task, model, device and precision pickers, with a plain statement of what will run (or why nothing can)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QComboBox, QFormLayout, QGroupBox, QLabel, QPushButton, QWidget

from aknet_gui.icons import icon
from core.models_folder import ModelFile
from core.tasks import TASKS, get_task, task_available

LOAD = "load"
BUNDLED = "bundled"
PRECISION_CHOICES = (
    ("auto", "Auto", "float16 on a GPU; on a CPU bfloat16 only where it has bfloat16 units and bfloat16 stays "
     "faithful to float32 on these weights (measured once), else float32"),
    ("fp32", "float32", "full precision: the reference results"),
    ("bf16", "bfloat16", "faster on CPUs with AVX-512 BF16 or AMX; results differ slightly from float32"),
    ("fp16", "float16", "for GPUs; redone in float32 where it overflows"),
)  # fmt: skip
"""(setting, label, tooltip) of each arithmetic the Precision picker offers (core.precision)."""


class EnginePanel(QGroupBox):
    """Emits taskChosen, weightsChosen (a Path, or None for the bundled weights), deviceChosen, precisionChosen
    and loadCheckpointRequested; `show_state` draws what the controller holds."""

    taskChosen = Signal(str)
    weightsChosen = Signal(object)
    deviceChosen = Signal(str)
    precisionChosen = Signal(str)
    loadCheckpointRequested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Restoration", parent)
        form = QFormLayout(self)
        self.task = QComboBox(self)
        for task in TASKS.values():
            self.task.addItem(task.label, task.name)
            self.task.setItemData(self.task.count() - 1, task.description, Qt.ItemDataRole.ToolTipRole)
        form.addRow("Task:", self.task)
        self.model = QComboBox(self)
        self.model.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.model.setMinimumContentsLength(14)
        form.addRow("Model:", self.model)
        self.device = QComboBox(self)
        self.device.addItem("Auto", "auto")
        form.addRow("Device:", self.device)
        self.precision = QComboBox(self)
        for value, label, tip in PRECISION_CHOICES:
            self.precision.addItem(label, value)
            self.precision.setItemData(self.precision.count() - 1, tip, Qt.ItemDataRole.ToolTipRole)
        form.addRow("Precision:", self.precision)
        self.state = QLabel(self)
        self.state.setWordWrap(True)
        self.state.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        form.addRow(self.state)
        self.load_button = QPushButton(icon("checkpoint"), "Load checkpoint…", self)
        self.load_button.clicked.connect(self.loadCheckpointRequested)
        form.addRow(self.load_button)
        self._updating = False
        self.task.currentIndexChanged.connect(self._task_changed)
        self.model.activated.connect(self._model_activated)
        self.device.currentIndexChanged.connect(self._device_changed)
        self.precision.currentIndexChanged.connect(self._precision_changed)

    def show_state(
        self,
        task: str,
        weights: Path | None,
        devices: list[tuple[str, str]],
        device: str,
        state: str,
        message: str,
        busy: bool,
        installed: list[ModelFile] | None = None,
        precision: str = "auto",
    ) -> None:
        """Show the current choice, the installed models offered for the task, and the engine's state: none,
        loading, ready or failed."""
        self._updating = True
        try:
            self.task.setCurrentIndex(max(0, self.task.findData(task)))
            self._fill_models(task, weights, installed or [])
            self._fill_devices(devices, device)
            self.precision.setCurrentIndex(max(0, self.precision.findData(precision)))
        finally:
            self._updating = False
        classic = get_task(task).classic
        for combo in (self.task, self.model, self.device, self.precision):
            combo.setEnabled(not busy)
        for combo in (self.model, self.device, self.precision):  # the classic method needs none of them
            combo.setEnabled(not busy and not classic)
        if state == "ready":
            text = f"<span style='color:#2e9d4f'>●</span> Ready — running on {message}"
        elif state == "loading":
            text = "<span style='color:#c98a00'>●</span> Loading the model…"
        else:
            text = f"<span style='color:#d64541'>●</span> {message}"
        self.state.setText(text)
        self.load_button.setVisible(not classic and state in ("none", "failed"))
        self.load_button.setEnabled(not busy)

    def _fill_models(self, task: str, weights: Path | None, installed: list[ModelFile]) -> None:
        self.model.clear()
        spec = get_task(task)
        if spec.classic:
            self.model.addItem("No weights needed", BUNDLED)
            return
        available = task_available(task)
        bundled = "Bundled weights" if available else "Bundled weights (none yet)"
        self.model.addItem(icon("checkpoint"), bundled, BUNDLED)
        if not available:
            self.model.model().item(0).setEnabled(False)
        for model in installed:
            self.model.addItem(icon("install-model"), model.path.name, str(model.path))
            self.model.setItemData(self.model.count() - 1, f"Installed: {model.path}", Qt.ItemDataRole.ToolTipRole)
        if weights is not None and self.model.findData(str(weights)) < 0:
            self.model.addItem(icon("checkpoint"), weights.name, str(weights))
            self.model.setItemData(self.model.count() - 1, str(weights), Qt.ItemDataRole.ToolTipRole)
        self.model.addItem("Load checkpoint…", LOAD)
        index = self.model.findData(str(weights)) if weights is not None else (0 if available else -1)
        self.model.setCurrentIndex(index)
        if index < 0:
            self.model.setPlaceholderText("No weights")

    def _fill_devices(self, devices: list[tuple[str, str]], device: str) -> None:
        if [self.device.itemData(i) for i in range(self.device.count())] != [spec for spec, _ in devices]:
            self.device.clear()
            for spec, name in devices:
                self.device.addItem(icon("device"), name, spec)
        index = self.device.findData(device)
        if index < 0:  # a device remembered from another machine
            self.device.addItem(icon("device"), f"{device} (not found)", device)
            index = self.device.count() - 1
        self.device.setCurrentIndex(index)

    def _task_changed(self, index: int) -> None:
        if not self._updating and index >= 0:
            self.taskChosen.emit(self.task.itemData(index))

    def _model_activated(self, index: int) -> None:
        choice = self.model.itemData(index)
        if choice == LOAD:
            self.loadCheckpointRequested.emit()
        elif choice == BUNDLED:
            self.weightsChosen.emit(None)
        elif choice:
            self.weightsChosen.emit(Path(choice))

    def _device_changed(self, index: int) -> None:
        if not self._updating and index >= 0:
            self.deviceChosen.emit(self.device.itemData(index))

    def _precision_changed(self, index: int) -> None:
        if not self._updating and index >= 0:
            self.precisionChosen.emit(self.precision.itemData(index))
