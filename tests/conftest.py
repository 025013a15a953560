"""Shared fixtures: the reference checkpoint and small synthetic images."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# `auto` precision is float32 in every test and child process on every CPU kind (tests of the choice itself
# unset this and fake the CPU): results compare with float32 references and no test measures fidelity.
os.environ["AKNET_PRECISION"] = "fp32"

REPO = Path(__file__).resolve().parent.parent


def _shared_dir() -> Path:
    """The project's shared data: $AKNET_SHARED, else ../shared beside the checkout, else /work/shared."""
    candidates = [os.environ.get("AKNET_SHARED"), REPO.parent / "shared", "/work/shared"]
    for candidate in candidates:
        if candidate and (Path(candidate) / "fixtures").is_dir():
            return Path(candidate)
    return REPO.parent / "shared"


SHARED = _shared_dir()
FIXTURES = SHARED / "fixtures"
REFERENCE_WEIGHTS = FIXTURES / "aknet_reference_weights.pkl"
REFERENCE_IO = FIXTURES / "aknet_reference_io.npz"


@pytest.fixture(scope="session")
def reference_weights() -> Path:
    """The published-format reference checkpoint from ../shared/fixtures."""
    if not REFERENCE_WEIGHTS.is_file():
        pytest.skip(f"reference fixtures not found at {FIXTURES}")
    return REFERENCE_WEIGHTS


@pytest.fixture(scope="session")
def reference_io() -> dict[str, np.ndarray]:
    """Inputs and outputs of the published implementation for the reference weights."""
    if not REFERENCE_IO.is_file():
        pytest.skip(f"reference fixtures not found at {FIXTURES}")
    with np.load(REFERENCE_IO) as data:
        return {k: data[k] for k in data}


@pytest.fixture
def rng() -> np.random.Generator:
    return np.random.default_rng(1234)


def smooth_image(rng: np.random.Generator, height: int, width: int) -> np.ndarray:
    """A photo-like RGB float32 image: smooth gradients plus mild texture."""
    yy, xx = np.mgrid[0:height, 0:width].astype(np.float32)
    base = np.stack([0.5 + 0.4 * np.sin(xx / 17 + c) * np.cos(yy / 23 - c) for c in (0.0, 1.0, 2.0)], axis=-1)
    noise = rng.normal(0, 0.03, size=(height, width, 3))
    return np.clip(base + noise, 0, 1).astype(np.float32)


def self_test(*args: str, timeout: int = 300) -> subprocess.CompletedProcess:
    """`aknet-gui --self-test ARGS` in a child process (offscreen), its output captured."""
    command = [sys.executable, "-m", "aknet_gui", "--self-test", *args]
    return subprocess.run(command, capture_output=True, text=True, timeout=timeout, cwd=REPO)


@pytest.fixture
def without_weights(tmp_path_factory, monkeypatch):
    """without_weights("defocus"): the bundled resources less that task's weights (AKNET_RESOURCES), as an app
    that ships a task before its model has it; everything else (icons, samples, other weights) stays."""
    from core.resources import resources_dir

    def remove(task: str) -> Path:
        bundled, root = resources_dir(), tmp_path_factory.mktemp("resources")
        for entry in bundled.iterdir():
            if entry.name != "weights":
                (root / entry.name).symlink_to(entry, target_is_directory=entry.is_dir())
        (root / "weights").mkdir()
        for weights in (bundled / "weights").glob("*"):
            if weights.stem != task:
                (root / "weights" / weights.name).symlink_to(weights)
        monkeypatch.setenv("AKNET_RESOURCES", str(root))
        return root

    return remove


@pytest.fixture(autouse=True)
def models_folder(tmp_path_factory, monkeypatch) -> Path:
    """A private, empty models folder (AKNET_MODELS_DIR) for every test: the user's own is never read or written."""
    folder = tmp_path_factory.mktemp("models") / "models"
    monkeypatch.setenv("AKNET_MODELS_DIR", str(folder))
    return folder
