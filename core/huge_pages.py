"""Transparent huge pages for the feature maps (Linux with glibc ≥ 2.35): the process restarts itself once,
before PyTorch loads, with glibc's `glibc.malloc.hugetlb=1` tunable set.

Every feature map above glibc's mmap threshold (at most 32 MiB) is a fresh `mmap`, faulted in page by page and
unmapped when freed, so a restore spends much of its time in the kernel: with the tiny desnow model at 2000×1500
on one core, 36 s of system time for 32 s of user time. Where the kernel's transparent huge pages are in
`madvise` mode (the default of Debian and Ubuntu), the tunable makes glibc ask for 2 MiB pages, 512 times fewer
faults for the same memory. The tunable is read only when a process starts, hence the restart. Nothing changes
where huge pages are `always` on (already in effect) or `never` (not available), on other systems, or when
AKNET_HUGE_PAGES=0. Unlike keeping freed memory in the heap (glibc's mmap threshold raised), this leaves the
peak memory where it was, so the tile planner's budget still holds.

Stdlib only: it runs before anything heavy is imported.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping
from pathlib import Path

TUNABLE = "glibc.malloc.hugetlb"
SWITCH = "AKNET_HUGE_PAGES"  # "0" keeps the process as it was started
THP_SETTING = Path("/sys/kernel/mm/transparent_hugepage/enabled")
MIN_GLIBC = (2, 35)  # the first glibc with the hugetlb tunable


def thp_mode(setting: Path = THP_SETTING) -> str | None:
    """The kernel's transparent huge page mode ('always', 'madvise' or 'never'), or None where unknown."""
    try:
        text = setting.read_text()
    except OSError:
        return None
    for word in text.split():
        if word.startswith("[") and word.endswith("]"):
            return word[1:-1]
    return None


def glibc_version() -> tuple[int, int] | None:
    """glibc's (major, minor), or None for another C library or system."""
    try:
        name, version = os.confstr("CS_GNU_LIBC_VERSION").split()  # e.g. "glibc 2.36"
        major, minor = version.split(".")[:2]
        return (int(major), int(minor)) if name == "glibc" else None
    except (AttributeError, ValueError, OSError, TypeError):
        return None


def should_restart(environ: Mapping[str, str], platform: str, glibc: tuple[int, int] | None, mode: str | None) -> bool:
    """Whether a restart with the tunable would give this process huge pages it does not have yet."""
    return (
        platform.startswith("linux")
        and environ.get(SWITCH, "1") != "0"
        and TUNABLE not in environ.get("GLIBC_TUNABLES", "")
        and glibc is not None
        and glibc >= MIN_GLIBC
        and mode == "madvise"
    )


def restart_command() -> list[str]:
    """The command line that starts this same program again (frozen executable or Python interpreter)."""
    if getattr(sys, "frozen", False):
        return [sys.executable, *sys.argv[1:]]
    return [sys.executable, *sys.orig_argv[1:]]


def with_tunable(environ: Mapping[str, str]) -> dict[str, str]:
    """The environment with the hugetlb tunable added to any tunables already set (and, frozen, PyInstaller told
    that the restarted program is a new instance of the app, not a child of this one)."""
    env = dict(environ)
    if getattr(sys, "frozen", False):
        env["PYINSTALLER_RESET_ENVIRONMENT"] = "1"
    tunables = [t for t in env.get("GLIBC_TUNABLES", "").split(":") if t]
    env["GLIBC_TUNABLES"] = ":".join([*tunables, f"{TUNABLE}=1"])
    return env


def restart_environment() -> dict[str, str] | None:
    """The environment that gives a process started here huge pages, or None where this one's would not gain
    them (they are on already, not available, or switched off)."""
    if not should_restart(os.environ, sys.platform, glibc_version(), thp_mode()):
        return None
    return with_tunable(os.environ)


def restart_with_huge_pages() -> None:
    """Replace this process by the same program with huge pages where that helps; returns where it does not
    (or where the restart fails, which costs nothing but the speed)."""
    environment = restart_environment()
    if environment is None:
        return
    command = restart_command()
    try:
        for stream in (sys.stdout, sys.stderr):
            if stream is not None:
                stream.flush()
        os.execve(command[0], command, environment)
    except OSError:
        return


def huge_pages_state(
    environ: Mapping[str, str] | None = None,
    platform: str | None = None,
    glibc: tuple[int, int] | None = None,
    mode: str | None = None,
) -> str:
    """Whether this process's feature maps get huge pages, and why, for `aknet info --system`."""
    environ = os.environ if environ is None else environ
    platform = sys.platform if platform is None else platform
    if not platform.startswith("linux"):
        return "not used on this system"
    mode = thp_mode() if mode is None else mode
    glibc = glibc_version() if glibc is None else glibc
    if mode == "always":
        return "on (the kernel gives them to every process)"
    if mode != "madvise":
        return f"off (the kernel's mode is {mode or 'unknown'})"
    if TUNABLE in environ.get("GLIBC_TUNABLES", ""):
        return "on (glibc.malloc.hugetlb=1)"
    if glibc is None or glibc < MIN_GLIBC:
        return "off (needs glibc 2.35 or later)"
    if environ.get(SWITCH) == "0":
        return f"off ({SWITCH}=0)"
    return "off (started without the aknet or aknet-gui launcher)"
