"""The whole workflow by keyboard alone: open, pick the task, restore, compare, save and a batch, with key presses
sent where the focus is (QTest), through shortcuts, mnemonics and the Tab order. The system file dialogs are
answered by a stand-in (they are the platform's; the keys that open them are what is tested)."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QFileDialog, QWidget

from aknet_gui.batch_dialog import BatchDialog
from aknet_gui.main_window import MainWindow
from core.image.read import read_image
from tests.gui.conftest import ENGINE_TIMEOUT_MS, RUN_TIMEOUT_MS, wait_idle, write_photo
from tests.gui.test_gui_accessibility import activate

pytestmark = pytest.mark.gui

Key = Qt.Key
CTRL, ALT = Qt.KeyboardModifier.ControlModifier, Qt.KeyboardModifier.AltModifier


def press(key: Qt.Key, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:
    """One key press where the keyboard focus is, as a user's would land."""
    target = QApplication.focusWidget() or QApplication.activeWindow()
    QTest.keyClick(target, key, modifier)


def type_text(text: str) -> None:
    """Replace the focused text field's text by typing."""
    press(Key.Key_A, CTRL)
    QTest.keyClicks(QApplication.focusWidget(), text)


def test_open_pick_restore_compare_save_and_batch_by_keyboard(qtbot, window: MainWindow, tmp_path, rng, monkeypatch):
    photo = write_photo(tmp_path / "hazy.png", rng)
    batch_in, batch_out = tmp_path / "shoot", tmp_path / "restored"
    batch_in.mkdir()
    for name in ("a.png", "b.png"):
        write_photo(batch_in / name, rng)
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", lambda *args, **kwargs: ([str(photo)], ""))
    activate(qtbot, window)

    press(Key.Key_O, CTRL)  # File ▸ Open photos…
    qtbot.waitUntil(lambda: window.session.original is not None, timeout=10_000)

    press(Key.Key_T, ALT)  # the Task picker's mnemonic
    assert QApplication.focusWidget() is window.engine_panel.task
    press(Key.Key_End)  # the last task: the classic method, which needs no weights
    assert window.controller.engine.task == "classic-dehaze"
    qtbot.waitUntil(window.controller.engine.ready, timeout=ENGINE_TIMEOUT_MS)

    press(Key.Key_R, CTRL)  # Restore
    qtbot.waitUntil(lambda: window.session.restored is not None, timeout=RUN_TIMEOUT_MS)
    wait_idle(qtbot, window)

    for key, mode in ((Key.Key_2, "split"), (Key.Key_3, "single"), (Key.Key_1, "side-by-side")):
        press(key)
        assert window.compare.mode == mode
    QTest.keyPress(QApplication.focusWidget(), Key.Key_Backslash)
    assert window.compare.holding
    QTest.keyRelease(QApplication.focusWidget(), Key.Key_Backslash)
    assert not window.compare.holding
    press(Key.Key_BracketLeft)  # less strength
    assert window.actions.strength.value() == 90

    press(Key.Key_S, CTRL)  # Save, with the output naming: beside the original
    wait_idle(qtbot, window)
    saved = tmp_path / "hazy_classic-dehaze.png"
    qtbot.waitUntil(saved.exists, timeout=RUN_TIMEOUT_MS)

    problems: list[str] = []

    def fill_in_batch() -> None:
        dialog = QApplication.activeModalWidget()
        try:
            assert isinstance(dialog, BatchDialog)
            qtbot.waitUntil(dialog.isActiveWindow, timeout=2000)
            press(Key.Key_I, ALT)
            assert QApplication.focusWidget() is dialog.input_folder
            type_text(str(batch_in))
            press(Key.Key_F, ALT)
            assert QApplication.focusWidget() is dialog.options.folder
            type_text(str(batch_out))
            qtbot.waitUntil(dialog.start.isEnabled, timeout=10_000)
            press(Key.Key_Return)  # Start batch is the default button
        except Exception as exc:  # an assertion in here must not leave the dialog open
            problems.append(repr(exc))
            if dialog is not None:
                dialog.reject()

    QTimer.singleShot(0, fill_in_batch)
    press(Key.Key_B, CTRL)  # File ▸ Batch folder… (returns when the dialog closes)
    assert not problems, problems
    qtbot.waitUntil(lambda: not window.controller.busy() and batch_out.is_dir(), timeout=RUN_TIMEOUT_MS)
    wait_idle(qtbot, window)
    written = sorted(path.name for path in batch_out.iterdir())
    assert written == ["a_classic-dehaze.png", "b_classic-dehaze.png"]
    assert read_image(batch_out / "a_classic-dehaze.png").rgb.shape == (48, 64, 3)


def test_every_menu_command_has_a_shortcut_or_a_mnemonic(window: MainWindow):
    menus = [action.menu() for action in window.menuBar().actions() if action.menu() is not None]
    assert all("&" in menu.title() for menu in menus)  # Alt+letter opens each menu
    for menu in menus:
        for action in menu.actions():
            if action.isSeparator():
                continue
            assert "&" in action.text() or not action.shortcut().isEmpty(), action.text()


def test_the_batch_dialog_keys_reach_every_field(qtbot, window: MainWindow, tmp_path: Path):
    dialog = BatchDialog("Dehaze", "dehaze", 1.0, str(tmp_path), False, window.settings.output, window.session.scanner)
    qtbot.addWidget(dialog)
    dialog.show()
    activate(qtbot, dialog)
    fields: dict[Qt.Key, QWidget] = {
        Key.Key_I: dialog.input_folder,
        Key.Key_S: dialog.recursive_box,
        Key.Key_F: dialog.options.folder,
        Key.Key_N: dialog.options.template,
        Key.Key_R: dialog.options.format,
        Key.Key_K: dialog.options.skip_existing,
    }
    for key, field in fields.items():
        press(key, ALT)
        assert QApplication.focusWidget() is field, (key, QApplication.focusWidget())
    assert dialog.start.isDefault()
