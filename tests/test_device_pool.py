"""A batch on several devices (`aknet restore --device cuda:0,cuda:1`, `all-gpus`): one worker process per device.

Two CPU worker processes (`cpu,cpu`) stand in for two GPUs: the machinery is the same, only the device differs.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest
import torch

from core.batch import InputItem, ItemResult, OutputOptions, collect_inputs, run_batch
from core.cli import main
from core.device_pool import device_list, run_batch_on_devices, thread_shares
from core.engine import create_restorer
from core.errors import AKNetError, DeviceError
from core.image.read import read_image
from core.image.write import write_image
from core.network.aknet import AKNet
from core.network.checkpoint import save_weights
from core.network.config import AKNetConfig
from core.progress import CancelToken, Status
from tests.conftest import REPO, smooth_image

TINY = AKNetConfig(base_channels=8, num_blocks=1, kernel_size=7)


@pytest.fixture(scope="module")
def tiny_weights(tmp_path_factory: pytest.TempPathFactory) -> Path:
    torch.manual_seed(3)
    return save_weights(AKNet(TINY), tmp_path_factory.mktemp("weights") / "tiny.safetensors", {"task": "dehaze"})


def write_photos(folder: Path, count: int, size: tuple[int, int] = (20, 28), bad: bool = True) -> Path:
    """`count` small photos (one in a subfolder), and a damaged one when `bad`."""
    rng = np.random.default_rng(5)
    for index in range(count):
        write_image(folder / ("sub" if index == 1 else "") / f"p{index}.png", smooth_image(rng, *size))
    if bad:
        (folder / "damaged.png").write_bytes(b"\x89PNG\r\n\x1a\n not really")
    return folder


@pytest.fixture
def no_gpu(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(torch.cuda, "is_available", lambda: False)
    monkeypatch.setattr(torch.cuda, "device_count", lambda: 0)


@pytest.fixture
def two_gpus(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(torch.cuda, "is_available", lambda: True)
    monkeypatch.setattr(torch.cuda, "device_count", lambda: 2)


def test_one_device_is_not_a_list(no_gpu: None) -> None:
    assert device_list("auto") is None and device_list("cpu") is None and device_list("cuda:0") is None


def test_a_list_names_every_device(no_gpu: None) -> None:
    assert device_list("cpu,cpu") == ["cpu", "cpu"]
    assert device_list(" CPU , cpu ,cpu") == ["cpu", "cpu", "cpu"]


def test_all_gpus_and_gpu_lists_are_checked_against_what_torch_sees(two_gpus: None) -> None:
    assert device_list("all-gpus") == ["cuda:0", "cuda:1"]
    assert device_list("cuda:1,cuda:0") == ["cuda:1", "cuda:0"]
    assert device_list("cuda,cuda:1") == ["cuda:0", "cuda:1"]
    with pytest.raises(DeviceError, match="no GPU cuda:2; this machine has 2"):
        device_list("cuda:0,cuda:2")
    with pytest.raises(DeviceError, match="cuda:1 is listed twice"):
        device_list("cuda:1,cuda:1")


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        ("all-gpus", "all-gpus: this machine has no CUDA GPU"),
        ("cuda:0,cuda:1", "cuda:0,cuda:1: No CUDA GPU is available"),
        ("cpu,,cpu", "name each device of the list"),
        ("cpu,auto", "name each device of the list"),
        ("cpu,tpu9", "'tpu9' is not a device name"),
    ],
)
def test_a_device_that_is_not_there_is_refused_with_its_name(no_gpu: None, spec: str, message: str) -> None:
    with pytest.raises(DeviceError, match=message):
        device_list(spec)


def test_the_cores_are_shared_among_the_workers(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("core.devices.cpu_threads", lambda: 8)
    assert thread_shares(["cpu", "cpu"]) == 4 and thread_shares(["cpu"] * 3) == 2 and thread_shares(["cpu"] * 9) == 1


def test_an_unavailable_device_stops_the_command_before_any_work(
    tmp_path: Path, no_gpu: None, capsys: pytest.CaptureFixture
) -> None:
    photos = write_photos(tmp_path / "photos", 2, bad=False)
    status = main(
        ["restore", str(photos), "-o", str(tmp_path / "out"), "--task", "classic-dehaze", "--device", "cpu,cuda:1"]
    )
    assert status == 2 and not (tmp_path / "out").exists()
    assert "error: --device cpu,cuda:1: No CUDA GPU is available" in capsys.readouterr().err


def test_two_worker_processes_restore_every_file_once_as_one_process_does(tmp_path: Path, tiny_weights: Path) -> None:
    items, _ = collect_inputs([write_photos(tmp_path / "photos", 7)], recursive=True)
    assert len(items) == 8
    options = OutputOptions(folder=tmp_path / "two", format="png", bit_depth=16)
    ready, started, finished = [], [], []

    def on_start(index: int, item: InputItem):
        started.append(index)
        return lambda fraction, message: None

    def on_item(index: int, result: ItemResult) -> None:
        finished.append(index)

    summary = run_batch_on_devices(
        ["cpu", "cpu"],
        items,
        options,
        "dehaze",
        tiny_weights,
        "off",
        None,
        lambda *info: ready.append(info),
        on_start,
        on_item,
    )
    assert len(ready) == 1 and len(ready[0][0]) == 2 and ready[0][1] == "dehaze"  # both workers loaded, then work
    assert all(label.startswith("CPU (") for label in ready[0][0])
    assert sorted(started) == sorted(finished) == list(range(8))  # every file once
    assert [result.input for result in summary.results] == [item.path for item in items]  # in input order
    assert [result.status for result in summary.results] == [Status.FAILED] + [Status.DONE] * 7
    assert "damaged.png" in summary.report() and summary.report().startswith("7 restored, 1 failed.")
    # One process with the same engine and threads writes the same files, byte for byte.
    engine = create_restorer("dehaze", tiny_weights, "cpu", "off", threads=thread_shares(["cpu", "cpu"]))
    alone = run_batch(engine, items, OutputOptions(folder=tmp_path / "one", format="png", bit_depth=16), "dehaze")
    assert [r.status for r in alone.results] == [r.status for r in summary.results]
    written = sorted(path.relative_to(tmp_path / "two") for path in (tmp_path / "two").rglob("*.png"))
    assert written == sorted(path.relative_to(tmp_path / "one") for path in (tmp_path / "one").rglob("*.png"))
    assert len(written) == 7
    for name in written:
        assert (tmp_path / "two" / name).read_bytes() == (tmp_path / "one" / name).read_bytes(), name


def test_weights_that_do_not_load_stop_the_batch_before_any_file(tmp_path: Path) -> None:
    bad = tmp_path / "bad.safetensors"
    bad.write_bytes(b"not weights at all")
    items, _ = collect_inputs([write_photos(tmp_path / "photos", 2, bad=False)])
    started = []
    with pytest.raises(AKNetError, match="On cpu: "):
        run_batch_on_devices(
            ["cpu", "cpu"],
            items,
            OutputOptions(folder=tmp_path / "out"),
            "dehaze",
            bad,
            on_start=lambda *a: started.append(a),
        )
    assert not started and not (tmp_path / "out").exists()


def test_a_cancel_stops_every_worker_within_its_file_and_leaves_no_partial_file(
    tmp_path: Path, tiny_weights: Path
) -> None:
    items, _ = collect_inputs([write_photos(tmp_path / "photos", 6, size=(384, 512), bad=False)], recursive=True)
    cancel = CancelToken()

    def on_start(index: int, item: InputItem):
        def progress(fraction: float, message: str) -> None:
            cancel.cancel()  # as the first file is under way

        return progress

    summary = run_batch_on_devices(
        ["cpu", "cpu"],
        items,
        OutputOptions(folder=tmp_path / "out"),
        "dehaze",
        tiny_weights,
        "off",
        cancel,
        None,
        on_start,
    )
    # The files in progress stop between two of the network's blocks (a second at most), the rest never start.
    assert [result.status for result in summary.results] == [Status.CANCELLED] * 6
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())  # nor a temporary file


@pytest.mark.slow
@pytest.mark.parametrize("killed", [{"aknet-restore-cpu-0"}, {"aknet-restore-cpu-0", "aknet-restore-cpu-1"}])
def test_a_worker_that_dies_fails_its_file_and_the_batch_still_ends(
    tmp_path: Path, tiny_weights: Path, killed: set[str]
) -> None:
    items, _ = collect_inputs([write_photos(tmp_path / "photos", 5, size=(384, 512), bad=False)], recursive=True)

    def on_start(index: int, item: InputItem):
        def progress(fraction: float, message: str) -> None:
            for worker in multiprocessing.active_children():  # as the out-of-memory killer might
                if worker.name in killed:
                    os.kill(worker.pid, signal.SIGKILL)

        return progress

    options = OutputOptions(folder=tmp_path / "out")
    summary = run_batch_on_devices(["cpu", "cpu"], items, options, "dehaze", tiny_weights, "off", on_start=on_start)
    reasons = [result.error for result in summary.results if result.status == Status.FAILED]
    if len(killed) == 1:  # its file fails, the other worker restores the rest
        assert reasons == ["the worker process on cpu stopped (exit status -9)"]
        assert summary.count(Status.DONE) == 4 and len(list((tmp_path / "out").rglob("*.png"))) == 4
    else:  # the files they held fail, and those never handed out
        assert len(reasons) == 5 and reasons.count("the worker process on cpu stopped (exit status -9)") == 2
        assert reasons[-1] == "no worker process was left to restore it"


def test_the_command_shows_one_progress_and_one_summary(
    tmp_path: Path, tiny_weights: Path, capsys: pytest.CaptureFixture
) -> None:
    photos = write_photos(tmp_path / "photos", 5)
    common = ["restore", str(photos), "-o", str(tmp_path / "out"), "--recursive", "--weights", str(tiny_weights)]
    assert main([*common, "--device", "cpu,cpu"]) == 1  # one file failed; the others are done
    lines = capsys.readouterr().err.splitlines()
    assert sum(line.startswith("Restoring 6 image(s) with dehaze on CPU") for line in lines) == 1
    assert sum("restored," in line for line in lines) == 1 and "5 restored, 0 skipped, 1 failed." in lines
    assert sum(line.startswith("  FAILED") and "damaged.png" in line for line in lines) == 1
    for index in range(5):  # one line for each file, numbered as in a one-device batch
        assert sum(f"p{index}.png: done" in line for line in lines) == 1
    assert sum(line.startswith("[") and "/6] " in line for line in lines) == 6
    assert sorted(p.name for p in (tmp_path / "out").rglob("*.png")) == [f"p{i}_dehaze.png" for i in range(5)]


@pytest.mark.slow
def test_a_rerun_with_skip_existing_skips_what_is_done(
    tmp_path: Path, tiny_weights: Path, capsys: pytest.CaptureFixture
) -> None:
    photos = write_photos(tmp_path / "photos", 5)
    common = ["restore", str(photos), "-o", str(tmp_path / "out"), "--recursive", "--weights", str(tiny_weights)]
    assert main([*common, "--shard", "0/2", "--device", "cpu,cpu"]) in (0, 1)  # part of the work done
    part = sum(": done (" in line for line in capsys.readouterr().err.splitlines())
    assert main([*common, "--device", "cpu,cpu", "--skip-existing"]) == 1
    assert f"{5 - part} restored, {part} skipped, 1 failed." in capsys.readouterr().err.splitlines()


@pytest.mark.slow
@pytest.mark.skipif(sys.platform == "win32", reason="a terminal's Ctrl-C is a POSIX process-group signal here")
def test_ctrl_c_stops_every_worker_and_leaves_no_partial_file(tmp_path: Path, tiny_weights: Path) -> None:
    photos = write_photos(tmp_path / "photos", 40, size=(192, 256), bad=False)
    out = tmp_path / "out"
    command = [sys.executable, "-m", "core.cli", "restore", str(photos), "-o", str(out), "--recursive", "--device"]
    command += ["cpu,cpu", "--weights", str(tiny_weights), "--tile", "off"]
    process = subprocess.Popen(command, stderr=subprocess.PIPE, text=True, cwd=REPO, start_new_session=True)
    seen = []
    for line in process.stderr:  # wait until work is under way
        seen.append(line)
        if ": done (" in line:
            break
    os.killpg(process.pid, signal.SIGINT)  # as a terminal does: to the command and its workers
    start = time.monotonic()
    rest = process.stderr.read()
    assert process.wait(timeout=60) == 130, "".join(seen) + rest
    assert time.monotonic() - start < 30
    assert "interrupted" in rest and "Traceback" not in "".join(seen) + rest
    written = [path for path in out.rglob("*") if path.is_file()]
    assert all(path.name.endswith("_dehaze.png") for path in written)  # no temporary file left behind
    assert 1 <= len(written) < 40
    assert all(read_image(path).rgb.shape == (192, 256, 3) for path in written)
