"""The models folder in the app: dropping or installing checkpoints (checked off the UI thread), the Model
manager, and the model picker offering installed models per task. Real windows, real checkpoints."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QMessageBox

from aknet_gui.model_manager import COLUMNS
from tests.gui.conftest import ENGINE_TIMEOUT_MS, drop_files
from tests.test_models_folder import tiny_checkpoint

pytestmark = pytest.mark.gui


def picker_paths(window) -> list[str]:
    combo = window.engine_panel.model
    return [combo.itemData(i) for i in range(combo.count())]


def test_a_dropped_checkpoint_is_installed_for_its_task_and_chosen(qtbot, window, tmp_path, models_folder):
    source = tiny_checkpoint(tmp_path / "snowy.safetensors", task="desnow")
    window.controller.engine.set_task("desnow")
    drop_files(window, [source])
    target = models_folder / "desnow" / "snowy.safetensors"
    qtbot.waitUntil(lambda: "Installed snowy" in window.notice.text.text(), timeout=ENGINE_TIMEOUT_MS)
    assert "Installed snowy.safetensors for Desnow" in window.notice.text.text() and target.is_file()
    assert str(target) in picker_paths(window)
    qtbot.waitUntil(lambda: window.controller.engine.state == "ready", timeout=ENGINE_TIMEOUT_MS)
    assert window.controller.engine.weights == target  # dropped to be used: it is in use
    assert window.engine_panel.model.currentData() == str(target)
    assert window.session.order == []  # a checkpoint is not opened as a photo


def test_installed_models_are_offered_only_for_their_task(qtbot, window, tmp_path):
    source = tiny_checkpoint(tmp_path / "blur.safetensors", task="defocus")
    window.models.install([source])
    qtbot.waitUntil(lambda: window.models.library.pending == 0, timeout=ENGINE_TIMEOUT_MS)
    installed = str(window.models.library.installed[0].path)
    window.controller.engine.set_task("defocus")
    assert installed in picker_paths(window)
    window.controller.engine.set_task("dehaze")
    assert installed not in picker_paths(window)


def test_a_damaged_drop_is_refused_clearly_and_nothing_is_copied(qtbot, window, tmp_path, models_folder):
    bad = tmp_path / "holiday.pth"
    bad.write_bytes(b"these are not weights" * 50)
    drop_files(window, [bad])
    qtbot.waitUntil(lambda: window.notice.level == "error", timeout=ENGINE_TIMEOUT_MS)
    assert "holiday.pth was not installed (nothing was copied)" in window.notice.text.text()
    assert "not a readable PyTorch checkpoint" in window.notice.text.text()
    assert not models_folder.exists() or not list(models_folder.rglob("*.pth"))


def test_install_runs_off_the_ui_thread(qtbot, window, tmp_path, monkeypatch):
    import threading

    import core.models_folder

    threads = []
    real = core.models_folder.install_model

    def recording(*args, **kwargs):
        threads.append(threading.current_thread())
        return real(*args, **kwargs)

    monkeypatch.setattr("aknet_gui.models_library.install_model", recording)
    window.models.install([tiny_checkpoint(tmp_path / "x.safetensors")])
    qtbot.waitUntil(lambda: window.models.library.pending == 0, timeout=ENGINE_TIMEOUT_MS)
    assert threads and threads[0] is not threading.main_thread()


def test_model_manager_lists_every_model_and_removes_only_installed_ones(qtbot, window, tmp_path, monkeypatch):
    window.models.install([tiny_checkpoint(tmp_path / "mine.safetensors", task="desnow")])
    qtbot.waitUntil(lambda: window.models.library.pending == 0, timeout=ENGINE_TIMEOUT_MS)
    dialog = window.models.open_manager()
    qtbot.addWidget(dialog)
    assert str(window.models.library.folder()) in dialog.folder_label.text()
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 4, timeout=ENGINE_TIMEOUT_MS)
    rows = {
        dialog.table.item(r, 0).text(): [dialog.table.item(r, c).text() for c in range(len(COLUMNS))]
        for r in range(dialog.table.rowCount())
    }
    mine = dict(zip(COLUMNS, rows["desnow/mine.safetensors"], strict=True))
    assert mine["Task"] == "Desnow" and mine["Source"] == "installed" and "preset tiny" in mine["Architecture"]
    assert mine["Parameters"].replace(",", "").isdigit() and "12 steps" in mine["Training"]
    assert rows["dehaze.safetensors"][COLUMNS.index("Source")] == "bundled with the app"

    dialog.table.selectRow(list(rows).index("dehaze.safetensors"))
    assert not dialog.remove_button.isEnabled()  # bundled: never removed
    dialog.table.selectRow(list(rows).index("desnow/mine.safetensors"))
    assert dialog.remove_button.isEnabled()
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    dialog.remove_button.click()
    assert window.models.library.installed == []
    assert not (window.models.library.folder() / "desnow" / "mine.safetensors").exists()
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 3, timeout=ENGINE_TIMEOUT_MS)
    dialog.close()
    assert window.models.open_manager() is dialog and dialog.isVisible()  # one manager, shown again


def test_model_menu_has_install_and_manager(window):
    texts = [a.text() for a in window.actions.install_model.parent().findChildren(type(window.actions.install_model))]
    assert "&Install model…" in texts and "Model &manager…" in texts
