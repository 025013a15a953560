"""The About dialog: the app, its libraries, and the loaded model's metadata and provenance."""

from __future__ import annotations

import html
import json
import platform
from importlib import metadata
from typing import Any

from PySide6 import __version__ as pyside_version
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout, QWidget

from aknet_gui.icons import icon
from core import __version__ as app_version


def _version(package: str) -> str:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return "not installed"


def _cell(value: Any) -> str:
    if isinstance(value, dict) and all(not isinstance(v, dict | list) for v in value.values()):
        return "<br>".join(f"{html.escape(str(k))}: {html.escape(str(v))}" for k, v in value.items())
    if isinstance(value, dict | list):
        text = json.dumps(value, indent=1, ensure_ascii=False, default=str)
        return f"<pre style='margin:0'>{html.escape(text)}</pre>"
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
        "Running on": device_label or None,
    }
    rows += [(key, value) for key, value in main.items() if value]
    meta = dict(description.get("metadata") or {})
    meta.pop("config", None)
    config = description.get("config") or {}
    meta = {k: v for k, v in meta.items() if not (k in config and config[k] == v)}  # shown under Architecture
    for key in ("provenance", "training", "data", "license", "paper", "reference"):
        if key in meta:
            rows.append((key.capitalize(), meta.pop(key)))
    rows += [(str(key).replace("_", " ").capitalize(), value) for key, value in sorted(meta.items())]
    if config:
        rows.append(("Settings" if description.get("format") == "classic" else "Architecture", config))
    body = "".join(
        f"<tr><td valign='top' style='padding-right:12px'><b>{html.escape(k)}</b></td><td>{_cell(v)}</td></tr>"
        for k, v in rows
    )
    return f"<table cellspacing='2'>{body}</table>"


def about_html(description: dict[str, Any] | None, device_label: str = "") -> str:
    """The whole About text."""
    versions = (
        f"Python {platform.python_version()} · PySide6 {pyside_version} · PyTorch {_version('torch')} · "
        f"NumPy {_version('numpy')} · OpenCV {_version('opencv-python-headless')}"
    )
    return (
        f"<h2>AKNet Studio {html.escape(app_version)}</h2>"
        "<p>Restores hazy, snowy and out-of-focus photos with AKNet (an adaptive large-kernel network), "
        "on the GPU or the CPU. Originals are never changed.</p>"
        f"<p style='color:gray'>{html.escape(versions)}</p>"
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
