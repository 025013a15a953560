"""Edit ▸ Copy / Paste through the real clipboard, and the finished-run alert with the window active or not."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from PySide6.QtCore import QMimeData, Qt, QUrl
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QApplication, QSystemTrayIcon, QWidget

from aknet_gui import finish_alert
from aknet_gui.clipboard import qimage_to_rgb
from aknet_gui.display import to_float
from aknet_gui.main_window import MainWindow
from aknet_gui.settings import OutputSettings
from core.image.read import read_image
from core.progress import Status
from tests.gui.conftest import ENGINE_TIMEOUT_MS, wait_idle, write_photo

pytestmark = pytest.mark.gui


def classic(qtbot, window: MainWindow) -> None:
    window.controller.engine.set_task("classic-dehaze")
    qtbot.waitUntil(window.controller.engine.ready, timeout=ENGINE_TIMEOUT_MS)


def restore_shown(qtbot, window: MainWindow) -> None:
    window.actions.restore.trigger()
    wait_idle(qtbot, window)
    qtbot.waitUntil(lambda: window.compare.restored is not None and window.compare.original is not None, timeout=10_000)


def test_pasting_an_image_opens_it_as_a_photo_kept_in_the_working_folder(qtbot, window: MainWindow, tmp_path):
    window.clipboard.folder = tmp_path / "Pasted"
    picture = QImage(40, 30, QImage.Format.Format_RGB32)
    picture.fill(QColor(200, 60, 20))
    QApplication.clipboard().setImage(picture)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=5_000)
    qtbot.keyClick(window.image_list, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)  # Ctrl+V, list focused
    qtbot.waitUntil(lambda: len(window.session.entries) == 1, timeout=5_000)
    first = next(iter(window.session.entries.values())).path
    assert first == tmp_path / "Pasted" / "Pasted 1.png"
    assert np.allclose(read_image(first).rgb, np.array([200, 60, 20]) / 255, atol=1e-6)
    window.actions.paste.trigger()
    assert [e.path.name for e in window.session.entries.values()] == ["Pasted 1.png", "Pasted 2.png"]
    qtbot.waitUntil(lambda: window.session.original is not None, timeout=10_000)
    assert window.actions.restore.isEnabled() or window.controller.engine.state == "loading"


def test_pasting_copied_files_opens_them(qtbot, window: MainWindow, tmp_path, rng):
    photos = [write_photo(tmp_path / name, rng) for name in ("a.png", "b.jpg")]
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in photos])
    QApplication.clipboard().setMimeData(mime)
    window.actions.paste.trigger()
    assert [e.path for e in window.session.entries.values()] == photos
    QApplication.clipboard().setText("just words")
    window.actions.paste.trigger()
    assert window.notice.isVisible() and "no image" in window.notice.text.text()
    assert len(window.session.entries) == 2


def test_copy_puts_the_shown_result_at_the_chosen_strength_on_the_clipboard(qtbot, window: MainWindow, tmp_path, rng):
    photo = write_photo(tmp_path / "fog.png", rng)
    classic(qtbot, window)
    window.open_paths([photo])
    assert not window.actions.copy.isEnabled()  # nothing restored yet
    restore_shown(qtbot, window)
    assert window.actions.copy.isEnabled()
    window.actions.strength.setValue(40)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=5_000)
    qtbot.keyClick(window.image_list, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)  # not the row's text
    copied = qimage_to_rgb(QApplication.clipboard().image())
    original = read_image(photo).rgb
    restored = to_float(window.session.store.get(window.session.current))
    expected = original + 0.4 * (restored - original)
    assert copied.shape == original.shape
    assert np.abs(copied - expected).max() <= 2.5 / 255
    assert np.abs(copied - restored).max() > 3 / 255  # the strength is in the copy


def other_window(qtbot) -> QWidget:
    other = QWidget()
    qtbot.addWidget(other)
    other.show()
    other.activateWindow()
    qtbot.waitUntil(other.isActiveWindow, timeout=5_000)
    return other


def test_a_batch_ending_while_the_user_is_elsewhere_asks_for_attention(qtbot, window: MainWindow, tmp_path, rng):
    source = tmp_path / "in"
    source.mkdir()
    for name in ("a.png", "b.png"):
        write_photo(source / name, rng)
    (source / "broken.jpg").write_bytes(b"\xff\xd8 not a jpeg")
    classic(qtbot, window)
    alerts: list[tuple[str, str]] = []
    window.finish_alert.alerted.connect(lambda title, text: alerts.append((title, text)))

    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=5_000)
    window.controller.start_batch([source], False, OutputSettings(folder=str(tmp_path / "out1")))
    wait_idle(qtbot, window)
    assert alerts == []  # the user watched it end

    other_window(qtbot)
    assert not window.isActiveWindow()
    window.controller.start_batch([source], False, OutputSettings(folder=str(tmp_path / "out2")))
    wait_idle(qtbot, window)
    assert alerts == [("Batch finished", "2 photos done, 1 failed.")]
    assert window.controller.last_run.summary.count(Status.FAILED) == 1


def test_only_a_long_restore_alerts(qtbot, window: MainWindow, tmp_path, rng, monkeypatch):
    classic(qtbot, window)
    window.open_paths([write_photo(tmp_path / "a.png", rng)])
    alerts: list[str] = []
    window.finish_alert.alerted.connect(lambda title, text: alerts.append(text))
    other_window(qtbot)
    restore_shown(qtbot, window)
    assert alerts == []  # quick: the user did not have time to go elsewhere
    monkeypatch.setattr(finish_alert, "LONG_RUN_SECONDS", 0.0)
    restore_shown(qtbot, window)
    assert alerts == ["1 photo done, 0 failed."]
    assert window.finish_alert.tray is None  # no notification area offscreen: only the taskbar entry asks

    monkeypatch.setattr(QSystemTrayIcon, "isSystemTrayAvailable", staticmethod(lambda: True))
    restore_shown(qtbot, window)
    tray = window.finish_alert.tray
    assert len(alerts) == 2 and tray is not None and tray.isVisible() and not tray.icon().isNull()


def test_the_alert_message_counts_what_happened(tmp_path: Path):
    from aknet_gui.runs import Run
    from core.batch import ItemResult

    run = Run("batch")
    statuses = [Status.DONE] * 3 + [Status.SKIPPED, Status.FAILED, Status.FAILED]
    run.summary.results += [ItemResult(tmp_path / f"{i}.png", None, s) for i, s in enumerate(statuses)]
    assert finish_alert.finish_message(run) == "3 photos done, 2 failed, 1 skipped."
