"""The About dialog: the app, its libraries, and the loaded model's metadata and provenance."""

from __future__ import annotations

import html
import platform
from importlib import metadata
from typing import Any

from PySide6 import __version__ as pyside_version
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout, QWidget

from aknet_gui.icons import icon
from core import __version__ as app_version
from core.cpu_features import cpu_summary
from core.input_prior import describe_prior
from core.network.config import OUTPUT_DESCRIPTIONS


def _version(package: str) -> str:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return "not installed"


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


def model_html(description: dict[str, Any] | None, device_label: str = "") -> str:
    """The model's description (weights, format, task, size, metadata) as an HTML table."""
    if not description:
        return "<p>No model is loaded.</p>"
    rows = []
    parameters = description.get("parameters")
    main = {
        "Task": description.get("task") or "not stated in the weights",
        "Weights": description.get("weights") or "none (a classic method)",
        "Format": description.get("format"),
        "Parameters": f"{parameters:,}" if isinstance(parameters, int) and parameters else None,
        "Input": describe_prior(description.get("input_prior")),
        "Output": OUTPUT_DESCRIPTIONS.get((description.get("config") or {}).get("output", "image")),
        "Running on": device_label or None,
    }
    rows += [(key, value) for key, value in main.items() if value]
    meta = dict(description.get("metadata") or {})
    meta.pop("input_prior", None)
    meta.pop("config", None)
    config = description.get("config") or {}
    meta = {k: v for k, v in meta.items() if not (k in config and config[k] == v)}  # shown under Architecture
    for key in ("provenance", "validation", "training", "data", "history", "license", "paper", "reference"):
        if key in meta:
            rows.append((key.capitalize(), meta.pop(key)))
    rows += [(str(key).replace("_", " ").capitalize(), value) for key, value in sorted(meta.items())]
    if config:
        rows.append(("Settings" if description.get("format") == "classic" else "Architecture", config))
    return f"<table cellspacing='2'>{_rows(rows, bold=True)}</table>"


def about_html(description: dict[str, Any] | None, device_label: str = "") -> str:
    """The whole About text."""
    versions = (
        f"Python {platform.python_version()} · PySide6 {pyside_version} · PyTorch {_version('torch')} · "
        f"NumPy {_version('numpy')} · Pillow {_version('pillow')}"
    )
    return (
        f"<h2>AKNet Studio {html.escape(app_version)}</h2>"
        "<p>Restores hazy, snowy and out-of-focus photos with AKNet (an aligned-kernel restoration network), "
        "on the GPU or the CPU. Originals are never changed.</p>"
        f"<p style='color:gray'>{html.escape(versions)}<br>{html.escape(cpu_summary())}</p>"
        f"<h3>Model</h3>{model_html(description, device_label)}"
    )


class AboutDialog(QDialog):
    """Shows about_html in a scrollable, selectable text view."""

    def __init__(self, description: dict[str, Any] | None, device_label: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("About AKNet Studio")
        self.setWindowIcon(icon("about"))
        layout = QVBoxLayout(self)
        self.text = QTextBrowser(self)
        self.text.setOpenExternalLinks(True)
        self.text.setHtml(about_html(description, device_label))
        layout.addWidget(self.text)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(640, 520)
