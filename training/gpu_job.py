"""One prepared command that turns a short slot on a borrowed GPU into trained weights for every task
(`scripts/gpu_job.sh`, a thin wrapper of `python -m training.gpu_job`):

    scripts/gpu_job.sh prepare            here: build .gpu/pack, print the one-line command and what to carry
    scripts/gpu_job.sh run --out DIR      there: train dehaze, desnow and defocus at once, validate, check
    scripts/gpu_job.sh --dry-run DIR      here: the same job on the CPU, a few steps at tiny sizes
    scripts/gpu_job.sh merge DIR          here: keep what came back where it beats the bundled weights

The three tasks train in three processes on the one GPU. The tiny network at 160² crops is too small to fill
an H200: a step is bound by Python launching kernels, one core per process, so separate processes (each with
its own interpreter, launch thread and data workers) step in parallel where one process would take turns;
a task that fails or runs out of memory also leaves the others running. Each process starts from the
previous round's state (pack/resume/<task>.state.pt), else from the bundled weights
(resources/weights/<task>.safetensors, with their input prior and architecture), else afresh; trains with
bf16 autocast (where the GPU has it) and channels-last until a wall-clock time; validates on the held-out
photos; and exports fp16 weights with their metadata. Data echoing (training.gpu_echo) keeps the GPU stepping
while the CPUs synthesise degradations. After training, scripts/gpu_checks.py runs within what is left of the
deadline. At most 8 files come back: <task>.safetensors and <task>.state.pt for each task, gpu_job.json
(steps per second, losses, validation) and gpu_checks.json."""

from __future__ import annotations

import argparse
import datetime as _dt
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from core.errors import AKNetError
from training.gpu_pack import (
    COPY_LIMIT,
    DEFAULT_PACK,
    REPO,
    job_command,
    pack_argument,
    prepare,
    read_manifest,
)
from training.gpu_run import check_out, deliver, export_leftover, gpu_checks, launch, machine, stop
from training.gpu_task import task_config, task_start, train_one, write_json
from training.tasks import TRAINABLE_TASKS

JOB_FORMAT = "aknet-gpu-job/1"
WORKER_SHARE = {"dehaze": 3, "desnow": 1, "defocus": 1}  # set when dehaze ran the dark channel prior per sample


def _now() -> str:
    return _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds")


def _tail(path: Path, characters: int = 1500) -> str:
    try:
        return Path(path).read_text(encoding="utf-8", errors="replace")[-characters:]
    except OSError:
        return ""


def split_workers(total: int, tasks: list[str]) -> dict[str, int]:
    """Data workers per task: `total` shared by WORKER_SHARE, at least one each."""
    shares = {task: WORKER_SHARE.get(task, 1) for task in tasks}
    whole = sum(shares.values())
    workers = {task: max(1, total * share // whole) for task, share in shares.items()}
    leftover = total - sum(workers.values())
    if leftover > 0:
        workers[max(shares, key=shares.get)] += leftover  # type: ignore[arg-type]
    return workers


def run_job(args: argparse.Namespace) -> int:
    """The job on the GPU machine (or, with --dry-run, a rehearsal on the CPU); returns the exit status."""
    job_start = time.time()
    train_until = job_start + args.minutes * 60
    deadline = job_start + args.deadline_minutes * 60
    pack = Path(args.pack).resolve()
    manifest = read_manifest(pack)
    out = Path(args.out).resolve()
    out.mkdir(parents=True, exist_ok=True)
    leftover = [p.name for p in out.iterdir()]
    if leftover:
        raise AKNetError(f"{out} is not empty ({', '.join(leftover[:4])}); give an empty folder.")
    import torch

    if args.device == "auto" and not torch.cuda.is_available():
        raise AKNetError("No CUDA device here: rehearse on the CPU with `scripts/gpu_job.sh --dry-run DIR`.")
    keep_work = args.work is not None
    work = Path(args.work).resolve() if keep_work else Path(tempfile.mkdtemp(prefix="aknet-gpu-job-"))
    tasks = args.tasks
    cpus = os.cpu_count() or 1
    workers = split_workers(args.workers or max(len(tasks), cpus - len(tasks) - 1), tasks)
    if args.device == "cpu" and not args.workers:
        workers = dict.fromkeys(tasks, 0)
    job_id = _dt.datetime.now(_dt.timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    log: dict[str, Any] = {
        "format": JOB_FORMAT,
        "id": job_id,
        "dry_run": args.dry_run,
        "started": _now(),
        "machine": machine(args.device),
        "settings": {
            "minutes": args.minutes,
            "deadline_minutes": args.deadline_minutes,
            "tasks": tasks,
            "batch": args.batch_size,
            "crop": args.crop_size,
            "learning_rate": args.learning_rate,
            "steps": args.steps,
            "max_reuse": args.max_reuse,
            "echo_margin": args.echo_margin,
            "workers": workers,
            "device": args.device,
            "amp": args.amp,
        },
        "pack": {
            "source": manifest["source"],
            "max_side": manifest["max_side"],
            "jpeg": manifest["jpeg"],
            "held_out": manifest["held_out"],
            "bytes": manifest["bytes"],
        },
        "tasks": {},
    }
    print(f"gpu_job {job_id}: {', '.join(tasks)} on {log['machine']['device']} until +{args.minutes:g} min", flush=True)
    processes: dict[str, tuple[subprocess.Popen, Any]] = {}
    env = {**os.environ, "PYTHONPATH": str(REPO) + os.pathsep + os.environ.get("PYTHONPATH", "")}
    for task in tasks:
        start = task_start(task, pack, Path(args.weights_dir).resolve(), use_init=not args.scratch)
        values = task_config(task, start, pack, manifest, args, workers[task], work)
        (work / task).mkdir(parents=True, exist_ok=True)
        spec = {
            "config": values,
            "margin": args.echo_margin,
            "max_reuse": args.max_reuse,
            "threads": 1 if args.device == "cpu" else 2,
            "train_until": train_until,
            "result": str(work / task / "result.json"),
            "pack": {"source": manifest["source"], "max_side": manifest["max_side"], "jpeg": manifest["jpeg"]},
        }
        spec_path = write_json(work / task / "spec.json", spec)
        log["tasks"][task] = {
            "start": {k: start[k] for k in ("kind", "path", "step")},
            "recipe": {
                "folders": [folder.rpartition("/")[2] for folder in values["clean_dirs"]],
                "seed": values["seed"],
                "valid_count": values["valid_count"],
                "valid_size": values["valid_size"],
                "input_prior": values["input_prior"],
                "model": values["model"],
                "network": start.get("network"),
            },
        }
        processes[task] = launch(spec_path, work / task / "job.log", env)
        origin = f"{start['kind']} {start['path'] or ''}".strip()
        print(f"  {task}: started from {origin} ({workers[task]} data workers)", flush=True)

    grace = args.grace
    interrupted: set[str] = set()
    while True:
        now = time.time()
        for task in list(processes):
            process, handle = processes[task]
            if process.poll() not in (None, 0) and "retry" not in log["tasks"][task] and now < train_until - 60:
                # A failed task gets one more try in the plainest settings (float32, contiguous layout), so
                # that a precision or layout problem costs one task a minute rather than the whole slot.
                handle.close()
                log["tasks"][task]["retry"] = {"returncode": process.returncode, "log_tail": _tail(handle.name)}
                spec = json.loads((work / task / "spec.json").read_text(encoding="utf-8"))
                spec["config"].update(amp="off", channels_last=False, compile=False)
                for name in ("best.pt", "last.pt"):
                    (work / task / name).unlink(missing_ok=True)
                shutil.rmtree(work / task / "checkpoints", ignore_errors=True)
                spec_path = write_json(work / task / "spec_retry.json", spec)
                processes[task] = launch(spec_path, work / task / "job_retry.log", env)
                print(f"  {task}: failed (exit {process.returncode}); trying again in float32", flush=True)
                continue
            if process.poll() is not None:
                continue
            if now > train_until + 2 * grace:
                stop(process, signal.SIGKILL)
            elif now > train_until + grace and task not in interrupted:
                stop(process, signal.SIGINT)  # the trainer stops after this step, saves and returns
                interrupted.add(task)
        if all(process.poll() is not None for process, _ in processes.values()):
            break
        time.sleep(0.5)
    training_done = time.time()

    total_steps = 0
    for task, (process, handle) in processes.items():
        handle.close()
        entry = log["tasks"][task]
        result_path = work / task / "result.json"
        if process.returncode == 0 and result_path.is_file():
            record = json.loads(result_path.read_text(encoding="utf-8"))
        else:
            record = {"status": "failed", "returncode": process.returncode, **export_leftover(task, work / task)}
        record["log_tail"] = _tail(Path(handle.name))
        entry.update(record)
        entry["files"] = deliver(out, task, record)
        total_steps += int(record.get("steps") or 0)
        for key in ("weights", "state"):
            entry.pop(key, None)
        summary = f"  {task}: {entry['status']}, {record.get('steps', '?')} steps, {record.get('steps_per_second')} /s"
        if record.get("validation"):
            summary += f", held-out PSNR {record['validation']['psnr']:.2f} dB"
        print(summary, flush=True)
        if entry["status"] != "ok":
            print(record["log_tail"][-800:], flush=True)
    log["total_steps"] = total_steps
    log["timeline"] = {"training_s": round(training_done - job_start, 1)}
    write_json(out / "gpu_job.json", log)  # on record before the checks, in case the command is cut short

    seconds_left = deadline - time.time() - 10
    log["gpu_checks"] = gpu_checks(out, pack, seconds_left, args.device)
    log["timeline"]["gpu_checks_s"] = log["gpu_checks"].get("seconds")
    log["timeline"]["total_s"] = round(time.time() - job_start, 1)
    log["finished"] = _now()
    log["files"] = {}  # the other files that come back, with their sizes
    write_json(out / "gpu_job.json", log)
    log["files"] = {name: size for name, size in check_out(out).items() if name != "gpu_job.json"}
    write_json(out / "gpu_job.json", log)
    check_out(out)
    if not keep_work:
        shutil.rmtree(work, ignore_errors=True)
    print(
        f"gpu_job {job_id}: {total_steps} steps in all; gpu_checks {log['gpu_checks']['status']}; "
        f"{len(log['files']) + 1} files in {out}; {log['timeline']['total_s']} s",
        flush=True,
    )
    return 0 if all(entry.get("status") == "ok" for entry in log["tasks"].values()) else 1


# ---- the command line --------------------------------------------------------------------------------
DRY_RUN = {"steps": 3, "crop_size": 32, "batch_size": 2, "valid_size": 64, "echo_margin": 8, "minutes": 5.0}
GPU_RUN = {"steps": None, "crop_size": 160, "batch_size": 8, "valid_size": 512, "echo_margin": 32, "minutes": 7.5}


def _run_defaults(args: argparse.Namespace) -> argparse.Namespace:
    defaults = DRY_RUN if args.dry_run else GPU_RUN
    for key, value in defaults.items():
        if getattr(args, key) is None:
            setattr(args, key, value)
    if args.dry_run:
        args.out, args.device = args.dry_run, "cpu"
        args.deadline_minutes = max(args.deadline_minutes, args.minutes + 2)
    if not args.out:
        raise AKNetError('Say where the files go: --out DIR (on the GPU machine: --out "$OUT").')
    if args.deadline_minutes <= args.minutes:
        raise AKNetError("--deadline-minutes must be later than --minutes (gpu_checks and exporting follow).")
    unknown = [task for task in args.tasks if task not in TRAINABLE_TASKS]
    if unknown:
        raise AKNetError(f"Unknown task {', '.join(unknown)}; choose from {', '.join(TRAINABLE_TASKS)}.")
    return args


def build_parser() -> argparse.ArgumentParser:
    """`python -m training.gpu_job prepare | run | merge` (and the internal train-one)."""
    parser = argparse.ArgumentParser(prog="scripts/gpu_job.sh", description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)

    prep = commands.add_parser("prepare", help="build the data pack and print the command to run on the GPU")
    prep.add_argument("--pack", default=str(REPO / DEFAULT_PACK), help=f"pack folder (default {DEFAULT_PACK})")
    prep.add_argument("--clean-root", type=Path, help="folder of the clean photo folders (default ../shared/clean)")
    prep.add_argument("--fixtures", type=Path, help="reference fixtures (default ../shared/fixtures)")
    prep.add_argument("--folders", help="comma-separated photo folders, in the recipe's order")
    prep.add_argument("--extra", action="append", default=[], metavar="DIR[:N]",
                      help="training-only photos (aknet train --extra-clean), e.g. data/clean/debian:3")  # fmt: skip
    prep.add_argument("--max-side", type=int, default=768, help="shrink photos to this long side (default 768)")
    prep.add_argument("--quality", type=int, default=90, help="JPEG quality (default 90)")
    prep.add_argument("--subsampling", choices=("4:4:4", "4:2:2", "4:2:0"), default="4:2:0")
    prep.add_argument("--previous", type=Path, help="a folder that came back: resume from its <task>.state.pt")
    prep.add_argument("--minutes", type=float, default=GPU_RUN["minutes"], help="training minutes there")
    prep.add_argument("--deadline-minutes", type=float, default=9.5, help="the job ends by then (default 9.5)")

    run = commands.add_parser("run", help="train every task on this machine's GPU (or rehearse with --dry-run)")
    run.add_argument("--out", help="folder for the files that come back (at most 8, each ≤ 16 MiB)")
    run.add_argument("--dry-run", metavar="OUTDIR", help="rehearse on the CPU: a few steps at tiny sizes into OUTDIR")
    run.add_argument("--pack", default=str(REPO / DEFAULT_PACK), help=f"data pack (default {DEFAULT_PACK})")
    run.add_argument("--weights-dir", default=str(REPO / "resources" / "weights"), help="bundled weights to start from")
    run.add_argument("--scratch", action="store_true", help="start afresh (no previous state, no bundled weights)")
    run.add_argument(
        "--tasks", type=lambda text: text.split(","), default=list(TRAINABLE_TASKS), help="comma-separated"
    )
    run.add_argument("--minutes", type=float, help="wall-clock training window from the start (default 7.5)")
    run.add_argument("--deadline-minutes", type=float, default=9.5, help="everything done by then (default 9.5)")
    run.add_argument("--grace", type=float, default=40.0, help="seconds past the window before stopping a task")
    run.add_argument("--model", choices=("tiny", "small", "published"), default="tiny", help="preset when afresh")
    run.add_argument("--batch-size", type=int)
    run.add_argument("--crop-size", type=int)
    run.add_argument("--learning-rate", type=float, default=3e-4)
    run.add_argument("--steps", type=int, help="stop each task after N steps (default: by time)")
    run.add_argument("--valid-size", type=int, help="centre crop of the held-out photos (default 512)")
    run.add_argument("--valid-every", type=int, default=2500, help="validate and save every N steps")
    run.add_argument("--log-every", type=int, default=50)
    run.add_argument("--max-reuse", type=int, default=3, help="data echoing: uses of a batch beyond the first")
    run.add_argument("--echo-margin", type=int, help="loader crops this much larger than the training crop")
    run.add_argument("--workers", type=int, help="data workers in all (default: CPUs less one per task, less one)")
    run.add_argument("--device", default="auto", help="auto (CUDA), cuda:N or cpu")
    run.add_argument("--amp", choices=("auto", "bf16", "fp16", "off"), default="auto", help="bf16 where supported")
    run.add_argument("--compile", action="store_true", help="torch.compile each model (untried on the H200)")
    run.add_argument("--work", help="keep the run folders here (default: a temporary folder, removed)")

    merge = commands.add_parser("merge", help="import returned weights that beat the bundled ones; log timings")
    merge.add_argument("folder", type=Path, help="the folder that came back")
    merge.add_argument("--weights-dir", type=Path, default=REPO / "resources" / "weights")
    merge.add_argument("--clean-root", type=Path, help="held-out photos from here (default: the pack's source)")
    merge.add_argument("--performance", type=Path, help="append the timings here (default docs/performance.md)")
    merge.add_argument("--no-performance", action="store_true", help="do not append the timings")
    merge.add_argument("--report", type=Path, help="also write the decisions as JSON here")

    one = commands.add_parser("train-one", help=argparse.SUPPRESS)
    one.add_argument("spec", type=Path)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    from core.cli import run_at_edge

    args = build_parser().parse_args(argv)
    if args.command == "prepare":

        def action() -> int:
            folders = args.folders.split(",") if args.folders else None
            manifest = prepare(
                Path(args.pack),
                args.clean_root,
                args.fixtures,
                folders,
                args.max_side,
                args.quality,
                args.subsampling,
                args.previous,
                args.minutes,
                args.deadline_minutes,
                extra=args.extra,
            )
            size = manifest["bytes"]
            print(
                f"Pack {pack_argument(Path(args.pack))}: photos {size['clean'] / 2**20:.1f} MiB (training-only "
                f"{size['extra'] / 2**20:.1f} MiB), fixtures "
                f"{size['fixtures'] / 2**20:.1f} MiB, resume {size['resume'] / 2**20:.1f} MiB; with the "
                f"repository {size['total'] / 2**20:.1f} of {COPY_LIMIT / 2**20:.0f} MiB. Held out "
                f"(seed {manifest['held_out']['seed']}): {', '.join(manifest['held_out']['photos'])}"
            )
            print(f"carry: {json.dumps(manifest['carry'])}")
            print(f"command ({len(manifest['command'])} characters):")
            print(manifest["command"])
            return 0

        return run_at_edge(action)
    if args.command == "run":
        return run_at_edge(lambda: run_job(_run_defaults(args)))
    if args.command == "merge":
        from training.gpu_merge import merge

        return run_at_edge(
            lambda: merge(
                args.folder,
                args.weights_dir,
                args.clean_root,
                None if args.no_performance else (args.performance or REPO / "docs" / "performance.md"),
                explicit_performance=args.performance is not None,
                report=args.report,
            )
        )
    return run_at_edge(lambda: train_one(args.spec))


if __name__ == "__main__":
    sys.exit(main())


__all__ = ["job_command", "main", "prepare", "run_job", "split_workers", "train_one"]
