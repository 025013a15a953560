"""Before Qt starts on Linux: are the system libraries there that QtGui and Qt's X11 ("xcb") platform plugin load?

Qt 6.5+ needs libraries that minimal installs lack (libxcb-cursor0, libxcb-icccm4, libxcb-keysyms1, ...); without
them Qt ends with "Could not load the Qt platform plugin "xcb" even though it was found" and nothing more. This
module imports no Qt: `scripts/run.sh` runs it (`python -m aknet_gui.platform_check`) and the app calls `check()`
first, and both say which libraries are missing and what to install with apt, dnf or pacman. A frozen build finds
the libraries it bundles beside itself; the self-test checks for the rest.
"""

from __future__ import annotations

import ctypes
import os
import sys
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class SystemLibrary:
    """A shared library Qt loads from the system, and the package that provides it on each distribution."""

    soname: str
    apt: str  # Debian, Ubuntu
    dnf: str  # Fedora, RHEL
    pacman: str  # Arch


def _libraries(rows: str) -> tuple[SystemLibrary, ...]:
    return tuple(SystemLibrary(*line.split()) for line in rows.strip().splitlines())


# What libQt6Gui/Core/Widgets/DBus need from the system, whatever the platform (even offscreen).
GUI_LIBRARIES = _libraries(
    """
libGL.so.1              libgl1              libglvnd-glx      libglvnd
libEGL.so.1             libegl1             libglvnd-egl      libglvnd
libfontconfig.so.1      libfontconfig1      fontconfig        fontconfig
libfreetype.so.6        libfreetype6        freetype          freetype2
libglib-2.0.so.0        libglib2.0-0        glib2             glib2
libgthread-2.0.so.0     libglib2.0-0        glib2             glib2
libxkbcommon.so.0       libxkbcommon0       libxkbcommon      libxkbcommon
libX11.so.6             libx11-6            libX11            libx11
libdbus-1.so.3          libdbus-1-3         dbus-libs         dbus
"""
)
# What the xcb platform plugin (libqxcb.so and libQt6XcbQpa.so.6) needs besides those.
XCB_LIBRARIES = _libraries(
    """
libxcb.so.1             libxcb1             libxcb            libxcb
libX11-xcb.so.1         libx11-xcb1         libX11-xcb        libx11
libxkbcommon-x11.so.0   libxkbcommon-x11-0  libxkbcommon-x11  libxkbcommon-x11
libxcb-cursor.so.0      libxcb-cursor0      xcb-util-cursor   xcb-util-cursor
libxcb-icccm.so.4       libxcb-icccm4       xcb-util-wm       xcb-util-wm
libxcb-keysyms.so.1     libxcb-keysyms1     xcb-util-keysyms  xcb-util-keysyms
libxcb-image.so.0       libxcb-image0       xcb-util-image    xcb-util-image
libxcb-render-util.so.0 libxcb-render-util0 xcb-util-renderutil xcb-util-renderutil
libxcb-util.so.1        libxcb-util1        xcb-util          xcb-util
libxcb-randr.so.0       libxcb-randr0       libxcb            libxcb
libxcb-render.so.0      libxcb-render0      libxcb            libxcb
libxcb-shape.so.0       libxcb-shape0       libxcb            libxcb
libxcb-shm.so.0         libxcb-shm0         libxcb            libxcb
libxcb-sync.so.1        libxcb-sync1        libxcb            libxcb
libxcb-xfixes.so.0      libxcb-xfixes0      libxcb            libxcb
libxcb-xkb.so.1         libxcb-xkb1         libxcb            libxcb
"""
)
INSTALLERS = (
    ("Debian, Ubuntu", "sudo apt install", "apt"),
    ("Fedora, RHEL", "sudo dnf install", "dnf"),
    ("Arch, Manjaro", "sudo pacman -S", "pacman"),
)


def platforms_to_try(environ: Mapping[str, str]) -> list[str]:
    """The Qt platform plugins Qt will try on Linux, in order ($QT_QPA_PLATFORM, else by the session type)."""
    chosen = environ.get("QT_QPA_PLATFORM", "").strip()
    if chosen:
        return [name.split(":")[0].strip() for name in chosen.split(";") if name.strip()]
    if environ.get("XDG_SESSION_TYPE") == "wayland" and environ.get("WAYLAND_DISPLAY"):
        return ["wayland", "xcb"]
    return ["xcb"]


def will_use_xcb(environ: Mapping[str, str]) -> bool:
    """Whether Qt will open its window through X11: xcb comes first, or after a Wayland that has no display."""
    for name in platforms_to_try(environ):
        if name == "xcb":
            return bool(environ.get("DISPLAY"))  # no X display: Qt fails for that reason, not for libraries
        if name != "wayland" or environ.get("WAYLAND_DISPLAY"):
            return False  # offscreen, minimal, a working Wayland...: X11 libraries do not matter
    return False


def load_failure(soname: str) -> str:
    """'' when the dynamic loader loads a library (a frozen build's own copy first), else the name of the library
    that failed: the one asked for, or a dependency of it that is missing or broken."""
    bundle = getattr(sys, "_MEIPASS", None)
    own = Path(bundle) / soname if bundle else None
    try:
        ctypes.CDLL(str(own) if own is not None and own.is_file() else soname)
    except OSError as exc:
        while isinstance(exc.__cause__, OSError):  # a frozen build's ctypes wraps the loader's own error
            exc = exc.__cause__
        # glibc names the culprit first: "libxcb.so.1: cannot open shared object file: No such file or directory"
        culprit = Path(str(exc).split(": ", 1)[0]).name
        return culprit if culprit.startswith("lib") and ".so" in culprit else soname
    return ""


def missing_libraries(
    libraries: Iterable[SystemLibrary], failure: Callable[[str], str] = load_failure
) -> list[SystemLibrary]:
    """The libraries to install: those that fail to load, or the dependency that made them fail (when known)."""
    libraries = list(libraries)
    by_name = {library.soname: library for library in libraries}
    missing: dict[str, SystemLibrary] = {}
    for library in libraries:
        culprit = failure(library.soname)
        if culprit:
            found = by_name.get(culprit, library)
            missing[found.soname] = found
    return list(missing.values())


def install_advice(missing: list[SystemLibrary], for_xcb: bool) -> str:
    """What to tell the user: what is missing, and the install command of each common distribution."""
    names = ", ".join(library.soname for library in missing)
    what = 'Qt\'s X11 platform plugin ("xcb")' if for_xcb else "Qt"
    lines = [
        f"AKNet Studio cannot open its window: {what} needs system libraries that are missing "
        f"(or cannot be loaded): {names}.",
        "Install them with your distribution's package manager, then start AKNet Studio again:",
    ]
    for distribution, command, key in INSTALLERS:
        packages = list(dict.fromkeys(getattr(library, key) for library in missing))
        lines.append(f"  {distribution + ':':<16}{command} {' '.join(packages)}")
    lines.append("(Without a window, `aknet restore` restores photos on the command line.)")
    return "\n".join(lines)


def check(
    environ: Mapping[str, str] | None = None,
    failure: Callable[[str], str] = load_failure,
    system: str | None = None,
    force_xcb: bool = False,
) -> str:
    """The advice when a library Qt needs is missing, '' when all is there or it does not apply (not Linux).
    `force_xcb` checks the X11 plugin's libraries even when this start will not use it (the self-test)."""
    if not (system or sys.platform).startswith("linux"):
        return ""
    environ = os.environ if environ is None else environ
    for_xcb = force_xcb or will_use_xcb(environ)
    missing = missing_libraries(GUI_LIBRARIES + (XCB_LIBRARIES if for_xcb else ()), failure)
    return install_advice(missing, for_xcb) if missing else ""


def main(argv: list[str] | None = None) -> int:
    """`python -m aknet_gui.platform_check [--x11]`: print the advice and exit 1 when something is missing; with
    --x11, the X11 plugin's libraries are checked even where this environment would not use them (as the
    self-test does)."""
    advice = check(force_xcb="--x11" in (sys.argv[1:] if argv is None else argv))
    if advice:
        print(advice, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
