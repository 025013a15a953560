"""A/B comparison of two restorations of one photo (model against Classic dehaze, two checkpoints, two
strengths) in the real window, and File ▸ Export comparison…."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtWidgets import QDialog

from aknet_gui.ab_compare import CLASSIC, HALF, ORIGINAL
from aknet_gui.comparison_export import ComparisonDialog
from aknet_gui.display import to_float, to_uint8
from aknet_gui.main_window import MainWindow
from core.comparison import GAP
from core.dark_channel import ClassicDehazer
from core.image.read import read_image
from tests.gui.conftest import ENGINE_TIMEOUT_MS, RUN_TIMEOUT_MS, use_weights, wait_idle, write_photo

pytestmark = pytest.mark.gui


def restore_shown(qtbot, window: MainWindow) -> None:
    window.actions.restore.trigger()
    wait_idle(qtbot, window)
    qtbot.waitUntil(lambda: window.compare.restored is not None and window.compare.original is not None, timeout=10_000)


def choose(window: MainWindow, key: str) -> None:
    box = window.compare_with
    index = box.findData(key)
    assert index >= 0, [box.itemText(i) for i in range(box.count())]
    box.setCurrentIndex(index)
    box.activated.emit(index)


def centre_colour(view) -> tuple[int, int, int]:
    shot = view.viewport().grab().toImage()
    colour = shot.pixelColor(shot.width() // 2, shot.height() // 2)
    return colour.red(), colour.green(), colour.blue()


def test_model_against_classic_dehaze_and_against_another_checkpoint(
    qtbot, window: MainWindow, reference_weights, tmp_path, rng
):
    photo = write_photo(tmp_path / "fog.png", rng, 60, 80)
    window.controller.engine.set_task("dehaze")
    qtbot.waitUntil(lambda: window.controller.engine.state in ("ready", "failed"), timeout=ENGINE_TIMEOUT_MS)
    window.open_paths([photo])
    restore_shown(qtbot, window)
    ab, entry = window.controller.ab, window.session.current
    keys = [window.compare_with.itemData(i) for i in range(window.compare_with.count())]
    assert keys == [ORIGINAL, CLASSIC, HALF]

    # Classic dehaze is computed once, on request, without touching the photo's own result.
    model_result = np.array(window.session.store.get(entry))
    choose(window, CLASSIC)
    qtbot.waitUntil(lambda: ab.choice == CLASSIC and window.compare.reference is not None, timeout=RUN_TIMEOUT_MS)
    wait_idle(qtbot, window)
    assert np.array_equal(window.session.store.get(entry), model_result)
    expected = ClassicDehazer().restore(read_image(photo).rgb)
    assert np.abs(to_float(ab.result(entry, CLASSIC)) - expected).max() <= 1 / 65535 + 1e-6
    assert window.compare.left.captions[0] == "Classic dehaze (no AI)"
    assert window.compare.left.top.image is window.compare.reference  # the left side shows it
    shown = window.compare.right.top.image.buffers[0][..., [2, 1, 0]]  # B,G,R,A
    assert np.array_equal(shown, to_uint8(model_result))  # the right side still shows the model's result

    # Split: the same reference left of the line, the result right of it, one zoom and pan.
    window.set_compare_mode("split")
    assert window.compare.right.captions == ("Classic dehaze (no AI)", "Dehaze · dehaze.safetensors")
    assert window.compare.right.reference.isVisible() and window.compare.right.reference.clip is not None
    window.set_compare_mode("side-by-side")
    window.compare.right.set_zoom(4.0)
    assert window.compare.left.zoom() == pytest.approx(4.0)
    left_bar, right_bar = window.compare.left.horizontalScrollBar(), window.compare.right.horizontalScrollBar()
    right_bar.setValue(right_bar.value() + 30)
    assert left_bar.value() == right_bar.value()

    # Switching back and forth is instant: nothing is submitted to the worker again.
    choose(window, ORIGINAL)
    assert window.compare.reference is None and window.compare.left.captions[0] == "Original"
    choose(window, CLASSIC)
    assert window.compare.reference is not None and not window.controller.busy()
    assert window.controller.worker.pending() == 0

    # Restoring again with another checkpoint keeps the first model's result to compare with.
    use_weights(qtbot, window, reference_weights)
    restore_shown(qtbot, window)
    first = "dehaze:bundled"
    assert ab.result(entry, first) is not None and np.array_equal(ab.result(entry, first), model_result)
    choose(window, first)
    qtbot.waitUntil(lambda: window.compare.reference is not None, timeout=10_000)
    assert window.compare.left.captions[0] == "Dehaze · dehaze.safetensors"
    assert window.compare.right.captions[0] == "Dehaze · aknet_reference_weights.pkl"

    # Two strengths: the result at 50% against the slider's.
    choose(window, HALF)
    assert window.compare.left.top.image is window.compare.restored
    assert window.compare.left.top.opacity() == pytest.approx(0.5)

    # Another photo has none of these: the choice falls back to the original.
    window.open_paths([write_photo(tmp_path / "b.png", rng)])
    window.session.select(window.session.order[-1])
    assert ab.choice == ORIGINAL and window.compare_with.count() == 1


def test_export_comparison_writes_what_the_view_shows(qtbot, window: MainWindow, tmp_path, rng, monkeypatch):
    photo = write_photo(tmp_path / "fog.png", rng, 60, 80)
    window.controller.engine.set_task("classic-dehaze")
    qtbot.waitUntil(window.controller.engine.ready, timeout=ENGINE_TIMEOUT_MS)
    window.open_paths([photo])
    assert not window.actions.export_comparison.isEnabled()
    restore_shown(qtbot, window)
    assert window.actions.export_comparison.isEnabled()
    window.actions.strength.setValue(60)
    target = tmp_path / "out" / "share.png"

    def accept(dialog: ComparisonDialog) -> int:
        assert dialog.target().name == "fog_comparison.jpg" and dialog.layout_choice() == "side-by-side"
        dialog.path.setText(str(target))
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(ComparisonDialog, "exec", accept)
    with qtbot.waitSignal(window.comparison.exportFinished, timeout=RUN_TIMEOUT_MS):
        window.actions.export_comparison.trigger()
    picture = read_image(target).rgb
    assert picture.shape == (60, 80 * 2 + GAP, 3)
    original = read_image(photo).rgb
    restored = to_float(window.session.store.get(window.session.current))
    after = original + 0.6 * (restored - original)
    bottom = slice(40, 60)  # below the labels
    assert np.abs(picture[bottom, :80] - original[bottom]).max() <= 1 / 255 + 1e-6
    assert np.abs(picture[bottom, 80 + GAP :] - after[bottom]).max() <= 1 / 255 + 1e-6
    assert "Saved the comparison share.png" in window.notice.text.text()
    assert [p.name for p in target.parent.iterdir()] == ["share.png"]

    # Reduced size, split; a file that cannot be written says so.
    with qtbot.waitSignal(window.comparison.exportFinished, timeout=RUN_TIMEOUT_MS):
        window.comparison.start(tmp_path / "small.jpg", "split", 40)
    assert max(read_image(tmp_path / "small.jpg").rgb.shape[:2]) == 40
    (tmp_path / "folder.png").mkdir()
    with qtbot.waitSignal(window.comparison.exportFailed, timeout=RUN_TIMEOUT_MS):
        window.comparison.start(tmp_path / "folder.png")
    assert window.notice.level == "error" and "folder" in window.notice.text.text()


def test_classic_asked_for_during_another_run_is_not_lost_silently(qtbot, window: MainWindow, tmp_path, rng):
    from aknet_gui.settings import OutputSettings

    window.controller.engine.set_task("classic-dehaze")
    qtbot.waitUntil(window.controller.engine.ready, timeout=ENGINE_TIMEOUT_MS)
    photo = write_photo(tmp_path / "fog.png", rng)
    window.open_paths([photo])
    window.controller.start_batch([photo], False, OutputSettings(folder=str(tmp_path / "out")))
    assert window.controller.busy()
    window.controller.ab.computeRequested.emit(window.session.current, "classic-dehaze")
    assert window.notice.level == "info" and "choose it again" in window.notice.text.text()
    wait_idle(qtbot, window)
    assert window.controller.ab.result(window.session.current, CLASSIC) is None
