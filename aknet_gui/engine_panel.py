"""The task, model, device and precision pickers, with a plain statement of what will run (or why nothing can)."""

from __future__ import annotations

import html
from pathlib import Path

from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt, Signal
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QComboBox, QFormLayout, QGroupBox, QLabel, QPushButton, QWidget

from aknet_gui.accessibility import describe
from aknet_gui.contrast import AA_GRAPHICS, readable
from aknet_gui.core_text import core_text
from aknet_gui.icons import icon
from core.models_folder import ModelFile
from core.tasks import TASKS, get_task, task_available

LOAD = "load"
BUNDLED = "bundled"
PRECISION_CHOICES = (
    ("auto", QT_TRANSLATE_NOOP("EnginePanel", "Auto"), QT_TRANSLATE_NOOP("EnginePanel",
     "float16 on a GPU; on a CPU bfloat16 only where it has bfloat16 units and bfloat16 stays faithful to float32 "
     "on these weights (measured once), else float32")),
    ("fp32", "float32", QT_TRANSLATE_NOOP("EnginePanel", "full precision: the reference results")),
    ("bf16", "bfloat16", QT_TRANSLATE_NOOP("EnginePanel",
     "faster on CPUs with AVX-512 BF16 or AMX; results differ slightly from float32")),
    ("fp16", "float16", QT_TRANSLATE_NOOP("EnginePanel", "for GPUs; redone in float32 where it overflows")),
)  # fmt: skip
"""(setting, label, tooltip) of each arithmetic the Precision picker offers (core.precision); translated where
shown."""


class EnginePanel(QGroupBox):
    """Emits taskChosen, weightsChosen (a Path, or None for the bundled weights), deviceChosen, precisionChosen
    and loadCheckpointRequested; `show_state` draws what the controller holds."""

    taskChosen = Signal(str)
    weightsChosen = Signal(object)
    deviceChosen = Signal(str)
    precisionChosen = Signal(str)
    loadCheckpointRequested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle(self.tr("Restoration"))
        form = QFormLayout(self)
        self.task = QComboBox(self)
        for task in TASKS.values():
            self.task.addItem(core_text(task.label), task.name)
            self.task.setItemData(self.task.count() - 1, core_text(task.description), Qt.ItemDataRole.ToolTipRole)
        form.addRow(self.tr("&Task:"), self.task)
        self.model = QComboBox(self)
        self.model.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.model.setMinimumContentsLength(14)
        form.addRow(self.tr("Mo&del:"), self.model)
        self.device = QComboBox(self)
        self.device.addItem(self.tr("Auto"), "auto")
        form.addRow(self.tr("D&evice:"), self.device)
        self.precision = QComboBox(self)
        for value, label, tip in PRECISION_CHOICES:
            self.precision.addItem(self.tr(label), value)
            self.precision.setItemData(self.precision.count() - 1, self.tr(tip), Qt.ItemDataRole.ToolTipRole)
        form.addRow(self.tr("&Precision:"), self.precision)
        self.state = QLabel(self)
        self.state.setWordWrap(True)
        self.state.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        form.addRow(self.state)
        self.load_button = QPushButton(icon("checkpoint"), self.tr("Load checkpoint…"), self)
        self.load_button.clicked.connect(self.loadCheckpointRequested)
        form.addRow(self.load_button)
        describe(self.task, self.tr("Task"), self.tr("What to restore: haze, snow, defocus blur (Alt+T)"))
        describe(self.model, self.tr("Model"), self.tr("The weights the task runs with, or load a checkpoint (Alt+D)"))
        describe(self.device, self.tr("Device"), self.tr("Where the model runs: automatic, a GPU or the CPU (Alt+E)"))
        describe(
            self.precision,
            self.tr("Precision"),
            self.tr("The arithmetic the model runs in: automatic, float32, bfloat16 or float16 (Alt+P)"),
        )
        describe(
            self.state, self.tr("Model state"), self.tr("Whether the model is ready, loading, or why it cannot run")
        )
        describe(self.load_button, self.tr("Load checkpoint"), self.tr("Choose a weights file for this task (Ctrl+L)"))
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
            text = self._dot("#2e9d4f") + self.tr("Ready — running on {device}").format(device=html.escape(message))
        elif state == "loading":
            text = self._dot("#c98a00") + self.tr("Loading the model…")
        else:
            text = self._dot("#d64541") + html.escape(message)
        self.state.setText(text)
        self.load_button.setVisible(not classic and state in ("none", "failed"))
        self.load_button.setEnabled(not busy)

    def _dot(self, colour: str) -> str:
        """A state's coloured dot, as rich text, made to stand out (3:1) from the panel's background."""
        shown = readable(QColor(colour), self.palette().color(QPalette.ColorRole.Window), AA_GRAPHICS)
        return f"<span style='color:{shown.name()}'>●</span> "

    def _fill_models(self, task: str, weights: Path | None, installed: list[ModelFile]) -> None:
        self.model.clear()
        spec = get_task(task)
        if spec.classic:
            self.model.addItem(self.tr("No weights needed"), BUNDLED)
            return
        available = task_available(task)
        bundled = self.tr("Bundled weights") if available else self.tr("Bundled weights (none yet)")
        self.model.addItem(icon("checkpoint"), bundled, BUNDLED)
        if not available:
            self.model.model().item(0).setEnabled(False)
        for model in installed:
            self.model.addItem(icon("install-model"), model.path.name, str(model.path))
            tip = self.tr("Installed: {path}").format(path=model.path)
            self.model.setItemData(self.model.count() - 1, tip, Qt.ItemDataRole.ToolTipRole)
        if weights is not None and self.model.findData(str(weights)) < 0:
            self.model.addItem(icon("checkpoint"), weights.name, str(weights))
            self.model.setItemData(self.model.count() - 1, str(weights), Qt.ItemDataRole.ToolTipRole)
        self.model.addItem(self.tr("Load checkpoint…"), LOAD)
        index = self.model.findData(str(weights)) if weights is not None else (0 if available else -1)
        self.model.setCurrentIndex(index)
        if index < 0:
            self.model.setPlaceholderText(self.tr("No weights"))

    def _fill_devices(self, devices: list[tuple[str, str]], device: str) -> None:
        if [self.device.itemData(i) for i in range(self.device.count())] != [spec for spec, _ in devices]:
            self.device.clear()
            for spec, name in devices:
                self.device.addItem(icon("device"), name, spec)
        index = self.device.findData(device)
        if index < 0:  # a device remembered from another machine
            self.device.addItem(icon("device"), self.tr("{device} (not found)").format(device=device), device)
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
