"""A damaged or hand-edited settings file: the app starts, and values that make no sense fall back to defaults
instead of making every save fail; a file that cannot be read, or written, starts the app with defaults and a notice
saying so."""

from __future__ import annotations

from pathlib import Path

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


def _start_with_warning(qtbot, path: Path) -> tuple[Settings, MainWindow, str]:
    """The app started on the settings file at `path`; it must show a warning notice, whose text is returned."""
    settings = Settings(QSettings(str(path), QSettings.Format.IniFormat))
    window = MainWindow(settings, start=False)
    qtbot.addWidget(window)
    window.show()
    assert window.notice.isVisible() and window.notice.level == "warning"
    return settings, window, window.notice.text.text()


@pytest.mark.parametrize(
    "damage",
    [bytes(range(256)) * 8, b"[run]\ntask=desnow\n[view\ncompare_mode=split\n=\n"],
    ids=["garbage", "half-readable"],
)
def test_a_damaged_settings_file_starts_the_app_with_defaults_and_says_so(qtbot, tmp_path, damage: bytes):
    path = tmp_path / "settings.ini"
    path.write_bytes(damage)
    settings, window, text = _start_with_warning(qtbot, path)
    assert f"The settings file {path} was damaged" in text and "reset to its default" in text
    assert f"kept as {path}.damaged" in text and Path(f"{path}.damaged").read_bytes() == damage
    assert window.controller.engine.task == "dehaze" and window.compare.mode == "side-by-side"
    assert settings.output == OutputSettings()

    window.close()  # the settings are saved afresh, and the next start finds nothing wrong
    again = Settings(QSettings(str(path), QSettings.Format.IniFormat))
    assert again.startup_problems() == [] and again.geometry is not None


def test_an_unwritable_settings_folder_starts_the_app_and_says_settings_will_not_be_saved(qtbot, tmp_path):
    blocker = tmp_path / "config"
    blocker.write_text("a file where the settings folder should be")  # no one can make the folder, root included
    path = blocker / "AKNet" / "settings.ini"
    settings, window, text = _start_with_warning(qtbot, path)
    assert f"Settings will not be saved: {path} cannot be written" in text
    assert window.controller.engine.task == "dehaze" and settings.output == OutputSettings()
    window.close()  # saving on the way out fails quietly
    assert blocker.read_text() == "a file where the settings folder should be"
