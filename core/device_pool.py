"""A batch spread over several devices: one worker process per device, fed from one queue of files.

Each worker loads the engine on its device and runs core.batch.run_batch over the files it is given, so a file is
read, restored, blended, skipped (skip-existing) and written (atomically) exactly as in a one-device batch. The
parent holds the queue and gives the next file to whichever worker has just finished one (not a fixed split: files
differ in size and devices in speed, and a hash split of a small batch can be very uneven); each worker has its
own inbox holding at most that one file, so the parent always knows which file a worker that dies was restoring.
It collects every result into one summary, and turns a cancel or Ctrl-C into a cancel of every worker.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import multiprocessing.connection
import os
import queue
import signal
import sys
import threading
import time
import traceback
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from core.batch import BatchSummary, InputItem, ItemResult, OutputOptions, run_batch
from core.errors import AKNetError, DeviceError, unexpected_reason
from core.progress import CancelToken, ProgressCallback, Status

ALL_GPUS = "all-gpus"
STOP_SECONDS = 30.0  # how long stopping workers may finish their current check before they are terminated


def device_list(spec: str | None) -> list[str] | None:
    """The devices of a --device value that names several ('cuda:0,cuda:1', 'all-gpus', 'cpu,cpu'), each checked
    to be there; None when it names one device. A DeviceError says which one is missing, before any work."""
    text = (spec or "").strip().lower()
    if text == ALL_GPUS:
        import torch

        count = torch.cuda.device_count() if torch.cuda.is_available() else 0
        if count == 0:
            raise DeviceError(
                "--device all-gpus: this machine has no CUDA GPU (or this build of PyTorch has no CUDA); "
                "use --device cpu or auto."
            )
        names = [f"cuda:{index}" for index in range(count)]
    elif "," in text:
        names = [name.strip() for name in text.split(",")]
    else:
        return None
    from core.devices import resolve_device

    devices: list[str] = []
    for name in names:
        if name in ("", "auto"):
            raise DeviceError(f"--device {spec}: name each device of the list (e.g. cuda:0,cuda:1), not '{name}'.")
        try:
            device = str(resolve_device(name))
        except DeviceError as exc:
            raise DeviceError(f"--device {spec}: {exc}") from None
        if device in devices and device != "cpu":  # two processes on one GPU only compete for its memory
            raise DeviceError(f"--device {spec}: {device} is listed twice; name each GPU once.")
        devices.append(device)
    return devices


def thread_shares(devices: list[str]) -> int:
    """The CPU threads each worker process may use: the cores divided among the workers (at least one)."""
    from core.devices import cpu_threads

    return max(1, cpu_threads() // len(devices))


def debug_reason(exc: Exception) -> str:
    """Why one photo failed on an error that is not one of the project's; AKNET_DEBUG=1 prints the traceback."""
    if os.environ.get("AKNET_DEBUG"):
        traceback.print_exception(exc, file=sys.stderr)
    return unexpected_reason(exc) + " (AKNET_DEBUG=1 shows the traceback)"


@dataclass(frozen=True)
class _Setup:
    """What every worker needs to build its engine and write its files (sent to each process once)."""

    task: str
    weights: Path | None
    tile: str | int
    threads: int
    options: OutputOptions
    precision: str = "auto"


def _stop_by_exiting(signum: int, frame: Any) -> None:
    raise SystemExit(128 + signum)  # unwinds through core.atomic, which removes a half-written temporary file


def _work(worker: int, device: str, setup: _Setup, inbox: Any, channel: Any, stop: Any) -> None:
    """A worker process: build the engine on `device`, then restore the files put in its `inbox` until None,
    telling the parent what happens through its own `channel` (the sending end of a pipe)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # a terminal's Ctrl-C reaches every process; the parent cancels
    signal.signal(signal.SIGTERM, _stop_by_exiting)
    parent = os.getppid()

    def tell(*message: Any) -> None:
        try:
            channel.send(message)
        except OSError:  # the parent is gone: stop (through SystemExit, so a partial file is removed)
            raise SystemExit(0) from None

    try:
        import torch

        from core.engine import create_restorer

        torch.set_num_threads(setup.threads)
        engine = create_restorer(
            setup.task, setup.weights, device, setup.tile, threads=setup.threads, precision=setup.precision
        )
        tell("ready", worker, engine.device_label, engine.description.get("task"))
    except Exception as exc:  # bad weights, a device that fails to start: the parent stops the batch
        tell("failed", worker, str(exc) if isinstance(exc, AKNetError) else unexpected_reason(exc))
        return
    taken: list[int] = []  # the batch's index of each file this worker took, in run_batch's order

    def files() -> Iterator[InputItem]:
        while True:
            try:
                job = inbox.get(timeout=1.0)
            except queue.Empty:
                if os.getppid() != parent:  # the parent died without telling us: stop
                    return
                continue
            if job is None:
                return
            index, item = job
            taken.append(index)
            yield item

    def on_start(local: int, item: InputItem) -> ProgressCallback:
        index, sent = taken[local], [-1]
        tell("start", worker, index)

        def progress(fraction: float, message: str) -> None:
            if int(fraction * 100) != sent[0]:  # one message per percent, not one per network block
                sent[0] = int(fraction * 100)
                tell("progress", worker, index, fraction, message)

        return progress

    def on_item(local: int, result: ItemResult) -> None:
        tell("item", worker, taken[local], result)

    run_batch(engine, files(), setup.options, setup.task, CancelToken(stop), on_start, on_item, debug_reason)
    tell("finished", worker)


@contextlib.contextmanager
def _interrupts_ignored() -> Iterator[None]:
    """Start workers with SIGINT ignored (inherited through exec), so that a Ctrl-C while they import torch
    does not print a traceback from each; each then ignores it itself and the parent cancels them."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


class _Pool:
    """The worker processes, an inbox for each (files) and a pipe from each (what happened).

    Nothing is shared between two workers: a worker killed in the middle of a message (SIGKILL, the
    out-of-memory killer) leaves only its own pipe unreadable, which then reads as closed."""

    def __init__(self, devices: list[str], setup: _Setup) -> None:
        context = multiprocessing.get_context("spawn")  # CUDA cannot be used in a forked child
        self.devices = devices
        self.inboxes = [context.Queue() for _ in devices]  # one reader each: a killed worker blocks no other
        pipes = [context.Pipe(duplex=False) for _ in devices]
        self.channels = [reader for reader, _ in pipes]
        self.open_channels = list(self.channels)
        self.waiting: deque[tuple] = deque()  # messages read but not yet handed on
        self.stop = context.Event()
        self.processes = [
            context.Process(
                target=_work,
                args=(worker, device, setup, self.inboxes[worker], pipes[worker][1], self.stop),
                name=f"aknet-restore-{device}-{worker}",
                daemon=True,
            )
            for worker, device in enumerate(devices)
        ]
        self.finished: set[int] = set()  # workers that said so, or died
        with _interrupts_ignored():
            for process in self.processes:
                process.start()
        for _, sending in pipes:
            sending.close()  # the workers hold theirs: a pipe whose worker is gone then reads as closed

    def next_event(self, timeout: float) -> tuple | None:
        """The next message from a worker, or None after `timeout` seconds."""
        if not self.waiting:
            if not self.open_channels:
                time.sleep(timeout)
                return None
            for channel in multiprocessing.connection.wait(self.open_channels, timeout):
                try:
                    self.waiting.append(channel.recv())
                except (EOFError, OSError):  # its worker has exited (perhaps in the middle of a message)
                    self.open_channels.remove(channel)
        return self.waiting.popleft() if self.waiting else None

    def dead(self) -> list[int]:
        """Workers that exited without saying they finished (killed, crashed), marked finished now."""
        gone = [w for w, p in enumerate(self.processes) if w not in self.finished and not p.is_alive()]
        self.finished.update(gone)
        return gone

    def end_of_files(self) -> None:
        """Tell every worker that no more files come."""
        for inbox in self.inboxes:
            inbox.put(None)

    def close(self) -> None:
        """Stop the workers that are still running (terminating those that do not stop in time) and clean up."""
        self.stop.set()
        self.end_of_files()
        deadline = time.monotonic() + STOP_SECONDS
        while any(p.is_alive() for p in self.processes) and time.monotonic() < deadline:
            self.next_event(0.1)  # a worker exits only once its last messages are read
        for process in self.processes:
            if process.is_alive():
                process.terminate()  # SIGTERM: the worker exits through SystemExit, removing a partial file
            process.join(5)
        for inbox in self.inboxes:
            inbox.cancel_join_thread()
            inbox.close()
        for channel in self.channels:
            channel.close()


def run_batch_on_devices(
    devices: list[str],
    items: Iterable[InputItem],
    options: OutputOptions,
    task: str,
    weights: str | Path | None = None,
    tile: str | int = "auto",
    cancel: CancelToken | None = None,
    on_ready: Callable[[list[str], str | None], None] | None = None,
    on_start: Callable[[int, InputItem], ProgressCallback | None] | None = None,
    on_item: Callable[[int, ItemResult], None] | None = None,
    precision: str = "auto",
) -> BatchSummary:
    """core.batch.run_batch with one worker process per device; the same callbacks, results in input order.

    The engines are loaded first: a failure to load one (bad weights, a device that does not start) stops
    everything with an AKNetError before any file is touched; then `on_ready(device labels, task the weights
    were trained for)`. Items are taken one at a time as a worker frees up, so a caller may add to them while
    the batch runs. A cancel (or Ctrl-C, re-raised once every worker has stopped) stops every worker within its
    next check; files not restored are marked cancelled. A worker that dies fails the file it held; the others
    go on.
    """
    weights_path = Path(weights) if weights is not None else None
    setup = _Setup(task, weights_path, tile, thread_shares(devices), options, precision)
    pool = _Pool(devices, setup)
    try:
        labels = _wait_until_ready(pool, cancel)
        if on_ready is not None:
            on_ready(labels[0], labels[1])
        return _hand_out(pool, iter(items), cancel, on_start, on_item)
    finally:
        pool.close()


def _wait_until_ready(pool: _Pool, cancel: CancelToken | None) -> tuple[list[str], str | None]:
    labels: dict[int, str] = {}
    trained_for = None
    while len(labels) < len(pool.devices):
        if cancel is not None:
            cancel.raise_if_cancelled()
        event = pool.next_event(0.2)
        if event is None:
            if pool.dead():
                raise AKNetError("A worker process stopped while loading the model; see the messages above.")
            continue
        if event[0] == "failed":
            raise AKNetError(f"On {pool.devices[event[1]]}: {event[2]}")
        if event[0] == "ready":
            labels[event[1]], trained_for = event[2], event[3]
    return [labels[worker] for worker in sorted(labels)], trained_for


def _hand_out(
    pool: _Pool,
    source: Iterator[InputItem],
    cancel: CancelToken | None,
    on_start: Callable[[int, InputItem], ProgressCallback | None] | None,
    on_item: Callable[[int, ItemResult], None] | None,
) -> BatchSummary:
    """Give each free worker the next file, pass on progress and results, until every file has its result."""
    given: list[InputItem] = []  # every file handed out, by index
    results: dict[int, ItemResult] = {}
    free = deque(range(len(pool.devices)))  # workers waiting for a file
    assigned: dict[int, int] = {}  # worker → index of the file it was given and has not finished
    progress: dict[int, ProgressCallback | None] = {}
    more = True

    def record(index: int, result: ItemResult) -> None:
        if index in results:
            return
        results[index] = result
        progress.pop(index, None)
        if on_item is not None:
            on_item(index, result)

    def handle(event: tuple) -> None:
        kind, worker = event[0], event[1]
        if kind == "start":
            progress[event[2]] = on_start(event[2], given[event[2]]) if on_start is not None else None
        elif kind == "progress":
            report = progress.get(event[2])
            if report is not None:
                report(event[3], event[4])
        elif kind == "item":
            record(event[2], event[3])
            if assigned.pop(worker, None) is not None and worker not in pool.finished:
                free.append(worker)
        elif kind == "finished":
            pool.finished.add(worker)

    def reap() -> None:
        gone = pool.dead()
        if gone:
            while (event := pool.next_event(0)) is not None:  # what they sent before they died comes first
                handle(event)
        for worker in gone:
            if worker in free:
                free.remove(worker)
            index = assigned.pop(worker, None)
            if index is not None:
                code = pool.processes[worker].exitcode
                reason = f"the worker process on {pool.devices[worker]} stopped (exit status {code})"
                record(index, ItemResult(given[index].path, None, Status.FAILED, reason))

    def stopping() -> bool:
        return pool.stop.is_set() or (cancel is not None and cancel.cancelled)

    checked = time.monotonic()
    try:
        while True:
            if stopping():
                pool.stop.set()
                if more:
                    more = False
                    pool.end_of_files()
            while more and free:
                item = next(source, None)
                if item is None:
                    more = False
                    pool.end_of_files()
                else:
                    worker = free.popleft()
                    assigned[worker] = len(given)
                    pool.inboxes[worker].put((len(given), item))
                    given.append(item)
            working = len(pool.devices) - len(pool.finished)
            if not assigned and (not more or not working):
                break
            event = pool.next_event(0.2)
            if event is not None:
                handle(event)
            if event is None or time.monotonic() - checked > 1.0:  # a busy worker's messages must not hide a dead one
                checked = time.monotonic()
                reap()
    except KeyboardInterrupt:
        pool.stop.set()  # every worker stops at its next check; pool.close waits for them
        raise
    # Files not handed out: cancelled after a cancel, failed when every worker has died.
    cancelled = (cancel is not None and cancel.cancelled) or pool.stop.is_set()
    for item in source:
        index = len(given)
        given.append(item)
        if cancelled:
            record(index, ItemResult(item.path, None, Status.CANCELLED, "cancelled"))
        else:
            record(index, ItemResult(item.path, None, Status.FAILED, "no worker process was left to restore it"))
    return BatchSummary([results[index] for index in range(len(given))])
