"""A short run of scripts/fuzz.py (the long one is run by hand: see the script's docstring): mutated JPEG, PNG,
TIFF and WebP files and mutated or poisoned checkpoints give a result or the project's own error, nothing else."""

from __future__ import annotations

import json
import subprocess
import sys

from tests.conftest import REPO

FORMATS = ["jpeg", "png", "tiff", "webp", "pkl", "pth", "safetensors"]


def fuzz(tmp_path, *arguments: str) -> tuple[subprocess.CompletedProcess, dict]:
    figures = tmp_path / "fuzz.json"
    command = [sys.executable, "scripts/fuzz.py", "--json", str(figures), "--crashes", str(tmp_path / "crashes")]
    done = subprocess.run([*command, *arguments], cwd=REPO, capture_output=True, text=True, timeout=300)
    return done, json.loads(figures.read_text())


def test_short_fuzz_run_gives_only_results_and_project_errors(tmp_path):
    done, figures = fuzz(tmp_path, "--count", "25", "--seed", "17")
    assert done.returncode == 0, done.stdout + done.stderr
    assert figures["tried"] == dict.fromkeys(FORMATS, 25)
    for fmt, outcomes in figures["outcomes"].items():
        assert set(outcomes) <= {"result", "refused"}, (fmt, outcomes)
    assert figures["outcomes"]["safetensors"]["refused"] > 0  # the poisons were tried, and refused
    assert not (tmp_path / "crashes").exists()


def test_fuzz_harness_reports_inputs_that_overrun_the_time_limit(tmp_path):
    done, figures = fuzz(tmp_path, "--formats", "png", "--count", "2", "--timeout", "0.001")
    assert done.returncode == 1
    assert figures["outcomes"] == {"png": {"hang": 2}}
    assert len(list((tmp_path / "crashes").iterdir())) == 2  # kept, to reproduce
