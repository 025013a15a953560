"""The GPU job's housekeeping around its task processes (training.gpu_job.run_job): the machine's
description, starting and stopping a task's process, rescuing the weights of one that ran out of time,
delivering each task's files into the folder that comes back within the runner's limits, and running
scripts/gpu_checks.py in what is left of the deadline."""

from __future__ import annotations

import contextlib
import os
import platform
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from core.errors import AKNetError
from training.gpu_pack import REPO, strip_moments
from training.gpu_task import write_json

FILE_LIMIT = 16 * 2**20  # bytes per file that comes back
FILE_COUNT = 8  # files that come back


def machine(device: str) -> dict[str, Any]:
    import torch

    info: dict[str, Any] = {
        "python": platform.python_version(),
        "torch": str(torch.__version__),
        "cpus": os.cpu_count(),
        "platform": platform.platform(terse=True),
    }
    if device != "cpu" and torch.cuda.is_available():
        props = torch.cuda.get_device_properties(0)
        info.update(
            device=torch.cuda.get_device_name(0),
            gpu_memory_gb=round(props.total_memory / 2**30, 1),
            cuda=torch.version.cuda,
            bf16=torch.cuda.is_bf16_supported(),
        )
    else:
        info["device"] = "CPU"
    return info


def launch(spec_path: Path, log_path: Path, env: dict[str, str]) -> tuple[subprocess.Popen, Any]:
    """Start one task's process (`train-one`), its output going to `log_path`."""
    handle = open(log_path, "w", encoding="utf-8")  # noqa: SIM115 - closed by the caller when the process ends
    command = [sys.executable, "-m", "training.gpu_job", "train-one", str(spec_path)]
    return subprocess.Popen(command, cwd=REPO, env=env, stdout=handle, stderr=subprocess.STDOUT), handle


def stop(process: subprocess.Popen, sig: int) -> None:
    if process.poll() is None:
        with contextlib.suppress(ProcessLookupError):
            process.send_signal(sig)


def export_leftover(task: str, folder: Path) -> dict[str, Any]:
    """Weights and state from the periodic checkpoint of a task whose process did not finish in time."""
    from training.export import export_state
    from training.state import load_training_checkpoint, save_checkpoint

    last = folder / "last.pt"
    if not last.is_file():
        return {}
    state = load_training_checkpoint(last)
    state.pop("format", None)
    best = folder / "best.pt"
    source = load_training_checkpoint(best) if best.is_file() else state
    weights = export_state(source, folder / f"{task}.safetensors")
    return {"weights": str(weights), "state": str(save_checkpoint(folder / f"{task}.state.pt", state))}


def deliver(out: Path, task: str, record: dict[str, Any]) -> dict[str, Any]:
    """Copy a task's weights and state into `out` (the state without optimiser moments if it is too large)."""
    files: dict[str, Any] = {}
    if record.get("weights") and Path(record["weights"]).is_file():
        target = out / f"{task}.safetensors"
        shutil.copyfile(record["weights"], target)
        files["weights"] = target.name
    if record.get("state") and Path(record["state"]).is_file():
        target = out / f"{task}.state.pt"
        shutil.copyfile(record["state"], target)
        files["state_moments"] = True
        if target.stat().st_size > FILE_LIMIT:
            strip_moments(target)
            files["state_moments"] = False
        if target.stat().st_size > FILE_LIMIT:
            target.unlink()
        else:
            files["state"] = target.name
    return files


def gpu_checks(out: Path, pack: Path, seconds_left: float, device: str) -> dict[str, Any]:
    """Run scripts/gpu_checks.py into out/gpu_checks.json within `seconds_left`; say what happened."""
    import torch

    target = out / "gpu_checks.json"
    fixtures = pack / "fixtures"
    reason = None
    if device == "cpu" or not torch.cuda.is_available():
        reason = "no CUDA device (dry run on the CPU)"
    elif not (fixtures / "aknet_reference_weights.pkl").is_file():
        reason = f"no reference fixtures in {fixtures}"
    elif seconds_left < 45:
        reason = f"only {seconds_left:.0f} s left before the deadline"
    if reason:
        write_json(target, {"skipped": reason})
        return {"status": "skipped", "reason": reason}
    command = [sys.executable, str(REPO / "scripts" / "gpu_checks.py"), "--fixtures", str(fixtures)]
    command += ["--json", str(target)]
    env = {**os.environ, "PYTHONPATH": str(REPO) + os.pathsep + os.environ.get("PYTHONPATH", "")}
    started = time.time()
    try:
        done = subprocess.run(command, cwd=REPO, env=env, capture_output=True, text=True, timeout=seconds_left)
    except subprocess.TimeoutExpired as exc:
        output = (exc.stdout or b"")[-1500:] if isinstance(exc.stdout, bytes) else (exc.stdout or "")[-1500:]
        write_json(target, {"timed_out_after_s": round(seconds_left), "output_tail": str(output)})
        return {"status": "timed out", "seconds": round(time.time() - started, 1)}
    status = {"status": "ok" if done.returncode == 0 else "failed", "seconds": round(time.time() - started, 1)}
    if done.returncode != 0 or not target.is_file():
        status["status"] = "failed"
        write_json(target, {"failed": done.returncode, "output_tail": (done.stdout + done.stderr)[-3000:]})
    return status


def check_out(out: Path) -> dict[str, int]:
    """The files in `out` and their sizes; an error when more than FILE_COUNT or one over FILE_LIMIT."""
    files = {p.name: p.stat().st_size for p in sorted(Path(out).iterdir()) if p.is_file()}
    if len(files) > FILE_COUNT:
        raise AKNetError(f"{out} holds {len(files)} files; only {FILE_COUNT} come back.")
    large = [name for name, size in files.items() if size > FILE_LIMIT]
    if large:
        raise AKNetError(f"Over {FILE_LIMIT // 2**20} MiB, these would not come back: {', '.join(large)}")
    return files
