"""A guard against a PySide6 bug that kills the app in a long session: in PySide6 6.12.0 on CPython 3.11,
`SignalInstance.emit()` returns `True` without taking a reference to it, so every signal emitted from Python
takes one reference from `True` for good, and signals carrying objects to Python slots take some from `None`.
The app emits about 50 signals per photo restored (progress, status, results); `True` starts with about 13,000
references, and after some 260 photos Python frees it and aborts ("Fatal Python error: bool_dealloc"), taking
the window and the photos in progress with it; with `True` protected, `None` went the same way a few hundred
photos later ("none_dealloc").

From CPython 3.12 on, `True`, `False` and `None` are immortal and the bug is harmless. Where it bites,
`protect_singletons()` gives each of them 2**40 extra references, as if immortal (a billion lost references a
second would take 18 minutes to use them up). It measures first and does nothing where emitting costs nothing.
"""

from __future__ import annotations

import ctypes
import sys

from PySide6.QtCore import QObject, Signal

PROBE_EMITS = 64
EXTRA_REFERENCES = 1 << 40
SINGLETONS = (True, False, None)


class _Probe(QObject):
    """A throwaway object whose signal is emitted to see what emitting costs."""

    ping = Signal()


def references_lost_per_emit() -> float:
    """How many references to True one signal emitted from Python takes away (0 where PySide6 is sound)."""
    probe = _Probe()
    before = sys.getrefcount(True)
    for _ in range(PROBE_EMITS):
        probe.ping.emit()
    return max(0, before - sys.getrefcount(True)) / PROBE_EMITS


def protect_singletons() -> bool:
    """Make the references PySide6 takes from True, False and None harmless, if it takes any; True when it had to
    (now or before)."""
    if sys.getrefcount(True) > EXTRA_REFERENCES // 2:  # protected already
        return True
    if sys.implementation.name != "cpython" or references_lost_per_emit() == 0:
        return False  # the fix writes CPython's reference counts, and only where they are being lost
    for singleton in SINGLETONS:
        count = ctypes.c_ssize_t.from_address(id(singleton))  # ob_refcnt: the first field of every object
        count.value += EXTRA_REFERENCES
    return True
