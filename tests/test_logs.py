"""The log file: in each platform's log location, rotating, falling back on the temp folder when its folder cannot be
written (and saying so), and holding what a supporter needs: the model and device, each restore's size, time and
fallback."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from core.logs import BACKUPS, LOG_NAME, log_folder, start_file_log, stop_file_log

HOME = Path("/home/ada")


@pytest.fixture
def file_log(tmp_path):
    """A file log started in tmp_path/log, stopped afterwards."""
    log = start_file_log(tmp_path / "log")
    yield log
    stop_file_log()


@pytest.mark.parametrize(
    ("system", "environ", "expected"),
    [
        ("Linux", {}, HOME / ".local/state/AKNet Studio/log"),
        ("Linux", {"XDG_STATE_HOME": "/state"}, Path("/state/AKNet Studio/log")),
        (
            "Windows",
            {"LOCALAPPDATA": "C:/Users/ada/AppData/Local"},
            Path("C:/Users/ada/AppData/Local/AKNet Studio/Logs"),
        ),
        ("Darwin", {}, HOME / "Library/Logs/AKNet Studio"),
        ("Linux", {"AKNET_LOG_DIR": "/tmp/x", "XDG_STATE_HOME": "/state"}, Path("/tmp/x")),
    ],
)
def test_the_log_lives_where_each_platform_keeps_logs(system, environ, expected):
    assert log_folder(environ, system, HOME) == expected


def test_records_reach_the_file(file_log):
    logging.getLogger("core.example").info("hello %s", "log")
    try:
        raise ValueError("boom")
    except ValueError:
        logging.getLogger("aknet_gui.example").exception("it failed")
    text = file_log.path.read_text(encoding="utf-8")
    assert file_log.path.name == LOG_NAME and not file_log.problem
    assert "core.example: hello log" in text
    assert "Traceback (most recent call last)" in text and "ValueError: boom" in text


def test_the_file_rotates_and_keeps_a_few_old_ones(file_log):
    handler = next(h for h in logging.getLogger().handlers if getattr(h, "baseFilename", "") == str(file_log.path))
    handler.maxBytes = 2_000
    for number in range(400):
        logging.getLogger("core.example").info("line %d %s", number, "x" * 40)
    files = sorted(p.name for p in file_log.folder.glob(f"{LOG_NAME}*"))
    assert files[0] == LOG_NAME and len(files) == BACKUPS + 1
    assert all(p.stat().st_size <= 2_200 for p in file_log.folder.glob(f"{LOG_NAME}*"))


def test_a_folder_that_cannot_be_written_falls_back_and_says_so(tmp_path):
    blocker = tmp_path / "blocked"
    blocker.write_text("a file where the log folder should be")  # not even root can make the folder
    log = start_file_log(blocker / "log")
    try:
        logging.getLogger("core.example").info("still logged")
        assert log.problem.startswith(f"The log cannot be written in {blocker / 'log'}")
        assert "AKNET_LOG_DIR" in log.problem
        assert "still logged" in log.path.read_text(encoding="utf-8")
        assert not log.path.is_relative_to(blocker)
    finally:
        stop_file_log()


def test_a_restore_is_logged_with_model_device_size_and_time(file_log, rng):
    from core.engine import create_restorer
    from tests.conftest import smooth_image

    engine = create_restorer("dehaze", device="cpu")
    engine.restore(smooth_image(rng, 40, 56))
    text = file_log.path.read_text(encoding="utf-8")
    assert "dehaze.safetensors" in text and "on CPU" in text
    assert "restored 56×40 in " in text


def test_a_fallback_is_logged(file_log, rng, reference_weights):
    """The whole photo runs out of memory (as a GPU would): the restorer redoes it in tiles, and the log says so."""
    from core.restorer import Restorer
    from tests.conftest import smooth_image

    engine = Restorer(reference_weights, device="cpu", tile="auto", max_memory_mb=64)  # whole fits, its quarter not

    def out_of_memory(*args, **kwargs):
        raise RuntimeError("DefaultCPUAllocator: can't allocate memory: you tried to allocate 1 GB")

    engine._run_whole = out_of_memory
    engine.restore(smooth_image(rng, 160, 192))
    text = file_log.path.read_text(encoding="utf-8")
    assert "restored 192×160 in " in text and ", tiles " in text
    assert "fallback: There was not enough memory for the whole image; restored in tiles." in text


def test_a_native_crash_leaves_the_python_stacks_beside_the_log(tmp_path):
    """A segmentation fault (as in a broken GPU driver) kills the process; crash-native.log still says where."""
    import subprocess
    import sys

    from tests.conftest import REPO

    code = (
        "import faulthandler, pathlib, sys\n"
        "from core.logs import start_file_log\n"
        "start_file_log(pathlib.Path(sys.argv[1]))\n"
        "def restoring_a_photo(): faulthandler._sigsegv()\n"
        "restoring_a_photo()\n"
    )
    completed = subprocess.run([sys.executable, "-c", code, str(tmp_path)], capture_output=True, cwd=REPO, timeout=60)
    assert completed.returncode != 0
    text = (tmp_path / "crash-native.log").read_text(encoding="utf-8")
    assert "Fatal Python error: Segmentation fault" in text and "restoring_a_photo" in text
