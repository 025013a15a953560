"""The worker: a QObject on its own QThread that loads engines and restores and saves images, one job
at a time from a queue, and reports what happened by signals. The UI thread never waits for it."""

from __future__ import annotations

import gc
import logging
import threading
import time
from collections import deque
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, Qt, Signal, Slot

from aknet_gui.core_text import core_text
from aknet_gui.crash_report import report_exception
from aknet_gui.display import to_float, to_uint16
from aknet_gui.jobs import (
    BatchJob,
    EngineFactory,
    EngineInfo,
    EngineRequest,
    Job,
    ListDevicesJob,
    LoadEngineJob,
    RestoreJob,
    RestoreResult,
    SaveJob,
)
from core.errors import AKNetError, CancelledError, unexpected_reason
from core.progress import ProgressCallback, Status

logger = logging.getLogger(__name__)


def create_engine(request: EngineRequest) -> Any:
    """The real engine for a request (imports torch: only ever call it off the UI thread)."""
    from core.engine import create_restorer

    return create_restorer(
        request.task, request.weights, device=request.device, tile=request.tile, precision=request.precision
    )


def unexpected_failure(exc: Exception, where: str) -> str:
    """The reason shown for an error that is not one of the project's: logged with its traceback, and reported in
    the crash dialog unless it is the machine's (memory, disk) rather than a bug."""
    if isinstance(exc, MemoryError | OSError):
        logger.error("%s failed", where, exc_info=exc)
    else:
        report_exception(exc, where)
    return unexpected_reason(exc)


def keep_collections_short() -> None:
    """Take every object alive now out of the garbage collector's view; objects made later are collected as usual.

    Called on the worker once torch and the model are loaded: their ~190,000 objects live as long as the app,
    and a full collection that walks them holds the interpreter lock for ~90 ms on a 2-core laptop, long
    enough for the window to miss frames whichever thread triggered it."""
    gc.freeze()


class _NoEngine:
    """Stands in for the engine until one is loaded: every photo of a batch fails, saying why."""

    last_report = None

    def restore(self, *args: Any, **kwargs: Any) -> Any:
        raise AKNetError(QCoreApplication.translate("RestoreWorker", "no model is loaded"))


class RestoreWorker(QObject):
    """Runs jobs in order on the thread it lives on; `submit` and `stop` may be called from any thread."""

    devicesListed = Signal(list)  # [(spec, name)]
    engineLoaded = Signal(object)  # EngineInfo
    engineFailed = Signal(object, str)  # EngineRequest, why
    jobStarted = Signal(int)  # entry
    progressChanged = Signal(int, float, str)  # entry, fraction, message
    restoreFinished = Signal(int, object)  # entry, RestoreResult
    restoreFailed = Signal(int, str)
    jobCancelled = Signal(int)
    itemFinished = Signal(int, object)  # entry, core.batch.ItemResult
    saveFinished = Signal(int, object)  # entry, Path written
    saveFailed = Signal(int, str)
    noticeRaised = Signal(str)  # something the user should know (e.g. the engine fell back on the CPU)
    queueEmptied = Signal()
    _wake = Signal()

    def __init__(self, engine_factory: EngineFactory | None = None) -> None:
        super().__init__()
        self._factory = engine_factory or create_engine
        self._lock = threading.Lock()
        self._queue: deque[Job] = deque()
        self._current: Job | None = None
        self._stopping = False
        self.engine: Any = None
        self.info: EngineInfo | None = None
        self._wake.connect(self._drain, Qt.ConnectionType.QueuedConnection)

    # Called from the UI thread ---------------------------------------------------------------------
    def submit(self, job: Job) -> None:
        """Queue a job; it runs after those already queued."""
        with self._lock:
            if self._stopping:
                return
            self._queue.append(job)
        self._wake.emit()

    def stop(self) -> None:
        """Cancel the running job and everything queued, and take no more (before quitting the thread)."""
        with self._lock:
            self._stopping = True
            for job in self._queue:
                job.cancel.cancel()
            self._queue.clear()
            if self._current is not None:
                self._current.cancel.cancel()

    def pending(self) -> int:
        """Jobs queued or running."""
        with self._lock:
            return len(self._queue) + (self._current is not None)

    # On the worker thread --------------------------------------------------------------------------
    @Slot()
    def _drain(self) -> None:
        ran = False
        while True:
            with self._lock:
                if self._stopping or not self._queue:
                    self._current = None
                    break
                job = self._current = self._queue.popleft()
            ran = True
            try:
                self._run(job)
            except Exception as exc:  # a bug in a job's handler: reported, and the next job still runs
                report_exception(exc, f"the worker ({type(job).__name__})")
        if ran and not self._stopping:
            self.queueEmptied.emit()

    def _run(self, job: Job) -> None:
        handlers = {
            ListDevicesJob: self._list_devices,
            LoadEngineJob: self._load_engine,
            RestoreJob: self._restore,
            BatchJob: self._batch,
            SaveJob: self._save,
        }
        handlers[type(job)](job)

    def _list_devices(self, job: ListDevicesJob) -> None:
        try:
            from core.devices import available_devices

            devices = [(info.spec, info.name) for info in available_devices()]
        except Exception as exc:  # a broken GPU driver must not stop the app: the CPU remains
            logger.error("could not list GPUs", exc_info=exc)
            self.noticeRaised.emit(self.tr("Could not list GPUs ({reason}); the CPU is available.").format(reason=exc))
            devices = [("cpu", "CPU")]
        logger.info("devices: %s", "; ".join(f"{spec} ({name})" for spec, name in devices))
        self._say_why_no_gpu()
        keep_collections_short()
        self.devicesListed.emit(devices)

    def _say_why_no_gpu(self) -> None:
        """No driver, or a CUDA build the driver does not support: the user is told the CPU runs instead."""
        from core.gpu_check import gpu_problem

        try:
            problem = gpu_problem()
        except Exception as exc:
            logger.error("could not tell why the GPU is unused", exc_info=exc)
            return
        if problem:
            logger.warning(problem)
            self.noticeRaised.emit(problem)

    def _load_engine(self, job: LoadEngineJob) -> None:
        if self.info is not None and self.info.request == job.request and self.engine is not None:
            self.engineLoaded.emit(self.info)
            return
        start = time.perf_counter()
        try:
            engine = self._factory(job.request)
        except AKNetError as exc:
            logger.warning("the model did not load (%s): %s", job.request, exc)
            self.engineFailed.emit(job.request, core_text(str(exc)))
            return
        except Exception as exc:  # the loader should raise CheckpointError; say something useful regardless
            weights = job.request.weights
            if weights is not None:  # a file the user chose that is not a checkpoint: logged, not a crash
                logger.error("the model did not load (%s)", job.request, exc_info=exc)
                message = self.tr(
                    "{file} could not be read as AKNet weights ({kind}: {detail}). "
                    "Choose an AKNet checkpoint (.pkl, .pth or .safetensors)."
                ).format(file=weights.name, kind=type(exc).__name__, detail=exc)
            else:
                message = self.tr("The model could not be loaded. {reason}").format(
                    reason=core_text(unexpected_failure(exc, "loading the bundled model"))
                )
            self.engineFailed.emit(job.request, message)
            return
        self.engine = engine
        keep_collections_short()
        self.info = EngineInfo(job.request, engine.device_label, engine.description, time.perf_counter() - start)
        logger.info("engine ready: %s on %s in %.2f s", job.request, engine.device_label, self.info.seconds)
        self.engineLoaded.emit(self.info)
        self._warm_up(engine)

    def _warm_up(self, engine: Any) -> None:
        """Run the new engine once on a small made-up photo (core.engine.warm_up) while the user picks photos, so
        that the first real one is not slowed by the first run's set-up; a failure here is only logged."""
        from core.engine import warm_up

        start = time.perf_counter()
        try:
            warm_up(engine)
        except Exception as exc:  # the real restore will meet and report the same problem, if it is one
            logger.warning("warming the model up failed: %s", exc)
            return
        logger.info("model warmed up in %.2f s", time.perf_counter() - start)

    def _fallback_since(self, before: Any) -> str:
        """What the engine fell back on in a run that ended after `before` was its report; the user is told."""
        report = getattr(self.engine, "last_report", None)
        fallback = (getattr(report, "fallback", "") or "") if report is not before else ""
        if fallback:
            self.noticeRaised.emit(fallback)
        return fallback

    def _note(self, name: str, note: str) -> str:
        """'scan.tif: the file holds 3 frames; only the first was restored.' in the user's language."""
        return self.tr("{file}: {note}.").format(file=name, note=core_text(note))

    def _progress(self, entry: int) -> ProgressCallback:
        def report(fraction: float, message: str) -> None:
            self.progressChanged.emit(entry, fraction, message)

        return report

    def _attempt(self, job: Job, failed: Signal, work: Callable[[], Any]) -> Any:
        """Run work(); on failure emit `failed(entry, reason)` (or jobCancelled) and return None."""
        if job.cancel.cancelled:
            self.jobCancelled.emit(job.entry)
            return None
        self.jobStarted.emit(job.entry)
        try:
            return work()
        except CancelledError:
            self.jobCancelled.emit(job.entry)
        except AKNetError as exc:
            logger.warning("%s failed: %s", _describe(job), exc)
            failed.emit(job.entry, core_text(str(exc)))
        except Exception as exc:
            failed.emit(job.entry, core_text(unexpected_failure(exc, _describe(job))))
        return None

    def _restore(self, job: RestoreJob) -> None:
        def work() -> RestoreResult:
            from core.batch import frames_note, restore_loaded
            from core.image.read import read_image

            engine = create_engine(EngineRequest(job.variant)) if job.variant else self.engine  # classic: no torch
            if engine is None:
                raise AKNetError(self.tr("No model is loaded. Choose a task with weights, or load a checkpoint."))
            start = time.perf_counter()
            progress = self._progress(job.entry)
            progress(0.0, self.tr("Reading"))
            loaded = read_image(job.path)
            if loaded.frames > 1:
                self.noticeRaised.emit(self._note(job.path.name, frames_note(loaded.frames)))
            before = getattr(engine, "last_report", None)
            restored = restore_loaded(engine, loaded, progress=progress, cancel=job.cancel)
            fallback = self._fallback_since(before) if engine is self.engine else ""
            job.cancel.raise_if_cancelled()
            report = getattr(engine, "last_report", None)
            return RestoreResult(
                restored=to_uint16(restored),
                seconds=time.perf_counter() - start,
                device_label=getattr(report, "device", "") or engine.device_label,
                fallback=fallback,
                variant=job.variant,
            )

        result = self._attempt(job, self.restoreFailed, work)
        if result is not None:
            logger.info("%s: done in %.2f s on %s", _describe(job), result.seconds, result.device_label)
            self.restoreFinished.emit(job.entry, result)

    def _batch(self, job: BatchJob) -> None:
        from core.batch import InputItem, ItemResult, run_batch

        entries = job.feed.entries
        engine = self.engine if self.engine is not None else _NoEngine()
        before: dict[int, Any] = {}  # the engine's last report as each started photo began

        def on_start(index: int, item: InputItem) -> ProgressCallback:
            before[index] = getattr(engine, "last_report", None)
            self.jobStarted.emit(entries[index])
            return self._progress(entries[index])

        def on_item(index: int, result: ItemResult) -> None:
            if index in before:
                self._fallback_since(before.pop(index))
            if result.note:
                self.noticeRaised.emit(self._note(result.input.name, result.note))
            log = logger.warning if result.status == Status.FAILED else logger.info
            log("batch %s: %s in %.2f s %s", result.input, result.status, result.seconds, result.error or "")
            self.itemFinished.emit(entries[index], result)

        status, reason = Status.FAILED, "the batch stopped"
        try:  # the strength is in job.options: run_batch blends and writes; anything unexpected fails one photo
            if job.devices:
                self._batch_on_devices(job, on_start, on_item)
            else:
                run_batch(
                    engine,
                    job.feed,
                    job.options,
                    job.task,
                    job.cancel,
                    on_start,
                    on_item,
                    unexpected=lambda exc: unexpected_failure(exc, "a batch photo"),
                )
        except CancelledError:  # while the worker processes were starting
            status, reason = Status.CANCELLED, "cancelled"
        except AKNetError as exc:  # the worker processes could not start (e.g. a device failed to load the model)
            reason = str(exc)
            text = self.tr("The batch could not run on {devices}: {reason}")
            self.noticeRaised.emit(text.format(devices=", ".join(job.devices), reason=core_text(str(exc))))
        finally:
            for entry, item in job.feed.close():  # only when the batch broke off: none is left waiting
                self.itemFinished.emit(entry, ItemResult(item.path, None, status, reason))

    def _batch_on_devices(self, job: BatchJob, on_start: Callable, on_item: Callable) -> None:
        from core.device_pool import run_batch_on_devices

        run_batch_on_devices(
            list(job.devices),
            job.feed,
            job.options,
            job.task,
            job.weights,
            precision=job.precision,
            cancel=job.cancel,
            on_start=on_start,
            on_item=on_item,
        )

    def _save(self, job: SaveJob) -> None:
        def work() -> Path:
            from core.batch import blend, refuse_original
            from core.image.read import read_image
            from core.image.write import write_image

            refuse_original(job.path, job.output)
            loaded = read_image(job.path)
            if job.restored is None or loaded.rgb.shape != job.restored.shape:
                text = self.tr("{file} changed on disk since it was restored; restore it again.")
                raise AKNetError(text.format(file=job.path.name))
            blended = blend(loaded.rgb, to_float(job.restored), job.strength)  # as restore_file blends
            return write_image(
                job.output,
                blended,
                like=loaded,
                bit_depth=job.bit_depth,
                quality=job.quality,
                overwrite=job.overwrite,
                provenance=job.provenance,
                strip_metadata=job.strip_metadata,
            )

        written = self._attempt(job, self.saveFailed, work)
        if written is not None:
            logger.info("%s: wrote %s", _describe(job), written)
            self.saveFinished.emit(job.entry, written)


def _describe(job: Job) -> str:
    """A job for the log: 'restore of /photos/a.jpg'."""
    kind = type(job).__name__.removesuffix("Job").lower()
    path = getattr(job, "path", None)
    return f"{kind} of {path}" if path is not None else kind
