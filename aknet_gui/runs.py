"""A run: one user action over several images (restore all, a batch, export all), its progress and summary."""

from __future__ import annotations

import html
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QLocale

from aknet_gui.core_text import core_text
from aknet_gui.jobs import BatchFeed
from aknet_gui.settings import OutputSettings
from core.batch import BatchSummary, ItemResult, OutputOptions
from core.progress import CancelToken, EtaEstimator, Status, format_seconds

RUN_VERBS = {
    "restore": QT_TRANSLATE_NOOP("Run", "Restoring"),
    "batch": QT_TRANSLATE_NOOP("Run", "Batch"),
    "save": QT_TRANSLATE_NOOP("Run", "Saving"),
    "export": QT_TRANSLATE_NOOP("Run", "Exporting"),
    "compare": QT_TRANSLATE_NOOP("Run", "Comparing"),
}  # translated where shown, as are the labels below

STATUS_LABELS = {
    Status.NEW: QT_TRANSLATE_NOOP("Status", "Not restored"),
    Status.WAITING: QT_TRANSLATE_NOOP("Status", "Waiting"),
    Status.WORKING: QT_TRANSLATE_NOOP("Status", "Working…"),
    Status.DONE: QT_TRANSLATE_NOOP("Status", "Done"),
    Status.FAILED: QT_TRANSLATE_NOOP("Status", "Failed"),
    Status.CANCELLED: QT_TRANSLATE_NOOP("Status", "Cancelled"),
    Status.SKIPPED: QT_TRANSLATE_NOOP("Status", "Skipped"),
}
COUNTS = {
    Status.SKIPPED: QT_TRANSLATE_NOOP("Run", "{count} skipped"),
    Status.FAILED: QT_TRANSLATE_NOOP("Run", "{count} failed"),
    Status.CANCELLED: QT_TRANSLATE_NOOP("Run", "{count} cancelled"),
}


def status_label(status: Status) -> str:
    """A status in the user's words: 'Done', 'Failed'…"""
    return QCoreApplication.translate("Status", STATUS_LABELS.get(status, str(status)))


def count_text(status: Status, count: int) -> str:
    """'2 failed' (skipped, cancelled) in the user's language."""
    return QCoreApplication.translate("Run", COUNTS[status]).format(count=count)


def counts_sentence(parts: list[str]) -> str:
    """Counts as one sentence in the user's language: '3 restored, 1 failed.'"""
    return QCoreApplication.translate("Run", "{counts}.").format(
        counts=QCoreApplication.translate("Run", ", ").join(parts)
    )


def summary_report(summary: BatchSummary, notices: list[str], cancelled: bool) -> str:
    """What a run did, in the user's language: counts and notices on the first line, then one line per failure or
    skip (the app's side of core.batch.BatchSummary.report)."""
    parts = [QCoreApplication.translate("Run", "{count} restored").format(count=summary.count(Status.DONE))]
    parts += [count_text(s, summary.count(s)) for s in COUNTS if summary.count(s)]
    first = counts_sentence(parts)
    if cancelled:
        first = QCoreApplication.translate("Run", "Cancelled. {summary}").format(summary=first)
    lines = [" ".join([first, *notices])]
    failed = list(summary.failures)
    skipped = [r for r in summary.results if r.status == Status.SKIPPED and not r.output]
    lines += [
        QCoreApplication.translate("Run", "  FAILED {file}: {reason}").format(file=r.input, reason=core_text(r.error))
        for r in failed
    ]
    lines += [
        QCoreApplication.translate("Run", "  SKIPPED {file}: {reason}").format(file=r.input, reason=core_text(r.error))
        for r in skipped
    ]
    return "\n".join(lines)


def report_html(report: str, limit: int = 10) -> str:
    """A batch summary (core.batch.BatchSummary.report) for the notice bar: first line, then failures."""
    first, *failures = report.splitlines()
    lines = [html.escape(first)] + [html.escape(line.strip()) for line in failures[:limit]]
    if len(failures) > limit:
        lines.append(QCoreApplication.translate("Run", "… and {count} more.").format(count=len(failures) - limit))
    return "<br>".join(lines)


def output_options(output: OutputSettings, folder: Path | None = None, strength: float = 1.0) -> OutputOptions:
    """core's OutputOptions for the app's output settings ('tif' means 16-bit TIFF) at a strength."""
    target = folder if folder is not None else (Path(output.folder) if output.folder else None)
    return OutputOptions(
        folder=target,
        template=output.template,
        format=output.format,
        bit_depth=16 if output.format == "tif" else "same",
        quality=output.quality,
        skip_existing=output.skip_existing,
        overwrite=not output.skip_existing,
        strength=strength,
        strip_metadata=output.strip_metadata,
    )


@dataclass
class Entry:
    """One image of the session."""

    id: int
    path: Path
    status: Status = Status.NEW
    message: str = ""
    width: int = 0
    height: int = 0
    bit_depth: int = 0
    format: str = ""
    seconds: float = 0.0
    device: str = ""  # where its result was made
    fallback: str = ""  # what the engine fell back on to make it, after running out of memory
    task: str = ""  # the task its result was made with (names saved files)
    provenance: Any = None  # core.image.provenance.Provenance of its result held in memory (written when saved)
    output: Path | None = None  # the last file its result was written to
    from_file: bool = False  # its result is that file (written by a batch), not held in memory
    strength: float = 1.0  # the strength its file result was written with
    relative_dir: Path = Path()  # its folder below a batch's input folder (mirrored in the output)
    result_key: str = ""  # what made its result in memory ('task:weights'), for A/B comparison
    result_label: str = ""  # the same for people, e.g. 'Dehaze · dehaze.safetensors'

    @property
    def status_text(self) -> str:
        """What the image list says, e.g. 'Done · 2.1 s' or 'Failed: not an image'."""
        label = status_label(self.status)
        if self.status == Status.DONE and self.seconds:
            return QCoreApplication.translate("Run", "{status} · {seconds} s").format(
                status=label, seconds=QLocale().toString(self.seconds, "f", 1)
            )
        if self.status in (Status.FAILED, Status.SKIPPED) and self.message:
            return QCoreApplication.translate("Run", "{status}: {reason}").format(status=label, reason=self.message)
        return label


@dataclass
class Run:
    """Jobs started together: their cancel token, how far they got, and their results."""

    kind: str  # restore | batch | save | export
    cancel: CancelToken = field(default_factory=CancelToken)
    entries: list[int] = field(default_factory=list)
    finished: set[int] = field(default_factory=set)
    options: Any = None  # core.batch.OutputOptions for batch and export
    task: str = ""
    strength: float = 1.0
    scan: int = 0  # the folder scan whose photos the run waits for (0: none)
    feed: BatchFeed | None = None  # a batch's photos, as the worker takes them
    devices: tuple[str, ...] = ()  # a batch spread over several devices (none: the loaded engine)
    weights: Path | None = None  # the weights a batch on several devices loads (None: the bundled ones)
    summary: BatchSummary = field(default_factory=BatchSummary)
    notices: list[str] = field(default_factory=list)  # what the engine fell back on during the run
    eta: EtaEstimator = field(default_factory=EtaEstimator)
    current: int = -1
    current_fraction: float = 0.0
    current_name: str = ""

    @property
    def done(self) -> bool:
        """Whether every entry of the run has finished."""
        return len(self.finished) >= len(self.entries)

    def finish(self, entry: int, result: ItemResult | None = None) -> None:
        """Record that an entry finished (with its result, for the summary)."""
        if entry in self.entries and entry not in self.finished:
            self.finished.add(entry)
            if result is not None:
                self.summary.results.append(result)
            if entry == self.current:
                self.current, self.current_fraction = -1, 0.0

    def fraction(self) -> float:
        """How much of the run is done, 0..1."""
        total = max(1, len(self.entries))
        running = self.current_fraction if self.current >= 0 and self.current not in self.finished else 0.0
        return min(1.0, (len(self.finished) + running) / total)

    def progress_text(self) -> str:
        """'Restoring 2 of 5 · beach.jpg · 1 min 05 s left'."""
        verb = QCoreApplication.translate("Run", RUN_VERBS.get(self.kind, self.kind))
        position = min(len(self.finished) + 1, len(self.entries))
        count = QCoreApplication.translate("Run", "{verb} {position} of {total}").format(
            verb=verb, position=position, total=len(self.entries)
        )
        parts = [count if len(self.entries) > 1 else verb]
        if self.scan:
            parts.append(QCoreApplication.translate("Run", "looking for photos…"))
        if self.current_name:
            parts.append(self.current_name)
        left = format_seconds(self.eta.seconds_left(self.fraction()))
        if left:
            parts.append(QCoreApplication.translate("Run", "{time} left").format(time=time_text(left)))
        return " · ".join(parts)


def time_text(duration: str) -> str:
    """core.progress.format_seconds's '1 h 02 min', '3 min 05 s', '12 s' with the units in the user's language."""
    units = {
        "h": QCoreApplication.translate("Run", "h"),
        "min": QCoreApplication.translate("Run", "min"),
        "s": QCoreApplication.translate("Run", "s"),
    }
    return " ".join(units.get(word, word) for word in duration.split(" "))
