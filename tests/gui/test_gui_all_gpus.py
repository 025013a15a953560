"""'All GPUs' in the batch dialog: offered only with two GPUs or more; a batch spread over worker processes.

There is no GPU here: torch's device count is monkeypatched for the dialog, and two CPU worker processes stand in
for two GPUs when a batch really runs."""

from __future__ import annotations

import multiprocessing
from pathlib import Path

import pytest
import torch
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from aknet_gui.batch_dialog import BatchDialog
from aknet_gui.jobs import ListDevicesJob
from aknet_gui.main_window import MainWindow
from aknet_gui.settings import OutputSettings
from core.image.read import read_image
from core.network.aknet import AKNet
from core.network.checkpoint import save_weights
from core.network.config import AKNetConfig
from core.progress import Status
from tests.gui.conftest import ENGINE_TIMEOUT_MS, RUN_TIMEOUT_MS, use_weights, write_photo

pytestmark = pytest.mark.gui


def open_batch_dialog(qtbot, window: MainWindow, answer) -> None:
    """Open File ▸ Batch as the menu does; `answer(dialog)` looks at the modal dialog and closes it."""
    seen: list[BatchDialog] = []
    failures: list[BaseException] = []

    def look() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, BatchDialog):
            QTimer.singleShot(20, look)
            return
        seen.append(dialog)
        try:
            answer(dialog)
        except BaseException as exc:  # seen by the test, not lost in Qt's event loop
            failures.append(exc)
        finally:
            if dialog.isVisible():
                dialog.reject()

    QTimer.singleShot(0, look)
    window.files.batch()
    assert seen, "the batch dialog did not open"
    if failures:
        raise failures[0]


def list_devices_again(qtbot, window: MainWindow, expected: list[str]) -> None:
    """List the devices again (torch's view was just changed) and wait until the window has these."""
    window.controller.worker.submit(ListDevicesJob())
    specs = lambda: [spec for spec, _ in window.controller.engine.devices]  # noqa: E731
    qtbot.waitUntil(lambda: window.controller.worker.pending() == 0 and specs() == expected, timeout=ENGINE_TIMEOUT_MS)


def test_all_gpus_is_not_offered_without_two_gpus(qtbot, window: MainWindow, monkeypatch) -> None:
    monkeypatch.setattr(torch.cuda, "is_available", lambda: False)
    list_devices_again(qtbot, window, ["auto", "cpu"])
    choices: list[object] = []
    open_batch_dialog(qtbot, window, lambda dialog: (choices.append(dialog.run_on), dialog.reject()))
    assert choices == [None]  # no 'Run on' row at all
    # One GPU is no reason either.
    monkeypatch.setattr(torch.cuda, "is_available", lambda: True)
    monkeypatch.setattr(torch.cuda, "device_count", lambda: 1)
    monkeypatch.setattr(torch.cuda, "get_device_name", lambda index=0: f"Test GPU {index}")
    list_devices_again(qtbot, window, ["auto", "cuda:0", "cpu"])
    assert window.controller.engine.batch_gpus() == []


def test_all_gpus_is_offered_with_two_gpus_and_starts_the_batch_on_both(
    qtbot, window: MainWindow, monkeypatch, tmp_path: Path, rng
) -> None:
    monkeypatch.setattr(torch.cuda, "is_available", lambda: True)
    monkeypatch.setattr(torch.cuda, "device_count", lambda: 2)
    monkeypatch.setattr(torch.cuda, "get_device_name", lambda index=0: f"Test GPU {index}")
    list_devices_again(qtbot, window, ["auto", "cuda:0", "cuda:1", "cpu"])
    source = tmp_path / "in"
    write_photo(source / "a.png", rng)
    started: list[tuple] = []
    monkeypatch.setattr(window.controller, "start_batch", lambda *args: started.append(args))
    window.settings.set_folder("batch-input", source)
    window.settings.output = OutputSettings(folder=str(tmp_path / "out"))
    choices: list[list[str]] = []

    def choose_all_gpus(dialog: BatchDialog) -> None:
        assert dialog.run_on is not None and dialog.devices() == ()  # the window's device unless asked
        choices.append([dialog.run_on.itemText(i) for i in range(dialog.run_on.count())])
        dialog.run_on.setCurrentIndex(1)
        qtbot.waitUntil(dialog.start.isEnabled, timeout=10_000)
        dialog.accept()

    open_batch_dialog(qtbot, window, choose_all_gpus)
    assert choices == [["The device chosen in the window", "All GPUs (2: cuda:0, cuda:1)"]]
    assert len(started) == 1 and started[0][3] == ("cuda:0", "cuda:1")
    # The classic method runs on the CPU: nothing to spread.
    window.controller.engine.set_task("classic-dehaze")
    assert window.controller.engine.batch_gpus() == []


def test_a_batch_spread_over_two_worker_processes_from_the_app(qtbot, window: MainWindow, tmp_path: Path, rng) -> None:
    torch.manual_seed(4)
    weights = save_weights(
        AKNet(AKNetConfig(base_channels=8, num_blocks=1, kernel_size=7)),
        tmp_path / "tiny.safetensors",
        {"task": "dehaze"},
    )
    use_weights(qtbot, window, weights)
    source = tmp_path / "in"
    for name in ("a", "b", "c", "d"):
        write_photo(source / f"{name}.png", rng)
    (source / "broken.png").write_bytes(b"\x89PNG\r\n\x1a\n" + b"garbage" * 20)
    reports: list[tuple[str, str]] = []
    window.controller.runFinished.connect(lambda kind, report: reports.append((kind, report)))
    output = tmp_path / "out"
    workers: set[str] = set()
    probe = QTimer()
    probe.timeout.connect(lambda: workers.update(child.name for child in multiprocessing.active_children()))
    probe.start(20)
    window.controller.start_batch([source], False, OutputSettings(folder=str(output)), devices=("cpu", "cpu"))
    qtbot.waitUntil(lambda: bool(reports), timeout=RUN_TIMEOUT_MS)
    probe.stop()
    assert workers == {"aknet-restore-cpu-0", "aknet-restore-cpu-1"}  # not the window's engine
    qtbot.waitUntil(lambda: not multiprocessing.active_children(), timeout=30_000)  # both gone after the batch
    kind, report = reports[0]
    assert kind == "batch" and report.startswith("4 restored, 1 failed."), report
    assert sorted(p.name for p in output.iterdir()) == [f"{name}_dehaze.png" for name in "abcd"]  # nothing else
    assert all(read_image(path).rgb.shape == (48, 64, 3) for path in output.iterdir())
    statuses = sorted((e.path.name, e.status) for e in window.session.entries.values())
    assert statuses == sorted([*((f"{n}.png", Status.DONE) for n in "abcd"), ("broken.png", Status.FAILED)])
