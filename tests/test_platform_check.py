"""Start-up on a minimal Linux: a missing library of Qt's X11 plugin is found before Qt gives up, and the user is
told what to install with apt, dnf and pacman. Faked two ways: a loader that pretends, and (in a real child process)
a broken copy of libxcb-cursor.so.0 first on LD_LIBRARY_PATH, which makes Qt itself fail to load the plugin."""

from __future__ import annotations

import ctypes
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from aknet_gui import platform_check
from aknet_gui.platform_check import GUI_LIBRARIES, XCB_LIBRARIES, check, platforms_to_try, will_use_xcb
from tests.conftest import REPO

X11 = {"DISPLAY": ":0"}
MINIMAL_INSTALL = {"libxcb-cursor.so.0", "libxcb-icccm.so.4", "libxcb-keysyms.so.1"}


def without(missing: set[str]):
    """A fake loader: every library loads but those in `missing`."""
    return lambda soname: soname if soname in missing else ""


def test_a_minimal_install_is_told_the_packages_of_each_distribution():
    advice = check(X11, without(MINIMAL_INSTALL), system="linux")
    assert "libxcb-cursor.so.0, libxcb-icccm.so.4, libxcb-keysyms.so.1" in advice
    assert "sudo apt install libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1" in advice
    assert "sudo dnf install xcb-util-cursor xcb-util-wm xcb-util-keysyms" in advice
    assert "sudo pacman -S xcb-util-cursor xcb-util-wm xcb-util-keysyms" in advice


def test_packages_are_named_once_when_several_libraries_share_one():
    advice = check(X11, without({"libxcb-shm.so.0", "libxcb-sync.so.1", "libGL.so.1", "libEGL.so.1"}), system="linux")
    lines = advice.splitlines()
    assert "  Fedora, RHEL:   sudo dnf install libglvnd-glx libglvnd-egl libxcb" in lines
    assert "  Arch, Manjaro:  sudo pacman -S libglvnd libxcb" in lines
    assert "  Debian, Ubuntu: sudo apt install libgl1 libegl1 libxcb-shm0 libxcb-sync1" in lines


def test_a_broken_dependency_is_named_instead_of_the_libraries_it_breaks():
    """Everything of X11 needs libxcb.so.1: when it is missing, that is the one library to install."""

    def failure(soname: str) -> str:
        return "libxcb.so.1" if soname.startswith(("libxcb", "libX11", "libxkbcommon-x11")) else ""

    advice = check(X11, failure, system="linux")
    assert "cannot be loaded): libxcb.so.1." in advice
    assert "sudo apt install libxcb1\n" in advice


def test_the_culprit_is_read_through_pyinstallers_wrapped_error(monkeypatch):
    """A frozen build's ctypes raises its own OSError from the loader's: the loader's names the culprit."""

    def frozen_cdll(name):
        try:
            raise OSError("/tmp/x/libxcb.so.1: file too short")
        except OSError as loader_error:
            raise OSError(f"Failed to load dynlib/dll {name!r}. Most likely ...") from loader_error

    monkeypatch.setattr(platform_check.ctypes, "CDLL", frozen_cdll)
    assert platform_check.load_failure("libxcb-cursor.so.0") == "libxcb.so.1"


def test_nothing_is_said_when_everything_loads():
    assert check(X11, without(set()), system="linux") == ""


@pytest.mark.parametrize(
    ("environ", "uses_xcb"),
    [
        ({"DISPLAY": ":0"}, True),
        ({"DISPLAY": ":0", "QT_QPA_PLATFORM": "xcb"}, True),
        ({"DISPLAY": ":0", "QT_QPA_PLATFORM": "offscreen"}, False),
        ({"DISPLAY": ":0", "QT_QPA_PLATFORM": "wayland"}, False),
        ({"DISPLAY": ":0", "XDG_SESSION_TYPE": "wayland", "WAYLAND_DISPLAY": "wayland-0"}, False),
        ({"DISPLAY": ":0", "QT_QPA_PLATFORM": "wayland;xcb"}, True),  # no Wayland display: X11 is what opens
        ({"DISPLAY": ":0", "QT_QPA_PLATFORM": "wayland;xcb", "WAYLAND_DISPLAY": "wayland-0"}, False),
        ({}, False),  # no display at all: Qt fails for that, not for libraries (scripts/run.sh restores on the CLI)
    ],
)
def test_the_x11_libraries_matter_only_when_qt_will_use_x11(environ, uses_xcb):
    assert will_use_xcb(environ) is uses_xcb
    advice = check(environ, without(MINIMAL_INSTALL), system="linux")
    assert bool(advice) is uses_xcb


def test_platform_names_follow_qt_rules():
    assert platforms_to_try({"QT_QPA_PLATFORM": "xcb:nograb;offscreen"}) == ["xcb", "offscreen"]
    assert platforms_to_try({}) == ["xcb"]


def test_libraries_qt_needs_for_any_window_are_checked_even_offscreen():
    advice = check({"QT_QPA_PLATFORM": "offscreen"}, without({"libEGL.so.1"}), system="linux")
    assert "libEGL.so.1" in advice and "sudo apt install libegl1" in advice
    assert check({"QT_QPA_PLATFORM": "offscreen"}, without(MINIMAL_INSTALL), system="linux") == ""


def test_other_systems_are_not_checked():
    assert check(X11, without(MINIMAL_INSTALL), system="win32") == ""
    assert check(X11, without(MINIMAL_INSTALL), system="darwin") == ""


def test_the_real_libraries_of_this_machine_load():
    if not sys.platform.startswith("linux"):
        pytest.skip("Linux only")
    advice = check(X11)
    missing = [library.soname for library in (*XCB_LIBRARIES, *GUI_LIBRARIES) if library.soname in advice]
    # Whatever it reports is what the system's own loader cannot open (a machine without the xcb libraries, e.g. a
    # fresh CI machine), and a machine that has them all gets no advice.
    for name in missing:
        with pytest.raises(OSError):
            ctypes.CDLL(name)
    assert (advice == "") == (not missing), advice


def _needed(path: Path) -> set[str]:
    output = subprocess.run(["readelf", "-d", str(path)], capture_output=True, text=True, check=True).stdout
    return {line.split("[", 1)[1].rstrip("]") for line in output.splitlines() if "(NEEDED)" in line}


def test_the_table_names_every_system_library_of_the_installed_qt():
    """If a PySide6 upgrade makes the plugin need another system library, this fails until the table has it."""
    if not sys.platform.startswith("linux") or shutil.which("readelf") is None:
        pytest.skip("needs Linux and readelf")
    import PySide6

    qt = Path(PySide6.__file__).parent / "Qt"
    files = [qt / "plugins" / "platforms" / "libqxcb.so"] + [
        qt / "lib" / f"libQt6{name}.so.6" for name in ("XcbQpa", "Gui", "Widgets", "DBus")
    ]
    needed = set().union(*(_needed(path) for path in files))
    # Qt's own, the C/C++ runtime, and what PySide6 bundles or every system has (zlib, zstd, ICU) are not asked for.
    system = {
        name
        for name in needed
        if not name.startswith(("libQt6", "libc.", "libm.", "libstdc++", "libgcc_s", "ld-linux", "libicu"))
        and name not in ("libz.so.1", "libzstd.so.1", "libdl.so.2", "libpthread.so.0", "librt.so.1")
    }
    known = {library.soname for library in GUI_LIBRARIES + XCB_LIBRARIES}
    assert system - known == set()


def test_the_check_finds_a_library_qt_itself_cannot_load(tmp_path):
    """A broken libxcb-cursor.so.0 first on the loader's path: Qt fails on it for real (see the last test), and so
    does the check, in a fresh process (nothing faked in Python)."""
    if not sys.platform.startswith("linux"):
        pytest.skip("Linux only")
    if check(X11):
        pytest.skip("needs a machine with Qt's xcb libraries installed, so that the planted one is the only fault")
    (tmp_path / "libxcb-cursor.so.0").write_bytes(b"not a library")
    environment = {**os.environ, "LD_LIBRARY_PATH": str(tmp_path), "DISPLAY": ":0", "QT_QPA_PLATFORM": "xcb"}
    command = [sys.executable, "-m", "aknet_gui.platform_check"]
    completed = subprocess.run(command, capture_output=True, text=True, env=environment, timeout=60, cwd=REPO)
    assert completed.returncode == 1
    assert "cannot be loaded): libxcb-cursor.so.0." in completed.stderr
    assert "sudo apt install libxcb-cursor0\n" in completed.stderr


def test_asked_with_x11_the_check_looks_at_the_x11_libraries_even_offscreen(tmp_path):
    """`python -m aknet_gui.platform_check --x11` (scripts/test.sh, like the self-test) checks the X11 plugin's
    libraries although this start would run offscreen: with a broken libxcb.so.1 first on the path it says so."""
    if not sys.platform.startswith("linux"):
        pytest.skip("Linux only")
    (tmp_path / "libxcb.so.1").write_bytes(b"not a library")
    environment = {**os.environ, "LD_LIBRARY_PATH": str(tmp_path), "QT_QPA_PLATFORM": "offscreen"}
    command = [sys.executable, "-m", "aknet_gui.platform_check", "--x11"]
    completed = subprocess.run(command, capture_output=True, text=True, env=environment, timeout=60, cwd=REPO)
    assert completed.returncode == 1 and "libxcb.so.1" in completed.stderr
    assert "sudo apt install libxcb1" in completed.stderr


def test_the_app_explains_instead_of_crashing_in_qt(tmp_path):
    """`aknet-gui` on that machine: exit status 1 with the advice on stderr and in the log, not Qt's abort."""
    if not sys.platform.startswith("linux"):
        pytest.skip("Linux only")
    libraries, logs = tmp_path / "lib", tmp_path / "log"
    libraries.mkdir()
    (libraries / "libxcb-cursor.so.0").write_bytes(b"not a library")
    environment = {
        **os.environ,
        "LD_LIBRARY_PATH": str(libraries),
        "DISPLAY": ":0",
        "QT_QPA_PLATFORM": "xcb",
        "AKNET_LOG_DIR": str(logs),
    }
    command = [sys.executable, "-m", "aknet_gui"]
    completed = subprocess.run(command, capture_output=True, text=True, env=environment, timeout=120, cwd=REPO)
    assert completed.returncode == 1, completed.stderr
    assert "Could not load the Qt platform plugin" not in completed.stderr
    assert "sudo dnf install xcb-util-cursor" in completed.stderr
    assert "libxcb-cursor.so.0" in (logs / "aknet-studio.log").read_text(encoding="utf-8")


def test_qt_really_fails_on_that_machine(tmp_path):
    """The fake is a real failure: Qt, asked for xcb with that library broken, aborts with its own message."""
    if not sys.platform.startswith("linux") or shutil.which("xvfb-run") is None:
        pytest.skip("needs Linux and xvfb-run")
    (tmp_path / "libxcb-cursor.so.0").write_bytes(b"not a library")
    environment = {**os.environ, "LD_LIBRARY_PATH": str(tmp_path), "QT_QPA_PLATFORM": "xcb"}
    script = "from PySide6.QtWidgets import QApplication; QApplication([])"
    command = ["xvfb-run", "-a", sys.executable, "-c", script]
    completed = subprocess.run(command, capture_output=True, text=True, env=environment, timeout=120)
    assert completed.returncode != 0
    assert 'Could not load the Qt platform plugin "xcb"' in completed.stderr


def test_the_module_imports_no_qt():
    code = "import sys, aknet_gui.platform_check; print(any(m.startswith('PySide6') for m in sys.modules))"
    completed = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO, timeout=60)
    assert completed.stdout.strip() == "False"
    assert platform_check.__doc__
