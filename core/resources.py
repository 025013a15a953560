"""The one resource-path helper: finds `resources/` from source, an install, or a frozen app."""

from __future__ import annotations

import os
import sys
from pathlib import Path


def resources_dir() -> Path:
    """The folder holding bundled weights, icons and sample images.

    `AKNET_RESOURCES` overrides it; a PyInstaller build unpacks it beside the executable
    (`sys._MEIPASS`); from a checkout it is the `resources/` folder at the repository root.
    """
    override = os.environ.get("AKNET_RESOURCES")
    if override:
        return Path(override)
    frozen_root = getattr(sys, "_MEIPASS", None)
    if frozen_root:
        return Path(frozen_root) / "resources"
    return Path(__file__).resolve().parent.parent / "resources"


def resource_path(*parts: str) -> Path:
    """Path of a bundled resource, e.g. `resource_path("weights", "dehaze.safetensors")`."""
    return resources_dir().joinpath(*parts)
