"""The main window end to end: drop, restore, strength, save; checkpoints; tasks without weights; settings."""

from __future__ import annotations

import hashlib
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtCore import Qt

from aknet_gui.display import to_float
from aknet_gui.main_window import MainWindow
from core.image.read import read_image
from core.progress import Status
from tests.conftest import self_test
from tests.gui.conftest import ENGINE_TIMEOUT_MS, RUN_TIMEOUT_MS, drop_files, use_weights, wait_idle, write_photo

pytestmark = [pytest.mark.gui, pytest.mark.filterwarnings("ignore:Function.*QDragEnterEvent:DeprecationWarning")]


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_drop_restore_strength_and_save(qtbot, window: MainWindow, reference_weights, tmp_path, rng):
    photo = write_photo(tmp_path / "beach.png", rng)
    before = digest(photo)
    use_weights(qtbot, window, reference_weights)
    session = window.session

    drop_files(window, [photo])
    assert [e.path for e in session.entries.values()] == [photo]
    qtbot.waitUntil(lambda: session.original is not None, timeout=10_000)
    assert window.compare.right.base.image.width == 64
    assert window.actions.restore.isEnabled()

    window.actions.restore.trigger()
    entry = session.current
    qtbot.waitUntil(lambda: session.entries[entry].status in (Status.DONE, Status.FAILED), timeout=RUN_TIMEOUT_MS)
    assert session.entries[entry].status == Status.DONE, session.entries[entry].message
    assert "Done" in window.image_list.item(0).text()
    qtbot.waitUntil(lambda: window.compare.right.top.image is not None, timeout=10_000)
    restored = to_float(session.store.get(entry))

    # The strength slider blends live in the view, and the saved file is what the view shows.
    window.actions.strength.setValue(30)
    assert window.compare.right.top.opacity() == pytest.approx(0.30)
    assert window.compare.right.captions[0] == "Dehaze · 30%"  # the task that made the result
    wait_idle(qtbot, window)
    window.actions.save.trigger()
    wait_idle(qtbot, window)
    saved_path = tmp_path / "beach_dehaze.png"
    assert saved_path.is_file()
    saved = read_image(saved_path).rgb
    original = read_image(photo).rgb
    expected = original + 0.30 * (restored - original)
    assert np.abs(saved - expected).max() <= 1.0 / 255 + 1e-6
    assert np.abs(saved - restored).max() > 2.0 / 255  # the strength really changed the file
    assert digest(photo) == before  # the original is untouched
    assert not [p for p in tmp_path.iterdir() if ".part" in p.name]


def test_dropping_onto_the_list_opens_files_and_folders(qtbot, window: MainWindow, tmp_path, rng):
    folder = tmp_path / "trip"
    folder.mkdir()
    for name in ("a.png", "b.jpg"):
        write_photo(folder / name, rng)
    (folder / "notes.txt").write_text("not a photo")
    loose = write_photo(tmp_path / "c.png", rng)
    drop_files(window.image_list, [folder, loose])
    qtbot.waitUntil(lambda: window.image_list.count() == 3, timeout=10_000)  # folders are walked off the UI thread
    names = [e.path.name for e in window.session.entries.values()]
    assert names == ["a.png", "b.jpg", "c.png"]  # in the order dropped
    qtbot.waitUntil(lambda: len(window.image_list._thumbnails) == 3, timeout=10_000)


def test_task_without_weights_says_so_and_cannot_run(qtbot, window: MainWindow, tmp_path, rng, without_weights):
    without_weights("defocus")
    write_photo(tmp_path / "a.png", rng)
    window.open_paths([tmp_path / "a.png"])
    window.controller.engine.set_task("defocus")
    assert window.controller.engine.state == "none"
    assert not window.actions.restore.isEnabled()
    assert "No trained weights" in window.engine_panel.state.text()
    assert "Load a checkpoint" in window.actions.restore.toolTip()
    assert window.engine_panel.load_button.isVisibleTo(window)
    window.actions.restore.trigger()  # even if triggered, nothing runs
    assert not window.controller.busy()


def test_wrong_checkpoint_is_refused_with_a_clear_message(qtbot, window: MainWindow, tmp_path):
    bad = tmp_path / "holiday.pth"
    bad.write_bytes(b"these are not weights")
    messages: list[str] = []
    window.controller.noticeRaised.connect(lambda level, message: messages.append(message))
    window.controller.engine.set_weights(bad)
    assert window.controller.engine.state == "loading"
    qtbot.waitUntil(lambda: bool(messages), timeout=ENGINE_TIMEOUT_MS)
    assert "holiday.pth" in messages[0]
    qtbot.waitUntil(lambda: window.controller.engine.state != "loading", timeout=ENGINE_TIMEOUT_MS)
    assert not window.actions.restore.isEnabled()
    assert window.notice.isVisible() and "holiday.pth" in window.notice.text.text()


def test_a_checkpoint_that_does_not_fit_keeps_the_working_one(qtbot, window: MainWindow, reference_weights, tmp_path):
    use_weights(qtbot, window, reference_weights)
    import torch

    misfit = tmp_path / "other_net.pth"
    torch.save({"conv.weight": torch.zeros(3, 3, 3, 3)}, misfit)
    messages: list[str] = []
    window.controller.noticeRaised.connect(lambda level, message: messages.append(f"{level}: {message}"))
    window.controller.engine.set_weights(misfit)
    qtbot.waitUntil(lambda: bool(messages), timeout=ENGINE_TIMEOUT_MS)
    assert messages[0].startswith("error:") and "other_net.pth" in messages[0]
    qtbot.waitUntil(lambda: window.controller.engine.state == "ready", timeout=ENGINE_TIMEOUT_MS)
    assert window.controller.engine.weights == reference_weights
    assert window.engine_panel.model.currentText() == reference_weights.name


def test_settings_persist_between_sessions(qtbot, settings, tmp_path, rng):
    first = MainWindow(settings, start=False)
    qtbot.addWidget(first)
    first.show()
    first.set_compare_mode("split")
    first.controller.engine.set_task("classic-dehaze")
    first.resize(760, 540)  # the offscreen screen is 800×600
    first.open_paths([write_photo(tmp_path / "a.png", rng)])
    size = first.size()
    first.close()
    second = MainWindow(settings, start=False)
    qtbot.addWidget(second)
    second.show()
    assert second.compare.mode == "split"
    assert second.actions.mode_actions["split"].isChecked()
    assert second.controller.engine.task == "classic-dehaze"
    assert second.size() == size
    assert str(tmp_path / "a.png") in settings.recent_files
    assert settings.folder("open") == str(tmp_path)
    second.close()


@pytest.mark.slow
def test_self_test_passes_with_the_reference_weights(reference_weights):
    done = self_test("--weights", str(reference_weights))
    assert done.returncode == 0, done.stdout + done.stderr
    assert "restored through the worker thread" in done.stdout


def test_self_test_without_weights_fails_with_a_reason(tmp_path):
    done = self_test("--weights", str(tmp_path / "missing.safetensors"), timeout=120)
    assert done.returncode == 2
    assert "does not exist" in done.stdout


def test_self_test_picks_each_tasks_sample_and_weights(tmp_path, monkeypatch):
    from aknet_gui.self_test import choose_weights, find_sample
    from core.resources import resource_path

    assert find_sample().name == "hazy_rocket.jpg" == find_sample("dehaze").name
    assert find_sample("desnow").name == "snowy_rocket.jpg"
    assert find_sample("defocus").name == "blurry_rocket.jpg"
    assert choose_weights(None, "dehaze") == resource_path("weights", "dehaze.safetensors")
    assert choose_weights(tmp_path / "mine.pkl", "desnow") == tmp_path / "mine.pkl"
    monkeypatch.setenv("AKNET_RESOURCES", str(tmp_path))  # a bundle without weights or samples
    assert choose_weights(None, "desnow") is None and find_sample("desnow") is None


def test_self_test_of_a_task_without_a_model_fails_with_a_reason():
    done = self_test("--task", "classic-dehaze", timeout=120)
    assert done.returncode == 2 and "needs none" in done.stdout


def test_results_are_named_for_the_task_that_made_them_and_never_replace_originals(
    qtbot, window: MainWindow, tmp_path, rng, monkeypatch, without_weights
):
    without_weights("defocus")
    photo = write_photo(tmp_path / "fog.png", rng)
    before = digest(photo)
    window.controller.engine.set_task("classic-dehaze")
    qtbot.waitUntil(window.controller.engine.ready, timeout=ENGINE_TIMEOUT_MS)
    window.open_paths([photo])
    window.actions.restore.trigger()
    wait_idle(qtbot, window)
    window.controller.engine.set_task("defocus")  # a task without weights: the result stays, named for its task
    assert window.actions.save.isEnabled() and not window.actions.restore.isEnabled()

    from PySide6.QtWidgets import QFileDialog

    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *args, **kwargs: (str(photo), ""))
    window.actions.save_as.trigger()
    wait_idle(qtbot, window)
    assert window.notice.level == "error" and "original" in window.notice.text.text()
    assert digest(photo) == before

    window.actions.save.trigger()
    wait_idle(qtbot, window)
    assert (tmp_path / "fog_classic-dehaze.png").is_file()
    assert digest(photo) == before


def test_holding_backslash_shows_the_original(qtbot, window: MainWindow, tmp_path, rng):
    window.controller.engine.set_task("classic-dehaze")
    qtbot.waitUntil(window.controller.engine.ready, timeout=ENGINE_TIMEOUT_MS)
    window.open_paths([write_photo(tmp_path / "a.png", rng)])
    window.actions.restore.trigger()
    wait_idle(qtbot, window)
    qtbot.waitUntil(lambda: window.compare.restored is not None, timeout=10_000)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=5_000)
    assert window.compare.right.top.isVisible()
    qtbot.keyPress(window.image_list, Qt.Key.Key_Backslash)
    assert window.compare.holding and not window.compare.right.top.isVisible()
    qtbot.keyRelease(window.image_list, Qt.Key.Key_Backslash)
    assert not window.compare.holding and window.compare.right.top.isVisible()


def test_file_dialogs_hand_their_answers_to_the_window(
    qtbot, window: MainWindow, reference_weights, tmp_path, rng, monkeypatch
):
    from PySide6.QtWidgets import QFileDialog

    photos = [write_photo(tmp_path / name, rng) for name in ("a.png", "b.png")]
    asked: list[str] = []

    def open_names(parent, title, folder, filters):
        asked.append(filters)
        return [str(p) for p in photos], ""

    def open_name(parent, title, folder, filters):
        asked.append(filters)
        return str(reference_weights), ""

    monkeypatch.setattr(QFileDialog, "getOpenFileNames", open_names)
    monkeypatch.setattr(QFileDialog, "getOpenFileName", open_name)
    window.actions.open.trigger()
    window.actions.load_checkpoint.trigger()
    assert [e.path for e in window.session.entries.values()] == photos
    assert "*.png" in asked[0] and "*.safetensors" in asked[1] and "*.pkl" in asked[1]
    qtbot.waitUntil(window.controller.engine.ready, timeout=ENGINE_TIMEOUT_MS)
    assert window.controller.engine.weights == reference_weights
    assert window.engine_panel.model.currentText() == reference_weights.name


@pytest.mark.parametrize("icon_file", ["a picture", "missing", "unreadable"])
def test_the_window_shows_the_app_icon_when_there_is_one(qtbot, settings, tmp_path, monkeypatch, icon_file):
    from PySide6.QtGui import QColor, QImage

    from aknet_gui.icons import app_icon

    resources = tmp_path / "resources"
    (resources / "icons").mkdir(parents=True)
    picture = resources / "icons" / "aknet_studio.png"
    if icon_file == "a picture":
        solid = QImage(64, 64, QImage.Format.Format_RGB32)
        solid.fill(QColor(10, 200, 30))
        assert solid.save(str(picture))
    elif icon_file == "unreadable":
        picture.write_bytes(b"\x89PNG\r\n\x1a\n not really")
    monkeypatch.setenv("AKNET_RESOURCES", str(resources))
    main = MainWindow(settings, start=False)
    qtbot.addWidget(main)
    for icon in (app_icon(), main.windowIcon()):
        assert not icon.isNull()  # a missing or broken file falls back on the Restore icon
        centre = icon.pixmap(32, 32).toImage().pixelColor(16, 16)
        assert (centre == QColor(10, 200, 30)) == (icon_file == "a picture")


def test_about_dialog_fits_training_metadata_without_scrolling_sideways(qtbot) -> None:
    # Exported weights carry nested metadata (data folders, schedule, hardware, the history of earlier weights);
    # the About box must wrap it rather than squeeze the labels into a column one letter wide.
    from aknet_gui.about_dialog import AboutDialog
    from core.restorer import Restorer
    from core.tasks import bundled_weights

    description = Restorer(bundled_weights("dehaze"), device="cpu").description
    assert isinstance(description["metadata"].get("training"), dict)  # the nested case this test is about
    dialog = AboutDialog(description, "CPU (2 threads)")
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    text = dialog.text.toPlainText()
    folders = description["metadata"]["data"]["folders"]
    assert all(folder["path"] in text for folder in folders)  # nested lists of mappings are shown, not dropped
    assert "Training" in text and "Provenance" in text
    from core.cpu_features import cpu_summary

    assert cpu_summary() in text  # the CPU and its vector and matrix units
    assert dialog.text.horizontalScrollBar().maximum() == 0


def test_about_says_when_the_network_refines_a_classic_result() -> None:
    from aknet_gui.about_dialog import model_html

    description = {"task": "dehaze", "parameters": 10, "input_prior": "dark-channel"}
    description["metadata"] = {"input_prior": "dark-channel", "task": "dehaze"}
    html_text = model_html(description)
    assert "<b>Input</b>" in html_text and "dark channel prior dehazing" in html_text
    assert "Input prior" not in html_text  # said once, in words, not again as a raw metadata key
    assert "Input" not in model_html({"task": "dehaze", "parameters": 10, "metadata": {}})


def test_about_says_what_a_haze_output_network_predicts() -> None:
    from aknet_gui.about_dialog import model_html

    config = {"base_channels": 16, "num_blocks": 2, "kernel_size": 31, "output": "haze"}
    haze = model_html({"task": "dehaze", "parameters": 10, "config": config, "metadata": {"config": config}})
    assert "<b>Output</b>" in haze and "transmission map and the airlight" in haze
    published = model_html({"task": "dehaze", "parameters": 10, "config": {"base_channels": 32}, "metadata": {}})
    assert "transmission" not in published and "the restored image" in published
