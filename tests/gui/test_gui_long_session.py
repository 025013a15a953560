"""The app over a long session, on the real main window: hundreds of photos dropped and restored with flat memory,
signals that cannot wear Python out, and the window closed in the middle of a batch. (A settings file that cannot be
read or written: test_gui_damaged_settings.py.)"""

from __future__ import annotations

import hashlib
import sys
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np
import psutil
import pytest
from PySide6.QtCore import SignalInstance

from aknet_gui.main_window import MainWindow
from aknet_gui.settings import OutputSettings
from aknet_gui.signal_refcount import SINGLETONS, references_lost_per_emit
from core.image.read import read_image
from core.network.aknet import AKNet
from core.network.checkpoint import save_weights
from core.network.config import AKNetConfig
from core.progress import Status
from tests.gui.conftest import drop_files, use_weights, wait_idle, write_photo

pytestmark = [pytest.mark.gui, pytest.mark.filterwarnings("ignore:Function.*QDragEnterEvent:DeprecationWarning")]

TINY = AKNetConfig(base_channels=8, num_blocks=1, kernel_size=7)
LONG_RUN_MS = 300_000  # 300 photos take about 10 s a run on one busy core
WARM_UP = 20  # photos restored before memory is first measured (allocators, caches and pools fill up)
BYTES_PER_PHOTO = 8 * 1024  # growth allowed per photo after the warm-up, beyond the results the session keeps
NOISE_BYTES = 3 * 1024**2 // 2  # allocator noise allowed once per run, whatever its length


@pytest.fixture
def tiny_weights(tmp_path: Path) -> Path:
    """A real, tiny AKNet's weights (8 channels, 1 block, 7×7 kernels), loaded by the app like any checkpoint."""
    return save_weights(AKNet(TINY), tmp_path / "tiny.safetensors", {"task": "dehaze"})


def photos_in(folder: Path, count: int, rng: np.random.Generator, height: int = 48, width: int = 64) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    return [write_photo(folder / f"photo{index:03d}.png", rng, height, width) for index in range(count)]


def digests(paths: list[Path]) -> dict[Path, str]:
    return {path: hashlib.sha256(path.read_bytes()).hexdigest() for path in paths}


def resident_bytes() -> int:
    return psutil.Process().memory_info().rss


def growth_after_warm_up(qtbot, window: MainWindow, finished: SignalInstance, start: Callable[[], None]) -> int:
    """Run what `start` starts to its end; the resident memory it gained from the WARM_UP-th photo finished to
    the end, less what the session's result store gained meanwhile (results are kept by design, to a budget)."""
    store, count, marks = window.session.store, 0, {}

    def one_more(*_: object) -> None:
        nonlocal count
        count += 1
        if count == WARM_UP:
            marks["resident"], marks["held"] = resident_bytes(), store.memory_bytes()

    finished.connect(one_more)
    start()
    wait_idle(qtbot, window, timeout=LONG_RUN_MS)
    finished.disconnect(one_more)
    return resident_bytes() - marks["resident"] - max(0, store.memory_bytes() - marks["held"])


@pytest.mark.parametrize("count", [pytest.param(300, marks=pytest.mark.slow), 60], ids=["300-photos", "60-photos"])
def test_hundreds_of_photos_restore_with_flat_memory(qtbot, window: MainWindow, tiny_weights, tmp_path, rng, count):
    """Drop `count` photos (48×64) on the window, restore them all as a batch to files, then Restore all (results
    in memory); after the first WARM_UP photos of each run, memory may grow by at most BYTES_PER_PHOTO (8 KiB) a
    photo plus NOISE_BYTES (1.5 MiB) once, beyond the results the session keeps (18 KiB a photo here): 3.7 MiB
    for 280 photos. The batch goes first: Restore all afterwards only adds results, whereas a batch after it would
    free them (batch results are files) and hide up to 5 MiB of growth in the memory they leave.

    Measured with 300 photos (one core, PySide6 6.12.0, CPython 3.11), from photo 20 to 300: the batch gained
    0.59 MiB (2.2 KiB a photo); Restore all gained 4.70 MiB while its results took 4.92 MiB (-0.8 KiB a photo
    beyond them). An 18 KiB copy of each result kept by the worker (a leak put in on purpose) made it 5.4 MiB for
    the batch and 7.2 MiB beyond the results for Restore all: both fail. The 60-photo run checks the same over 40
    photos, where only something above ~45 KiB a photo would show.

    Before the fix in aknet_gui/signal_refcount.py the 300-photo run never ended: PySide6 6.12.0 takes a reference
    from True with every signal emitted, and Python aborted ("Fatal Python error: bool_dealloc") near photo 260.
    """
    photos = photos_in(tmp_path / "shoot", count, rng)
    originals = digests(photos)
    use_weights(qtbot, window, tiny_weights)
    drop_files(window, photos)
    qtbot.waitUntil(lambda: len(window.image_list._thumbnails) == count, timeout=LONG_RUN_MS)

    worker, allowed = window.controller.worker, NOISE_BYTES + BYTES_PER_PHOTO * (count - WARM_UP)
    output = tmp_path / "restored"
    options = OutputSettings(folder=str(output), format="png", skip_existing=False)
    kept = growth_after_warm_up(
        qtbot, window, worker.itemFinished, lambda: window.controller.start_batch(photos, False, options)
    )
    assert len(list(output.iterdir())) == count
    assert {e.status for e in window.session.entries.values()} == {Status.DONE}
    assert kept <= allowed, f"the batch kept {kept / 1024:.0f} KiB (at most {allowed / 1024:.0f})"

    kept = growth_after_warm_up(qtbot, window, worker.restoreFinished, window.actions.restore_all.trigger)
    entries = list(window.session.entries.values())
    assert len(entries) == count and {e.status for e in entries} == {Status.DONE}
    assert all(entry.id in window.session.store for entry in entries)
    assert kept <= allowed, f"Restore all kept {kept / 1024:.0f} KiB beyond its results (at most {allowed / 1024:.0f})"
    assert digests(photos) == originals


def test_signals_cannot_use_up_true_false_or_none(window: MainWindow):
    """PySide6 6.12.0 takes a reference from True with every signal emitted from Python (and some from None);
    the window protects them so that no session is long enough to use them up (sound versions lose none)."""
    lost = references_lost_per_emit()
    headroom = min(sys.getrefcount(singleton) for singleton in SINGLETONS)
    assert lost == 0 or headroom > 10**9, f"{lost:g} reference(s) lost per signal, {headroom} left"


def test_closing_the_window_mid_batch_stops_the_worker_within_a_second(
    qtbot, window: MainWindow, tiny_weights, tmp_path, rng
):
    photos = photos_in(tmp_path / "shoot", 60, rng, 192, 256)
    originals = digests(photos)
    output = tmp_path / "restored"
    use_weights(qtbot, window, tiny_weights)
    finished: list[int] = []
    window.controller.worker.itemFinished.connect(lambda entry, result: finished.append(entry))
    window.controller.start_batch(photos, False, OutputSettings(folder=str(output), format="png"))
    qtbot.waitUntil(lambda: len(finished) >= 5, timeout=LONG_RUN_MS)

    started = time.perf_counter()
    window.close()
    latency = time.perf_counter() - started
    assert latency <= 1.0, f"closing took {latency:.2f} s"
    assert window.controller.thread.isFinished()

    written = sorted(output.iterdir())
    assert 5 <= len(written) < len(photos), "the batch was not stopped in its middle"
    for path in written:  # every file there is a whole photo: no partial file, no temporary file left
        assert path.suffix == ".png" and path.stem.endswith("_dehaze")
        assert read_image(path).rgb.shape == (192, 256, 3)
    assert not [path for path in tmp_path.rglob("*") if ".part" in path.name]
    assert digests(photos) == originals
