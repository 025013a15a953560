"""The About dialog: the app, its libraries, and the loaded model's metadata and provenance."""

from __future__ import annotations

import html
import platform
from importlib import metadata
from typing import Any

from PySide6 import __version__ as pyside_version
from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout, QWidget

from aknet_gui.accessibility import FocusRings, describe
from aknet_gui.core_text import core_text
from aknet_gui.icons import icon
from core import __version__ as app_version
from core.cpu_features import cpu_summary
from core.input_prior import describe_prior
from core.network.config import OUTPUT_DESCRIPTIONS
from core.tasks import TASKS

SECTIONS = {
    "provenance": QT_TRANSLATE_NOOP("AboutDialog", "Provenance"),
    "validation": QT_TRANSLATE_NOOP("AboutDialog", "Validation"),
    "training": QT_TRANSLATE_NOOP("AboutDialog", "Training"),
    "data": QT_TRANSLATE_NOOP("AboutDialog", "Data"),
    "history": QT_TRANSLATE_NOOP("AboutDialog", "History"),
    "license": QT_TRANSLATE_NOOP("AboutDialog", "License"),
    "paper": QT_TRANSLATE_NOOP("AboutDialog", "Paper"),
    "reference": QT_TRANSLATE_NOOP("AboutDialog", "Reference"),
}  # the metadata a model states about itself, in this order; translated where shown


def _tr(text: str) -> str:
    """A text of the About dialog in the user's language (for texts marked with QT_TRANSLATE_NOOP)."""
    return QCoreApplication.translate("AboutDialog", text)


def _version(package: str) -> str:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return QCoreApplication.translate("AboutDialog", "not installed")


def _rows(items: list[tuple[str, Any]], bold: bool) -> str:
    """Label/value rows; labels never wrap, values do (so a wide value cannot squeeze the labels)."""
    tag = ("<b>", "</b>") if bold else ("<i>", "</i>")
    return "".join(
        f"<tr><td valign='top' style='padding-right:10px' nowrap>{tag[0]}{html.escape(str(key))}{tag[1]}</td>"
        f"<td valign='top'>{_cell(value)}</td></tr>"
        for key, value in items
    )


def _cell(value: Any) -> str:
    """A metadata value as wrapping HTML: nested tables for mappings and lists of them, commas for plain lists."""
    if isinstance(value, dict):
        return f"<table cellspacing='0' cellpadding='0'>{_rows(list(value.items()), bold=False)}</table>"
    if isinstance(value, list | tuple):
        if any(isinstance(item, dict | list | tuple) for item in value):
            return _cell({str(number): item for number, item in enumerate(value, 1)})
        return html.escape(", ".join(str(item) for item in value))
    if isinstance(value, float):
        return html.escape(f"{value:.6g}")
    return html.escape(str(value))


def _task_text(task: str | None) -> str:
    """A task as people read it in their language, with its name as the weights state it: 'Dehaze (dehaze)'."""
    if not task:
        return QCoreApplication.translate("AboutDialog", "not stated in the weights")
    return f"{core_text(TASKS[task].label)} ({task})" if task in TASKS else task


def model_html(description: dict[str, Any] | None, device_label: str = "") -> str:
    """The model's description (weights, format, task, size, metadata) as an HTML table."""
    if not description:
        return "<p>" + html.escape(QCoreApplication.translate("AboutDialog", "No model is loaded.")) + "</p>"
    rows = []
    parameters = description.get("parameters")
    main = {
        QCoreApplication.translate("AboutDialog", "Task"): _task_text(description.get("task")),
        QCoreApplication.translate("AboutDialog", "Weights"): description.get("weights")
        or QCoreApplication.translate("AboutDialog", "none (a classic method)"),
        QCoreApplication.translate("AboutDialog", "Format"): description.get("format"),
        QCoreApplication.translate("AboutDialog", "Parameters"): f"{parameters:,}"
        if isinstance(parameters, int) and parameters
        else None,
        QCoreApplication.translate("AboutDialog", "Input"): core_text(describe_prior(description.get("input_prior"))),
        QCoreApplication.translate("AboutDialog", "Output"): core_text(
            OUTPUT_DESCRIPTIONS.get((description.get("config") or {}).get("output", "image"))
        ),
        QCoreApplication.translate("AboutDialog", "Running on"): device_label or None,
    }
    rows += [(key, value) for key, value in main.items() if value]
    meta = dict(description.get("metadata") or {})
    meta.pop("input_prior", None)
    meta.pop("config", None)
    config = description.get("config") or {}
    meta = {k: v for k, v in meta.items() if not (k in config and config[k] == v)}  # shown under Architecture
    for key, label in SECTIONS.items():
        if key in meta:
            rows.append((_tr(label), meta.pop(key)))
    rows += [(str(key).replace("_", " ").capitalize(), value) for key, value in sorted(meta.items())]
    if config:
        heading = (
            QCoreApplication.translate("AboutDialog", "Settings")
            if description.get("format") == "classic"
            else QCoreApplication.translate("AboutDialog", "Architecture")
        )
        rows.append((heading, config))
    return f"<table cellspacing='2'>{_rows(rows, bold=True)}</table>"


def about_html(description: dict[str, Any] | None, device_label: str = "") -> str:
    """The whole About text."""
    versions = (
        f"Python {platform.python_version()} · PySide6 {pyside_version} · PyTorch {_version('torch')} · "
        f"NumPy {_version('numpy')} · Pillow {_version('pillow')}"
    )
    blurb = QCoreApplication.translate(
        "AboutDialog",
        "Restores hazy, snowy and out-of-focus photos with AKNet (an aligned-kernel restoration network), "
        "on the GPU or the CPU. Originals are never changed.",
    )
    model = QCoreApplication.translate("AboutDialog", "Model")
    return (
        f"<h2>AKNet Studio {html.escape(app_version)}</h2>"
        f"<p>{html.escape(blurb)}</p>"
        f"<p>{html.escape(versions)}<br>{html.escape(cpu_summary())}</p>"
        f"<h3>{html.escape(model)}</h3>{model_html(description, device_label)}"
    )


class AboutDialog(QDialog):
    """Shows about_html in a scrollable, selectable text view."""

    def __init__(self, description: dict[str, Any] | None, device_label: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("About AKNet Studio"))
        FocusRings.install()
        self.setWindowIcon(icon("about"))
        layout = QVBoxLayout(self)
        self.text = QTextBrowser(self)
        self.text.setOpenExternalLinks(True)
        self.text.setHtml(about_html(description, device_label))
        describe(self.text, self.tr("About AKNet Studio"), self.tr("The app, its libraries and the loaded model"))
        layout.addWidget(self.text)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(640, 520)
