"""Help ▸ Copy system info puts exactly `aknet info --system`'s text on the clipboard; Help ▸ Open log folder opens
the log's folder; a log that cannot be written where it belongs is reported at start-up beside other warnings."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from PySide6.QtCore import QSettings, QUrl
from PySide6.QtGui import QDesktopServices, QGuiApplication

from aknet_gui.app import add_startup_warning
from aknet_gui.main_window import MainWindow
from aknet_gui.settings import Settings
from tests.conftest import REPO

pytestmark = pytest.mark.gui


def help_entries(window: MainWindow) -> list[str]:
    menu = next(action.menu() for action in window.menuBar().actions() if action.text() == "&Help")
    return [action.text().replace("&", "") for action in menu.actions() if not action.isSeparator()]


def test_the_help_menu_offers_both(window):
    assert help_entries(window) == ["Keyboard shortcuts", "Copy system info", "Open log folder", "About AKNet Studio"]


def test_copy_system_info_is_the_text_of_the_command_line(qtbot, window, tmp_path, monkeypatch):
    monkeypatch.setenv("AKNET_LOG_DIR", str(tmp_path / "log"))  # the same log folder in both processes
    QGuiApplication.clipboard().setText("")
    window.actions.support.copy_info.trigger()
    qtbot.waitUntil(lambda: QGuiApplication.clipboard().text() != "", timeout=60_000)
    copied = QGuiApplication.clipboard().text()
    command = [sys.executable, "-m", "core.cli", "info", "--system"]
    completed = subprocess.run(command, capture_output=True, text=True, cwd=REPO, timeout=120, env=os.environ)
    assert completed.returncode == 0, completed.stderr
    assert copied == completed.stdout.rstrip("\n")
    assert "PyTorch:" in copied and "CPU:" in copied and "Models:" in copied
    assert window.notice.isVisible() and "copied" in window.notice.text.text()


def test_open_log_folder_opens_it(qtbot, window, tmp_path, monkeypatch):
    opened: list[QUrl] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url) or True)
    monkeypatch.setenv("AKNET_LOG_DIR", str(tmp_path / "logs here"))
    window.actions.support.open_log.trigger()
    assert [url.toLocalFile() for url in opened] == [str(tmp_path / "logs here")]
    assert (tmp_path / "logs here").is_dir()


def test_a_log_problem_joins_the_settings_warning(qtbot, tmp_path):
    path = tmp_path / "settings.ini"
    path.write_bytes(bytes(range(256)) * 8)  # damaged: the settings warning shows
    window = MainWindow(Settings(QSettings(str(path), QSettings.Format.IniFormat)), start=False)
    qtbot.addWidget(window)
    window.show()
    add_startup_warning(window, "The log cannot be written in /nowhere.")
    text = window.notice.text.text()
    assert window.notice.level == "warning"
    assert "was damaged" in text and text.endswith("The log cannot be written in /nowhere.")


def test_the_notice_bar_says_why_the_gpu_is_unused(qtbot, settings, monkeypatch):
    """A CPU-only PyTorch (this machine's) on a machine whose PCI bus shows an NVIDIA GPU (faked): the app says the
    CPU runs, and how to use the GPU; the device list still offers the CPU."""
    import core.gpu_check

    monkeypatch.setattr(core.gpu_check, "nvidia_gpu_present", lambda *args: True)
    window = MainWindow(settings)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: "CPU-only build" in window.notice.text.text(), timeout=60_000)
    assert window.notice.level == "warning" and "install a CUDA build of PyTorch" in window.notice.text.text()
    assert any(spec == "cpu" for spec, _ in window.controller.engine.devices)
    window.close()
