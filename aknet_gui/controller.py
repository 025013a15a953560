"""The controller: the engine choice and runs (restore, batch, save, export) over the session's images.
It talks to the worker thread and tells the widgets what changed; widgets never see the worker."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import numpy as np
from PySide6.QtCore import QObject, QThread, Signal

from aknet_gui.ab_compare import ABCompare, result_key
from aknet_gui.core_text import core_text
from aknet_gui.engine_choice import EngineChoice
from aknet_gui.jobs import (
    BatchFeed,
    BatchJob,
    EngineFactory,
    ListDevicesJob,
    RestoreJob,
    RestoreResult,
    SaveJob,
)
from aknet_gui.runs import Entry, Run, output_options, summary_report
from aknet_gui.session import Session
from aknet_gui.settings import OutputSettings, Settings
from aknet_gui.worker import RestoreWorker
from core.batch import InputItem, ItemResult, is_original, output_path_for
from core.comparison import model_name, result_label
from core.errors import AKNetError
from core.image.provenance import Provenance, provenance_for
from core.progress import Status
from core.tasks import TASKS


class Controller(QObject):
    """The engine choice and runs over a session's images, all heavy work going through the worker thread.

    `session` holds the images (what was opened, its status and results, what is shown); the controller
    changes their status as runs go and forwards the session's notices as its own.
    """

    noticeRaised = Signal(str, str)  # level ('info' | 'warning' | 'error'), message
    engineChanged = Signal()  # engine state, message or info changed
    devicesChanged = Signal(list)  # [(spec, name)]
    busyChanged = Signal(bool)
    progressChanged = Signal(float, str)  # fraction of the run, text with the time left
    runFinished = Signal(str, str)  # run kind, summary report

    def __init__(
        self, settings: Settings, engine_factory: EngineFactory | None = None, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self.settings = settings
        self.session = Session(settings, self)
        self.session.noticeRaised.connect(self.noticeRaised)
        self.session.entriesOpened.connect(self._opened)
        self.ab = ABCompare(self.session, self)
        self.ab.computeRequested.connect(self._compute_variant)
        self.run: Run | None = None
        self.last_run: Run | None = None  # the run that ended last (for the finished-run alert)
        self.strength = 1.0

        self.thread = QThread(self)
        self.thread.setObjectName("aknet-worker")
        self.worker = RestoreWorker(engine_factory)
        self.worker.moveToThread(self.thread)
        self.thread.finished.connect(self.worker.deleteLater)
        self.engine = EngineChoice(settings, self.worker, self)
        self.engine.changed.connect(self.engineChanged)
        self.engine.devicesChanged.connect(self.devicesChanged)
        self.engine.noticeRaised.connect(self.noticeRaised)
        w = self.worker
        w.jobStarted.connect(self._job_started)
        w.progressChanged.connect(self._job_progress)
        w.restoreFinished.connect(self._restore_finished)
        w.restoreFailed.connect(self._restore_failed)
        w.jobCancelled.connect(self._job_cancelled)
        w.itemFinished.connect(self._item_finished)
        w.saveFinished.connect(self._save_finished)
        w.saveFailed.connect(self._save_failed)
        w.noticeRaised.connect(self._worker_notice)
        self.session.scanner.scanned.connect(self._batch_found)
        self.thread.start()

    def start(self) -> None:
        """Ask the worker for the devices and load the chosen engine (call once the window shows)."""
        self.worker.submit(ListDevicesJob())
        self.engine.request()

    def shutdown(self) -> None:
        """Cancel everything, stop the worker thread and the loader, delete spilled results."""
        self.worker.stop()
        self.thread.quit()
        self.thread.wait(30_000)
        self.session.close_session()
        self.ab.close()

    def remove(self, entry: int) -> None:
        """Take an image out of the session, unless a run uses it (its images stay until it ends)."""
        if self.run is None or entry not in self.run.entries:
            self.session.remove(entry)
            self.ab.forget(entry)

    def _opened(self, added: list[int]) -> None:
        """Images the user opened join a running restore or batch."""
        if self.run is not None and self.run.kind in ("restore", "batch"):
            self._extend_run(added)
            if self.run.kind == "batch":
                text = self.tr("Added {count} image(s) to the running batch.")
            else:
                text = self.tr("Added {count} image(s) to the running restore.")
            self.noticeRaised.emit("info", text.format(count=len(added)))

    # Runs -------------------------------------------------------------------------------------------
    def busy(self) -> bool:
        """Whether a run is in progress."""
        return self.run is not None

    def _begin(self, run: Run) -> None:
        self.run = run
        self.busyChanged.emit(True)
        self.progressChanged.emit(0.0, run.progress_text())

    def _start_run(self, run: Run, entries: list[int]) -> None:
        self._begin(run)
        self._extend_run(entries)
        if run.done:
            self._finish_run()

    def _extend_run(self, entries: list[int]) -> None:
        run = self.run
        assert run is not None
        for entry in entries:
            item = self.session.entries[entry]
            run.entries.append(entry)
            item.status, item.message = Status.WAITING, ""
            self.session.entryChanged.emit(entry)
            if run.kind == "restore":
                self.worker.submit(RestoreJob(entry, run.cancel, path=item.path))
            elif run.kind == "batch":
                self._submit_batch_item(run, item)

    def _submit_batch_item(self, run: Run, item: Entry) -> None:
        photo = InputItem(item.path, item.relative_dir)  # core refuses an output that is the original
        if run.feed is None or not run.feed.add(item.id, photo):  # the worker finished the feed: start another
            run.feed = BatchFeed()
            run.feed.add(item.id, photo)
            job = BatchJob(cancel=run.cancel, feed=run.feed, options=run.options, task=run.task)
            job.devices, job.weights, job.precision = run.devices, run.weights, self.engine.precision
            self.worker.submit(job)

    def restore_current(self) -> None:
        """Restore the image shown."""
        if self.session.current in self.session.entries:
            self.restore([self.session.current])

    def restore_all(self) -> None:
        """Restore every image of the session that has no result yet (all of them if all have one)."""
        pending = [i for i in self.session.order if not self.session.has_result(i)]
        self.restore(pending or list(self.session.order))

    def restore(self, entries: list[int]) -> None:
        """Restore images into memory, one after another."""
        if self.busy() or not entries or not self.engine.ready():
            return
        self._start_run(Run("restore", task=self.engine.task, strength=self.strength), entries)

    def _compute_variant(self, entry: int, variant: str) -> None:
        """Restore a photo with a classic task for an A/B comparison, keeping its own result as it is."""
        if self.busy() or entry not in self.session.entries:
            self.ab.compute_ended(entry, variant)
            if self.busy():
                text = self.tr("{method} is computed once the running work ends; choose it again then.")
                self.noticeRaised.emit("info", text.format(method=core_text(TASKS[variant].label)))
            return
        run = Run("compare", task=variant)
        self._begin(run)
        run.entries.append(entry)
        self.worker.submit(RestoreJob(entry, run.cancel, path=self.session.entries[entry].path, variant=variant))

    def start_batch(
        self, inputs: list[Path], recursive: bool, output: OutputSettings, devices: tuple[str, ...] = ()
    ) -> None:
        """Restore files and folders straight to files with these output settings, going on past failures; on the
        loaded engine, or with one worker process on each of several `devices` (e.g. every GPU)."""
        if self.busy() or not self.engine.ready():
            return
        try:
            options = output_options(output, strength=self.strength)
        except AKNetError as exc:
            self.noticeRaised.emit("error", core_text(str(exc)))
            return
        self.settings.output = output
        run = Run("batch", options=options, task=self.engine.task, strength=self.strength)
        run.devices, run.weights = tuple(devices), self.engine.weights
        run.scan = self.session.scanner.scan(inputs, recursive)  # the run starts once its photos are found
        self._begin(run)

    def _batch_found(self, request: int, items: list[InputItem], problems: list[ItemResult]) -> None:
        run = self.run
        if run is None or run.scan != request:
            return
        run.scan = 0
        run.summary.results.extend(problems)
        self._extend_run(self.session.add_items(items))
        self.progressChanged.emit(run.fraction(), run.progress_text())
        if run.done:
            self._finish_run()

    def save(self, entry: int, output: Path, overwrite: bool = False) -> None:
        """Write an image's result at the current strength (never over its original)."""
        if self.busy() or entry not in self.session.store:
            return
        run = Run("save", task=self.engine.task, strength=self.strength)
        self._begin(run)
        run.entries.append(entry)
        self.worker.submit(self._save_job(run, entry, output, overwrite))

    def _save_job(self, run: Run, entry: int, output: Path, overwrite: bool) -> SaveJob:
        out = self.settings.output
        suffix = output.suffix.lower()
        depth = 16 if suffix in (".tif", ".tiff") and out.format == "tif" else None
        if suffix in (".jpg", ".jpeg", ".webp", ".bmp"):
            depth = 8
        return SaveJob(
            entry,
            run.cancel,
            path=self.session.entries[entry].path,
            restored=self.session.store.get(entry),
            output=output,
            bit_depth=depth,
            quality=out.quality,
            overwrite=overwrite,
            strength=run.strength,
            provenance=self._provenance(entry),
            strip_metadata=out.strip_metadata,
        )

    def _provenance(self, entry: int) -> Provenance:
        """What made an image's result: the task and model it was restored with."""
        item = self.session.entries[entry]
        if item.provenance is not None:
            return item.provenance
        info = self.engine.info
        return provenance_for(info.description if info is not None else None, item.task or self.engine.task)

    def default_output(self, entry: int, folder: Path | None = None) -> Path:
        """Where an image's result goes by default: output settings' folder and naming template."""
        item = self.session.entries[entry]
        return output_path_for(item.path, output_options(self.settings.output, folder), item.task or self.engine.task)

    def export_all(self, folder: Path | None = None) -> None:
        """Write every result held in memory with the output settings (skipping or replacing existing files)."""
        entries = [i for i in self.session.order if i in self.session.store]
        if self.busy() or not entries:
            return
        try:
            options = output_options(self.settings.output, folder, self.strength)
        except AKNetError as exc:
            self.noticeRaised.emit("error", core_text(str(exc)))
            return
        run = Run("export", options=options, task=self.engine.task, strength=self.strength)
        self._begin(run)
        for entry in entries:
            run.entries.append(entry)
            path = self.session.entries[entry].path
            target = output_path_for(path, options, self.session.entries[entry].task or self.engine.task)
            if target.exists() and options.skip_existing and not is_original(path, target):
                run.finish(entry, ItemResult(path, target, Status.SKIPPED, "output exists"))
            else:
                self.worker.submit(self._save_job(run, entry, target, overwrite=options.overwrite))
        if run.done:
            self._finish_run()

    def cancel(self) -> None:
        """Stop the run: the current image stops within about a second; nothing half-written is left."""
        if self.run is None:
            return
        self.run.cancel.cancel()
        if self.run.scan:  # still looking for its photos: nothing has started
            self.session.scanner.forget(self.run.scan)
            self._finish_run()
        else:
            self.progressChanged.emit(self.run.fraction(), self.tr("Cancelling…"))

    def set_strength(self, strength: float) -> None:
        """How much of the restoration to apply (0..1) when showing and saving."""
        self.strength = min(max(float(strength), 0.0), 1.0)

    # Worker answers ---------------------------------------------------------------------------------
    def _job_started(self, entry: int) -> None:
        item = self.session.entries.get(entry)
        if item is not None and self.run is not None and self.run.kind in ("restore", "batch"):
            item.status = Status.WORKING
            self.session.entryChanged.emit(entry)
        if self.run is not None:
            self.run.current, self.run.current_fraction = entry, 0.0
            self.run.current_name = item.path.name if item else ""
            self.progressChanged.emit(self.run.fraction(), self.run.progress_text())

    def _job_progress(self, entry: int, fraction: float, message: str) -> None:
        if self.run is not None and entry == self.run.current:
            self.run.current_fraction = fraction
            self.progressChanged.emit(self.run.fraction(), self.run.progress_text())

    def _restore_finished(self, entry: int, result: RestoreResult) -> None:
        item = self.session.entries.get(entry)
        if item is not None and result.variant:
            label = core_text(TASKS[result.variant].label)
            self.ab.keep(entry, result_key(result.variant, None), label, result.restored)
        elif item is not None:
            task = self.run.task if self.run is not None else self.engine.task
            info = self.engine.info
            key = result_key(task, info.request.weights if info is not None else None)
            model = model_name(info.description) if info is not None else ""
            old = self.session.store.get(entry)
            old = np.array(old) if isinstance(old, np.memmap) else old  # its file goes with the next put
            self.ab.result_replaced(entry, item.result_key, item.result_label, old, key)
            item.result_key, item.result_label = key, result_label(core_text(TASKS[task].label), model)
            self.session.store.put(entry, result.restored)
            item.status, item.message, item.from_file = Status.DONE, "", False
            item.seconds, item.device = result.seconds, result.device_label
            item.fallback = core_text(result.fallback)
            item.task = self.run.task if self.run is not None else self.engine.task
            info = self.engine.info
            item.provenance = provenance_for(info.description if info is not None else None, item.task)
            self.session.entryChanged.emit(entry)
            self.session.result_changed(entry)
        self._finished(entry, ItemResult(item.path if item else Path(), None, Status.DONE, None, result.seconds))

    def _restore_failed(self, entry: int, message: str) -> None:
        message = core_text(message)
        item = self.session.entries.get(entry)
        if self.run is not None and self.run.kind == "compare":
            self.ab.compute_ended(entry, self.run.task)
            self.noticeRaised.emit(
                "error", self.tr("Could not compute the comparison: {reason}").format(reason=message)
            )
        elif item is not None:
            item.status, item.message = Status.FAILED, message
            self.session.entryChanged.emit(entry)
        self._finished(entry, ItemResult(item.path if item else Path(), None, Status.FAILED, message))

    def _job_cancelled(self, entry: int) -> None:
        item = self.session.entries.get(entry)
        if self.run is not None and self.run.kind == "compare":
            self.ab.compute_ended(entry, self.run.task)
        if item is not None and self.run is not None and self.run.kind in ("restore", "batch"):
            item.status = Status.DONE if self.session.has_result(entry) else Status.CANCELLED
            self.session.entryChanged.emit(entry)
        self._finished(entry, ItemResult(item.path if item else Path(), None, Status.CANCELLED, "cancelled"))

    def _item_finished(self, entry: int, result: ItemResult) -> None:
        result = replace(result, error=core_text(result.error) or None, note=core_text(result.note) or None)
        item = self.session.entries.get(entry)
        if item is not None:
            item.status, item.message, item.seconds = result.status, result.error or "", result.seconds
            if result.status in (Status.DONE, Status.SKIPPED) and result.output is not None:
                item.output, item.from_file = result.output, True
                item.strength = self.run.strength if self.run is not None else 1.0
                item.task = self.run.task if self.run is not None else self.engine.task
                self.session.store.discard(entry)
                self.session.result_changed(entry)
            self.session.entryChanged.emit(entry)
        self._finished(entry, result)

    def _save_finished(self, entry: int, written: Path) -> None:
        item = self.session.entries.get(entry)
        if item is not None:
            item.output = Path(written)
        if self.run is not None and self.run.kind == "save":
            text = self.tr("Saved {name} in {folder}.")
            self.noticeRaised.emit("info", text.format(name=Path(written).name, folder=Path(written).parent))
        self._finished(entry, ItemResult(item.path if item else Path(), Path(written), Status.DONE))

    def _save_failed(self, entry: int, message: str) -> None:
        message = core_text(message)
        item = self.session.entries.get(entry)
        if self.run is not None and self.run.kind == "save":
            self.noticeRaised.emit("error", self.tr("Could not save: {reason}").format(reason=message))
        self._finished(entry, ItemResult(item.path if item else Path(), None, Status.FAILED, message))

    def _worker_notice(self, message: str) -> None:
        message = core_text(message)
        self.noticeRaised.emit("warning", message)
        if self.run is not None and message not in self.run.notices:
            self.run.notices.append(message)  # repeated in the run's summary

    def _finished(self, entry: int, result: ItemResult) -> None:
        if self.run is None:
            return
        self.run.finish(entry, result)
        self.progressChanged.emit(self.run.fraction(), self.run.progress_text())
        if self.run.done:
            self._finish_run()

    def _finish_run(self) -> None:
        run = self.run
        if run is None:
            return
        self.run, self.last_run = None, run
        report = summary_report(run.summary, run.notices, run.cancel.cancelled)
        self.busyChanged.emit(False)
        self.progressChanged.emit(1.0, report.splitlines()[0])
        self.runFinished.emit(run.kind, report)
