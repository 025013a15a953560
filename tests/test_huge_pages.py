"""Huge pages for the feature maps: when the process restarts itself with glibc's hugetlb tunable, and that the
restarted process really gets transparent huge pages where the machine offers them."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from core import huge_pages
from core.huge_pages import should_restart, thp_mode, with_tunable

ROOT = Path(__file__).resolve().parents[1]
CHILD = """
import os, sys
from core.huge_pages import restart_with_huge_pages
restart_with_huge_pages()
import ctypes
libc = ctypes.CDLL(None)
libc.malloc.restype = ctypes.c_void_p
size = 256 * 2**20  # far above glibc's mmap threshold, as a feature map (numpy would ask for huge pages itself)
block = libc.malloc(size)
ctypes.memset(block, 1, size)
rollup = open("/proc/self/smaps_rollup").read().split("\\n")
huge = [int(line.split()[1]) for line in rollup if line.startswith("AnonHugePages:")][0]
print(os.environ.get("GLIBC_TUNABLES", ""), huge, sys.argv[1:], sep="|")
"""


@pytest.mark.parametrize(
    ("text", "mode"),
    [
        ("always [madvise] never\n", "madvise"),
        ("[always] madvise never\n", "always"),
        ("always madvise [never]", "never"),
    ],
)
def test_the_kernel_mode_is_the_bracketed_word(tmp_path, text, mode):
    setting = tmp_path / "enabled"
    setting.write_text(text)
    assert thp_mode(setting) == mode


def test_no_mode_where_the_kernel_does_not_say(tmp_path):
    assert thp_mode(tmp_path / "missing") is None


def test_only_a_linux_glibc_process_in_madvise_mode_without_the_tunable_restarts():
    linux = {"PATH": "/usr/bin"}
    assert should_restart(linux, "linux", (2, 36), "madvise")
    assert not should_restart(linux, "linux", (2, 34), "madvise")  # glibc too old for the tunable
    assert not should_restart(linux, "linux", None, "madvise")  # musl
    assert not should_restart(linux, "linux", (2, 36), "always")  # already in effect
    assert not should_restart(linux, "linux", (2, 36), "never")
    assert not should_restart(linux, "linux", (2, 36), None)
    assert not should_restart(linux, "win32", (2, 36), "madvise")
    assert not should_restart(linux, "darwin", (2, 36), "madvise")
    assert not should_restart({**linux, "AKNET_HUGE_PAGES": "0"}, "linux", (2, 36), "madvise")
    done = {**linux, "GLIBC_TUNABLES": "glibc.malloc.hugetlb=1"}
    assert not should_restart(done, "linux", (2, 36), "madvise")  # the restarted process does not loop


def test_the_tunable_joins_those_already_set():
    assert with_tunable({})["GLIBC_TUNABLES"] == "glibc.malloc.hugetlb=1"
    env = with_tunable({"GLIBC_TUNABLES": "glibc.malloc.arena_max=2", "HOME": "/h"})
    assert env == {"GLIBC_TUNABLES": "glibc.malloc.arena_max=2:glibc.malloc.hugetlb=1", "HOME": "/h"}


def _run_child(tmp_path, **env_changes):
    script = tmp_path / "child.py"
    script.write_text(CHILD)
    env = {key: value for key, value in os.environ.items() if key not in ("GLIBC_TUNABLES", "AKNET_HUGE_PAGES")}
    env.update(env_changes, PYTHONPATH=str(ROOT))
    done = subprocess.run(
        [sys.executable, str(script), "--some", "argument"], env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    tunables, huge_kib, argv = done.stdout.strip().split("|")
    return tunables, int(huge_kib), argv


machine_qualifies = should_restart({}, sys.platform, huge_pages.glibc_version(), thp_mode())


@pytest.mark.skipif(not machine_qualifies, reason="needs Linux, glibc >= 2.35 and huge pages in madvise mode")
def test_the_restarted_process_keeps_its_arguments_and_gets_huge_pages(tmp_path):
    tunables, huge_kib, argv = _run_child(tmp_path)
    assert tunables == "glibc.malloc.hugetlb=1"
    assert argv == "['--some', 'argument']"
    assert huge_kib >= 2048  # at least one 2 MiB page behind the 256 MiB block


@pytest.mark.skipif(not machine_qualifies, reason="needs Linux, glibc >= 2.35 and huge pages in madvise mode")
def test_aknet_huge_pages_0_keeps_the_process_as_started(tmp_path):
    tunables, huge_kib, _ = _run_child(tmp_path, AKNET_HUGE_PAGES="0")
    assert tunables == ""
    assert huge_kib == 0


def test_the_installed_commands_restart_before_they_import_pytorch():
    from importlib.metadata import entry_points

    scripts = {entry.name: entry.value for entry in entry_points(group="console_scripts")}
    scripts.update({entry.name: entry.value for entry in entry_points(group="gui_scripts")})
    assert scripts["aknet"] == "core.launch:main"
    assert scripts["aknet-gui"] == "aknet_gui.launch:main"
    for module in ("core.launch", "aknet_gui.launch", "core.huge_pages"):
        code = f"import sys, {module}; print('torch' in sys.modules, 'PySide6' in sys.modules)"
        done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=60)
        assert done.stdout.split() == ["False", "False"], (module, done.stderr)


def test_the_system_info_says_whether_and_why():
    from core.huge_pages import huge_pages_state

    madvise = {"glibc": (2, 36), "mode": "madvise", "platform": "linux"}
    assert huge_pages_state({"GLIBC_TUNABLES": "glibc.malloc.hugetlb=1"}, **madvise) == "on (glibc.malloc.hugetlb=1)"
    assert huge_pages_state({"AKNET_HUGE_PAGES": "0"}, **madvise) == "off (AKNET_HUGE_PAGES=0)"
    assert huge_pages_state({}, **madvise).startswith("off (started without")
    assert huge_pages_state({}, "linux", (2, 31), "madvise") == "off (needs glibc 2.35 or later)"
    assert huge_pages_state({}, "linux", (2, 36), "always").startswith("on (the kernel")
    assert huge_pages_state({}, "linux", (2, 36), "never") == "off (the kernel's mode is never)"
    assert huge_pages_state({}, "win32", None, None) == "not used on this system"
