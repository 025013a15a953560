"""A damaged or hand-edited settings file: the app starts, and values that make no sense fall back to defaults
instead of making every save fail."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSettings

from aknet_gui.main_window import MainWindow
from aknet_gui.runs import output_options
from aknet_gui.settings import OutputSettings, Settings

pytestmark = pytest.mark.gui

DAMAGED = """[output]
template=../{name}/{when
format=gif
quality=500
skip_existing=perhaps
[run]
task=teleport
device=cuda:99
[view]
compare_mode=upside-down
[window]
geometry=@ByteArray(\\0\\xff)
"""


@pytest.mark.parametrize("content", [DAMAGED.encode(), bytes(range(256)) * 8, b"[output\nquality=\n=\n"])
def test_the_app_starts_with_defaults_from_a_damaged_settings_file(qtbot, tmp_path, content):
    path = tmp_path / "settings.ini"
    path.write_bytes(content)
    settings = Settings(QSettings(str(path), QSettings.Format.IniFormat))
    output = settings.output
    assert (output.template, output.format, output.quality) == ("{name}_{task}", "same", 95)
    output_options(output)  # valid options: saves and batches can run
    window = MainWindow(settings, start=False)
    qtbot.addWidget(window)
    window.show()
    assert window.isVisible()


def test_sensible_output_settings_are_kept(tmp_path):
    settings = Settings(QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))
    settings.output = OutputSettings(folder="/x", template="{task}-{name}", format="jpg", quality=80)
    assert settings.output == OutputSettings(folder="/x", template="{task}-{name}", format="jpg", quality=80)
