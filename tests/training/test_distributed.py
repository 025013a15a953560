"""Distributed training: torchrun starts real processes that join a gloo group on the CPU and train as one
process would on the same global batch; rank 0 alone writes; a failing rank ends the job."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import psutil
import pytest
import torch

from core.errors import AKNetError
from core.network.checkpoint import load_checkpoint
from tests.training.conftest import tiny_config, write_paired_split, write_photos
from training.__main__ import main
from training.data import build_run_data
from training.distributed import Group
from training.sampler import StepBatchSampler
from training.trainer import Trainer

REPO = Path(__file__).resolve().parents[2]
LAUNCH_TIMEOUT = 200  # seconds; a launch takes 15-25 s on one busy core


def torchrun(*args: str, launch: tuple[str, ...] = ("--standalone", "--nproc-per-node=2"), cwd: Path = REPO):
    """`torchrun LAUNCH -m training ARGS` in the background (a Popen), output captured."""
    command = [sys.executable, "-m", "torch.distributed.run", *launch, "-m", "training"]
    env = {**os.environ, "OMP_NUM_THREADS": "1", "PYTHONPATH": str(REPO)}
    pipes = dict(stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    return subprocess.Popen([*command, *args], cwd=cwd, env=env, **pipes)


def finish(process: subprocess.Popen) -> tuple[int, str, str]:
    """Wait for a launch (never longer than LAUNCH_TIMEOUT); its exit status, stdout and stderr."""
    try:
        out, err = process.communicate(timeout=LAUNCH_TIMEOUT)
    except subprocess.TimeoutExpired:
        for worker in psutil.Process(process.pid).children(recursive=True):  # in sessions of their own
            worker.kill()
        process.kill()
        out, err = process.communicate()
        pytest.fail(f"the launch hung:\n{err[-3000:]}")
    return process.returncode, out, err


def flags(data: Path, output: Path | str) -> list[str]:
    """Tiny model, paired and synthetic data together, global batch 4, 4 steps, a checkpoint at step 2; a
    process waits a minute at most for the others."""
    return [
        "--device", "cpu", "--model", "tiny", "--data-dir", str(data / "pairs"), "--clean", str(data / "clean"),
        "--crop-size", "32", "--batch-size", "4", "--steps", "4", "--save-every", "2", "--log-every", "1",
        "--valid-count", "1", "--workers", "0", "--learning-rate", "1e-3", "--seed", "5", "--dist-timeout", "1",
        "--output-dir", str(output),
    ]  # fmt: skip


def weights(path: Path) -> dict[str, torch.Tensor]:
    return torch.load(path, map_location="cpu", weights_only=True)["model"]


def distance(a: dict[str, torch.Tensor], b: dict[str, torch.Tensor]) -> float:
    """Euclidean distance between two sets of weights."""
    return float(sum(((a[k].double() - b[k].double()) ** 2).sum() for k in a if a[k].is_floating_point()) ** 0.5)


def losses(run: Path) -> list[float]:
    rows = (run / "log.csv").read_text().splitlines()[1:]
    return [float(row.split(",")[3]) for row in rows if row.split(",")[3]]


def files(run: Path) -> list[str]:
    return sorted(str(path.relative_to(run)) for path in run.rglob("*"))


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str, str]:
    """One run in this process and the same run in two processes: (folder, the second's stdout, stderr)."""
    root = tmp_path_factory.mktemp("distributed")
    write_photos(root / "clean", 4)
    write_paired_split(root / "pairs" / "train", 3, seed=1)
    write_paired_split(root / "pairs" / "test", 2, seed=2)
    two = torchrun("train", *flags(root, root / "two"))
    assert main(["train", *flags(root, root / "one")]) == 0
    status, out, err = finish(two)
    assert status == 0, err[-3000:]
    return root, out, err


def assert_same_training(a: Path, b: Path, reference: Path) -> None:
    """Checkpoints a and b hold the same weights up to float rounding: apart by under 1 % of how far the
    weights moved in the last two steps (`reference`: the step-2 checkpoint)."""
    moved = distance(weights(a), weights(reference))
    assert moved > 0.05
    assert distance(weights(a), weights(b)) < 0.01 * moved


@pytest.mark.slow
def test_two_processes_train_as_one_on_the_same_global_batch(runs: tuple[Path, str, str]) -> None:
    root, out, err = runs
    one, two = root / "one", root / "two"
    # The same samples in every step: the logged loss (the mean over both processes) is the one process's.
    assert losses(two) == pytest.approx(losses(one), rel=1e-4) and len(losses(one)) == 4
    assert_same_training(two / "last.pt", one / "last.pt", one / "checkpoints" / "step_0000002.pt")
    # Rank 0 alone prints and writes: one summary, one set of files, weights that load in the app.
    assert out.count('"stopped": "finished"') == 1 and err.count("Training dehaze") == 1
    assert "(2 in each of 2 processes)" in err
    assert files(two) == files(one)
    exported = load_checkpoint(two / "dehaze.safetensors")
    assert exported.metadata["training"]["hardware"]["processes"] == 2
    assert exported.metadata["training"]["steps"] == 4 and exported.metadata["training"]["batch_size"] == 4


@pytest.mark.slow
def test_a_distributed_run_resumes_with_any_number_of_processes(runs: tuple[Path, str, str]) -> None:
    root, _, _ = runs
    two, halfway = root / "two", root / "two" / "checkpoints" / "step_0000002.pt"
    again = torchrun("train", *flags(root, root / "resumed_two"), "--resume", str(halfway))
    assert main(["train", *flags(root, root / "resumed_one"), "--resume", str(halfway)]) == 0
    status, _, err = finish(again)
    assert status == 0, err[-3000:]
    assert "Resuming at step 2" in err
    for key, value in weights(two / "last.pt").items():  # the same processes: the same arithmetic
        torch.testing.assert_close(weights(root / "resumed_two" / "last.pt")[key], value, rtol=0, atol=1e-6)
    assert_same_training(root / "resumed_one" / "last.pt", two / "last.pt", halfway)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.mark.slow
def test_two_nodes_train_as_one_and_only_rank_0_writes(runs: tuple[Path, str, str], tmp_path: Path) -> None:
    root, _, _ = runs
    endpoint = f"--rdzv-endpoint=127.0.0.1:{free_port()}"
    rendezvous = ("--nnodes=2", "--nproc-per-node=1", "--rdzv-backend=c10d", endpoint, "--rdzv-id=test")
    nodes = [tmp_path / "node0", tmp_path / "node1"]  # each node's own working folder: output goes to ./run
    launches = []
    for index, node in enumerate(nodes):
        node.mkdir()
        launches.append(torchrun("train", *flags(root, "run"), launch=(*rendezvous, f"--node-rank={index}"), cwd=node))
    results = [finish(launch) for launch in launches]
    assert [status for status, _, _ in results] == [0, 0], results[0][2][-2000:] + results[1][2][-2000:]
    written = [node for node in nodes if (node / "run").exists()]
    assert len(written) == 1  # rank 0's node: whichever the rendezvous made first
    one = root / "one"
    assert_same_training(written[0] / "run" / "last.pt", one / "last.pt", one / "checkpoints" / "step_0000002.pt")
    assert load_checkpoint(written[0] / "run" / "dehaze.safetensors").metadata["training"]["hardware"]["processes"] == 2


@pytest.mark.slow
def test_a_failing_process_ends_the_job_with_its_error(tmp_path: Path) -> None:
    write_paired_split(tmp_path / "pairs" / "train", 3, seed=1)
    # The first image process 1 draws is cut short: its header reads, its pixels do not (images are read
    # when drawn: --cache-gb 0). Process 0 waits for process 1 at the end of its first step.
    first = StepBatchSampler(3, 4, seed=5, rank=1, world_size=2).batch(0)[0][0]
    broken = tmp_path / "pairs" / "train" / "hazy" / f"{first:04d}.png"
    broken.write_bytes(broken.read_bytes()[:200])
    args = flags(tmp_path, tmp_path / "run")
    args[args.index("--clean") : args.index("--clean") + 2] = ["--cache-gb", "0"]
    started = time.monotonic()
    status, _, err = finish(torchrun("train", *args))
    assert status != 0 and time.monotonic() - started < LAUNCH_TIMEOUT
    assert "error: " in err and broken.name in err
    assert "rank      : 1" in err or "local_rank: 1" in err
    assert not (tmp_path / "run" / "last.pt").exists()


def test_each_process_takes_its_slice_of_one_global_batch() -> None:
    one = StepBatchSampler(7, 8, seed=3, start_step=5, steps=4)
    for world_size in (2, 4, 8):
        slices = [StepBatchSampler(7, 8, 3, 5, 4, rank, world_size) for rank in range(world_size)]
        for batches in zip(one, *slices, strict=True):
            assert [key for part in batches[1:] for key in part] == batches[0]  # in order, none twice
            assert all(len(part) == 8 // world_size for part in batches[1:])


def test_a_global_batch_that_does_not_split_evenly_is_refused(tmp_path: Path, clean_folder: Path) -> None:
    config = tiny_config(tmp_path / "run", clean_dirs=[str(clean_folder)], batch_size=6)
    with pytest.raises(AKNetError, match=r"global batch.*6 does not divide by 4"):
        Trainer(config, build_run_data(config), group=Group(rank=0, world_size=4))
    assert not (tmp_path / "run").exists()


@pytest.mark.slow
def test_a_time_budget_stops_every_process_at_the_same_step(runs: tuple[Path, str, str]) -> None:
    root, _, _ = runs
    args = flags(root, root / "budget")
    # A cosine by time; rank 0 validates every 2 steps and so keeps seconds in reserve that the others do not.
    args[args.index("--steps") : args.index("--steps") + 2] = ["--max-minutes", "0.15", "--valid-every", "2"]
    status, out, err = finish(torchrun("--mode", "train", *args))  # the published command line
    assert status == 0, err[-3000:]
    assert '"stopped": "time budget"' in out
    assert load_checkpoint(root / "budget" / "dehaze.safetensors").metadata["training"]["steps"] > 0


def wait_for(path: Path, process: subprocess.Popen) -> None:
    deadline = time.monotonic() + LAUNCH_TIMEOUT
    while not path.exists():
        assert process.poll() is None, finish(process)[2][-3000:]
        assert time.monotonic() < deadline, f"{path} never appeared"
        time.sleep(0.2)


@pytest.mark.slow
def test_ctrl_c_in_one_process_stops_them_all_at_one_step_with_a_checkpoint(runs: tuple[Path, str, str]) -> None:
    root, _, _ = runs
    args = flags(root, root / "interrupted")
    args[args.index("--steps") + 1], args[args.index("--save-every") + 1] = "1000", "3"
    launch = torchrun("train", *args)
    wait_for(root / "interrupted" / "checkpoints" / "step_0000003.pt", launch)
    workers = psutil.Process(launch.pid).children(recursive=True)
    (rank_1,) = [worker for worker in workers if worker.environ().get("RANK") == "1"]
    os.kill(rank_1.pid, signal.SIGINT)  # as a scheduler warns one process before it preempts
    status, out, err = finish(launch)
    assert '"stopped": "interrupted"' in out and "]: Traceback" not in err, err[-3000:]  # no process failed
    state = torch.load(root / "interrupted" / "last.pt", weights_only=True)
    assert 3 <= state["step"] < 1000 and status != 0
