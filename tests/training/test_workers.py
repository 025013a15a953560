"""Data-loader worker processes start and deliver batches, also after the parent used OpenCV threads."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from tests.conftest import REPO


@pytest.mark.slow
def test_training_with_worker_processes_after_opencv_used_its_threads(paired_folder: Path, tmp_path: Path) -> None:
    # OpenCV's thread pool does not survive fork(): a worker that touches it would wait forever. The parent
    # here runs a large multi-threaded OpenCV filter first, as loading and validation synthesis do.
    script = textwrap.dedent(
        f"""
        import cv2, numpy as np
        cv2.setNumThreads(2)
        cv2.GaussianBlur(np.random.rand(1500, 1500, 3).astype(np.float32), (0, 0), 5)
        from tests.training.conftest import tiny_config
        from training.data import build_run_data
        from training.trainer import Trainer
        config = tiny_config({str(tmp_path / "run")!r}, data_dir={str(paired_folder)!r}, steps=3, num_workers=2)
        result = Trainer(config, build_run_data(config)).fit(export=False)
        print("finished", result.step)
        """
    )
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=REPO, capture_output=True, text=True, timeout=300, check=False
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert "finished 3" in done.stdout
