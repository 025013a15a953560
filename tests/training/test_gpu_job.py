"""The GPU job (scripts/gpu_job.sh): the pack it sends, its rehearsal on the CPU writing exactly what comes
back from the GPU machine, resuming from a round's states, and the merge that keeps only better weights."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

import numpy as np
import pytest
import torch

from core.errors import AKNetError
from core.network.checkpoint import load_checkpoint
from tests.training.conftest import write_photos
from training.config import TrainConfig
from training.data import build_run_data
from training.gpu_echo import EchoBatches
from training.gpu_job import _run_defaults, build_parser, main, run_job, split_workers
from training.gpu_merge import append_performance, merge, performance_section
from training.gpu_pack import COMMAND_LIMIT, DEFAULT_FOLDERS, job_command, prepare, read_manifest, repository_bytes
from training.gpu_run import FILE_COUNT, FILE_LIMIT, check_out
from training.state import load_training_checkpoint

REPO = Path(__file__).resolve().parents[2]
BUNDLED_DEHAZE = REPO / "resources" / "weights" / "dehaze.safetensors"
ABSENT_THERE = ("psutil", "qtawesome", "PySide6")  # not installed on the GPU machine


@pytest.fixture
def clean_root(tmp_path: Path) -> Path:
    """The four recipe folders with three small photos each, named apart (one folder as TIFF, like McMaster)."""
    from PIL import Image

    root = tmp_path / "clean"
    for number, name in enumerate(DEFAULT_FOLDERS):
        for index, path in enumerate(write_photos(root / name, 3, height=56, width=72, seed=number)):
            suffix = ".tif" if name == "mcmaster" else ".png"
            with Image.open(path) as image:
                image.save(root / name / f"{name}_{index}{suffix}")
            path.unlink()
    return root


@pytest.fixture
def fixtures(tmp_path: Path) -> Path:
    folder = tmp_path / "fixtures"
    folder.mkdir()
    (folder / "aknet_reference_weights.pkl").write_bytes(b"weights")
    np.savez(folder / "aknet_reference_io.npz", restore_input=np.zeros(3))
    return folder


def _prepare(clean_root: Path, fixtures: Path, pack: Path, previous: Path | None = None) -> dict:
    return prepare(pack, clean_root, fixtures, max_side=64, previous=previous, echo=lambda text: None)


def _job(*args: str, tmp_path: Path) -> subprocess.CompletedProcess:
    """scripts/gpu_job.sh as the GPU machine runs it: without the GUI's packages."""
    blocked = tmp_path / "absent"
    for name in ABSENT_THERE:
        (blocked / name).mkdir(parents=True, exist_ok=True)
        (blocked / name / "__init__.py").write_text(f"raise ImportError('{name} is not on the GPU machine')\n")
    env = {**os.environ, "PYTHON": sys.executable, "PYTHONPATH": str(blocked)}
    return subprocess.run(
        ["bash", str(REPO / "scripts" / "gpu_job.sh"), *args], env=env, capture_output=True, text=True, timeout=600
    )


def test_the_pack_holds_out_the_same_photos_and_the_command_fits(
    clean_root: Path, fixtures: Path, tmp_path: Path
) -> None:
    manifest = _prepare(clean_root, fixtures, tmp_path / "pack")
    pack = tmp_path / "pack"
    for folder in DEFAULT_FOLDERS:
        originals = sorted(p.stem for p in (clean_root / folder).iterdir())
        assert sorted(p.stem for p in (pack / "clean" / folder).iterdir()) == originals
        assert {p.suffix for p in (pack / "clean" / folder).iterdir()} == {".jpg"}
    assert sorted(p.name for p in (pack / "fixtures").iterdir()) == sorted(p.name for p in fixtures.iterdir())

    def held_out(root: Path) -> list[str]:
        specs = [f"{root / folder}:2" for folder in DEFAULT_FOLDERS]
        config = TrainConfig(task="desnow", clean_dirs=specs, seed=7, valid_count=8, valid_size=32, crop_size=32)
        return sorted(Path(name).stem for name in build_run_data(config).info["validation_photos"])

    packed = sorted(Path(p).name for p in manifest["held_out"]["photos"])
    assert held_out(clean_root) == held_out(pack / "clean") == packed and len(packed) == 2
    assert read_manifest(pack)["command"] == manifest["command"] == (pack / "command.txt").read_text().strip()
    assert len(manifest["command"]) <= COMMAND_LIMIT and '--out "$OUT"' in manifest["command"]
    assert manifest["bytes"]["total"] == sum(
        manifest["bytes"][k] for k in ("repository", "clean", "extra", "fixtures", "resume")
    )
    with pytest.raises(AKNetError, match="copy limit"):
        prepare(tmp_path / "pack2", clean_root, fixtures, max_side=64, limit=3 * 2**20, echo=lambda text: None)


def test_training_only_photos_travel_in_the_pack_and_keep_the_held_out_choice(
    clean_root: Path, fixtures: Path, tmp_path: Path
) -> None:
    from training.gpu_task import task_config

    extra = tmp_path / "more" / "debian"
    write_photos(extra, 3)
    pack = tmp_path / "pack"
    manifest = prepare(pack, clean_root, fixtures, max_side=64, extra=[f"{extra}:3"], echo=lambda text: None)
    assert sorted(p.stem for p in (pack / "extra" / "debian").iterdir()) == sorted(p.stem for p in extra.iterdir())
    assert manifest["extra_folders"][0]["weight"] == 3 and manifest["bytes"]["extra"] > 0
    assert manifest["held_out"] == _prepare(clean_root, fixtures, tmp_path / "plain")["held_out"]
    args = build_parser().parse_args(["run", "--dry-run", str(tmp_path / "out")])
    start = {"kind": "afresh", "step": 0}
    values = task_config("desnow", start, pack, manifest, _run_defaults(args), 0, tmp_path / "work")
    assert values["extra_clean_dirs"] == [f"{pack / 'extra' / 'debian'}:3"]
    data = build_run_data(TrainConfig(**{**values, "valid_size": 32, "crop_size": 32}))
    assert data.info["extra_folders"][0]["images"] == 3
    assert sorted(Path(n).stem for n in data.info["validation_photos"]) == sorted(
        Path(p).name for p in manifest["held_out"]["photos"]
    )


def test_the_printed_command_is_one_short_line() -> None:
    command = job_command(".gpu/pack", 7.5, 9.5)
    assert "\n" not in command and len(command) <= COMMAND_LIMIT
    assert "scripts/gpu_job.sh run --pack .gpu/pack" in command and "--minutes 7.5" in command


def test_workers_are_shared_by_cost_and_none_is_left_without() -> None:
    assert split_workers(12, ["dehaze", "desnow", "defocus"]) == {"dehaze": 8, "desnow": 2, "defocus": 2}
    assert split_workers(2, ["dehaze", "desnow", "defocus"]) == {"dehaze": 1, "desnow": 1, "defocus": 1}
    assert sum(split_workers(13, ["desnow", "defocus"]).values()) == 13


def _slow_source(count: int, size: int, pause: float):
    for index in range(count):
        time.sleep(pause)
        marks = torch.full((2, 1, size, size), float(index))
        ramp = torch.arange(size, dtype=torch.float32).expand(2, 1, size, size)
        yield torch.cat([marks, ramp, ramp.transpose(-1, -2)], 1), torch.full((2, 3, size, size), float(index))


def test_echoing_reuses_a_batch_through_new_windows_while_the_next_is_not_ready() -> None:
    batches = EchoBatches(_slow_source(20, 12, 0.05), steps=12, crop=8, device=torch.device("cpu"), max_reuse=2)
    seen = list(batches)
    assert len(seen) == 12 and all(d.shape == (2, 3, 8, 8) and c.shape == (2, 3, 8, 8) for d, c in seen)
    sources = [int(d[0, 0, 0, 0]) for d, _ in seen]
    assert sources == sorted(sources) and max(sources.count(i) for i in set(sources)) <= 3  # 1 use + 2 re-uses
    assert batches.stats.fresh == len(set(sources)) and batches.stats.echoed == 12 - batches.stats.fresh > 0
    for degraded, clean in seen:
        assert torch.equal(clean[:, 0], degraded[:, 0])  # pairs stay aligned
        columns = degraded[0, 1, 0]
        assert torch.equal(columns.diff().abs(), torch.ones(7))  # a window of 8 columns, maybe flipped
        assert 0 <= int(columns.min()) <= 4
    plain = EchoBatches(_slow_source(3, 8, 0.02), steps=5, crop=8, device=torch.device("cpu"), max_reuse=0)
    assert len(list(plain)) == 3 and plain.stats.echoed == 0  # no re-use: the source ran out


def test_echoing_crops_a_haze_map_with_its_images_and_passes_the_airlight() -> None:
    """Haze supervision's targets travel with the batch: the transmission map (laid out like the images) gets the
    same window and flip as the hazy image, the airlight (one colour per image) passes as it is."""
    ramp = torch.arange(12, dtype=torch.float32).expand(2, 1, 12, 12)
    airlight = torch.tensor([[0.8, 0.85, 0.9], [0.7, 0.7, 0.75]])
    source = [(ramp.expand(2, 3, 12, 12), ramp.expand(2, 3, 12, 12) + 1, airlight, ramp / 100)]
    for hazy, clean, light, transmission in EchoBatches(iter(source), steps=6, crop=8, device=torch.device("cpu")):
        assert hazy.shape == clean.shape == (2, 3, 8, 8) and transmission.shape == (2, 1, 8, 8)
        assert torch.equal(transmission[:, 0], hazy[:, 0] / 100) and torch.equal(light, airlight)


def test_a_loader_error_reaches_the_training_loop() -> None:
    def broken():
        yield torch.zeros(1, 3, 8, 8), torch.zeros(1, 3, 8, 8)
        raise ValueError("worker failed")

    with pytest.raises(ValueError, match="worker failed"):
        list(EchoBatches(broken(), steps=50, crop=8, device=torch.device("cpu"), max_reuse=0))
    assert not [t for t in threading.enumerate() if t.name == "echo-loader" and t.is_alive()]


def test_what_comes_back_is_checked_against_the_limits(tmp_path: Path) -> None:
    for index in range(FILE_COUNT):
        (tmp_path / f"f{index}").write_bytes(b"x")
    assert len(check_out(tmp_path)) == FILE_COUNT
    (tmp_path / "one_more").write_bytes(b"x")
    with pytest.raises(AKNetError, match="only 8 come back"):
        check_out(tmp_path)
    (tmp_path / "one_more").unlink()
    with open(tmp_path / "f0", "wb") as handle:
        handle.truncate(FILE_LIMIT + 1)
    with pytest.raises(AKNetError, match="would not come back"):
        check_out(tmp_path)


def test_the_timings_are_appended_once(tmp_path: Path) -> None:
    doc = tmp_path / "performance.md"
    shutil.copyfile(REPO / "docs" / "performance.md", doc)
    before = doc.read_text()
    log = {
        "id": "J1",
        "started": "2026-12-01T01:00:00+00:00",
        "machine": {"device": "NVIDIA H200", "torch": "2.11.0", "cuda": "12.8", "cpus": 16},
        "settings": {"minutes": 7.5, "batch": 8, "crop": 160, "learning_rate": 3e-4, "max_reuse": 3},
        "total_steps": 30000,
        "tasks": {
            "desnow": {
                "start": {"kind": "scratch"},
                "steps": 10000,
                "fit_seconds": 430.0,
                "steps_per_second": 23.3,
                "echo": {"fresh_share": 0.5},
                "validation": {"psnr": 25.0, "ssim": 0.8},
            },
        },
    }
    checks = {"fp16_512x512_median_s": 0.0123, "6000x4000_fp16_8GB": {"seconds": 1.5, "peak_gpu_mb": 6000.0}}
    decisions = [{"task": "desnow", "imported": True, "returned": {"psnr": 25.1}}]
    section = performance_section(log, checks, decisions)
    assert append_performance(doc, section, "J1")
    assert not append_performance(doc, section, "J1")
    text = doc.read_text()
    assert text.startswith(before.rstrip("\n")) and text.count("<!-- gpu_job J1 -->") == 1
    assert "| desnow | scratch | 10000 | 430.0 | 23.3 | 50% | 25.00 / 0.8000 | imported |" in text
    assert "| fp16_512x512_median_s | 0.0123 |" in text and "peak_gpu_mb 6000" in text


@pytest.mark.slow
def test_the_dry_run_writes_what_comes_back_and_merge_keeps_only_better_weights(
    clean_root: Path, fixtures: Path, tmp_path: Path, capsys: pytest.CaptureFixture
) -> None:
    pack, out, weights = tmp_path / "pack", tmp_path / "out", tmp_path / "weights"
    weights.mkdir()
    if BUNDLED_DEHAZE.is_file():
        shutil.copyfile(BUNDLED_DEHAZE, weights / "dehaze.safetensors")
    status = main(["prepare", "--pack", str(pack), "--clean-root", str(clean_root), "--fixtures", str(fixtures),
                   "--max-side", "64"])  # fmt: skip
    printed = capsys.readouterr().out.strip().splitlines()
    assert status == 0 and printed[-2].startswith("command (") and f'carry: ["{pack}"]' in printed
    assert len(printed[-1]) <= COMMAND_LIMIT and printed[-1] == read_manifest(pack)["command"]

    started = time.perf_counter()
    done = _job("--dry-run", str(out), "--pack", str(pack), "--weights-dir", str(weights), "--workers", "3",
                tmp_path=tmp_path)  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
    print(f"dry run: {time.perf_counter() - started:.1f} s")  # shown with pytest -s
    files = {p.name: p.stat().st_size for p in out.iterdir()}
    assert len(files) <= FILE_COUNT and max(files.values()) <= FILE_LIMIT
    log = json.loads((out / "gpu_job.json").read_text())
    assert log["dry_run"] and log["total_steps"] == 9
    assert log["files"] == {name: size for name, size in files.items() if name != "gpu_job.json"}
    assert json.loads((out / "gpu_checks.json").read_text())["skipped"]
    for task in ("dehaze", "desnow", "defocus"):
        entry = log["tasks"][task]
        assert entry["status"] == "ok" and entry["steps"] == 3 and entry["steps_per_second"] > 0
        assert entry["validation"]["images"] == 2 and entry["losses"] and entry["echo"]["fresh_batches"] >= 1
        checkpoint = load_checkpoint(out / f"{task}.safetensors")
        assert next(iter(checkpoint.state_dict.values())).dtype == torch.float16
        metadata = checkpoint.metadata
        assert metadata["task"] == task and metadata["training"]["steps"] == 3
        assert metadata["validation"]["step"] == 3 and metadata["data"]["echo"]["loader_crop"] == 40
        assert metadata["data"]["pack"]["max_side"] == 64 and metadata["training"]["crop_size"] == 32
        assert load_training_checkpoint(out / f"{task}.state.pt")["step"] == 3
    if BUNDLED_DEHAZE.is_file():  # continued from the bundled weights, with their input prior, output and history
        bundled, returned = load_checkpoint(BUNDLED_DEHAZE), load_checkpoint(out / "dehaze.safetensors")
        dehaze = returned.metadata
        assert log["tasks"]["dehaze"]["start"]["kind"] == "init-weights"
        assert dehaze.get("input_prior") == bundled.metadata.get("input_prior") and returned.config == bundled.config
        assert dehaze["history"][-1]["weights"] == "dehaze.safetensors"
        assert dehaze["training"]["loss"].endswith("+ 1.0 × airlight L1 + 1.0 × transmission L1")
        assert log["tasks"]["dehaze"]["validation_before"]["images"] == 2

    doc = tmp_path / "performance.md"
    shutil.copyfile(REPO / "docs" / "performance.md", doc)
    report = tmp_path / "merge.json"
    old_dehaze = (weights / "dehaze.safetensors").read_bytes() if BUNDLED_DEHAZE.is_file() else None
    done = _job("merge", str(out), "--weights-dir", str(weights), "--clean-root", str(clean_root),
                "--performance", str(doc), "--report", str(report), tmp_path=tmp_path)  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
    decisions = {d["task"]: d for d in json.loads(report.read_text())["decisions"]}
    for task, decision in decisions.items():
        assert decision["photos"] == 2
        returned = (out / f"{task}.safetensors").read_bytes()
        if "bundled" in decision:
            assert decision["imported"] == (decision["returned"]["psnr"] > decision["bundled"]["psnr"])
            assert decision["bundled"]["input_prior"] == load_checkpoint(BUNDLED_DEHAZE).metadata.get("input_prior")
        else:
            assert decision["imported"]
        kept = (weights / f"{task}.safetensors").read_bytes()
        assert kept == (returned if decision["imported"] else old_dehaze)
    assert doc.read_text().count(f"<!-- gpu_job {log['id']} -->") == 1

    # A second merge of the same folder: identical weights do not beat themselves; the timings stay once.
    assert merge(out, weights, clean_root, doc, explicit_performance=True, report=report, echo=lambda text: None) == 0
    decisions = {d["task"]: d for d in json.loads(report.read_text())["decisions"]}
    for task in ("desnow", "defocus"):
        assert not decisions[task]["imported"] and decisions[task]["returned"] == decisions[task]["bundled"]
    assert doc.read_text().count(f"<!-- gpu_job {log['id']} -->") == 1

    # The next round resumes from the states that came back, here without their optimiser moments (as when
    # the full states would not fit in the copy limit).
    limit = repository_bytes() + 12 * 2**20
    prepare(pack, clean_root, fixtures, max_side=64, previous=out, limit=limit, echo=lambda text: None)
    resume = read_manifest(pack)["resume"]
    assert resume["desnow"]["step"] == 3 and not resume["desnow"]["moments"]
    again = tmp_path / "again"
    args = build_parser().parse_args(["run", "--dry-run", str(again), "--pack", str(pack), "--tasks", "desnow"])
    args.amp = "bf17"  # a setting the task's process refuses: the job tries once more in float32
    assert run_job(_run_defaults(args)) == 0
    entry = json.loads((again / "gpu_job.json").read_text())["tasks"]["desnow"]
    assert entry["retry"]["returncode"] != 0 and "bf17" in entry["retry"]["log_tail"]
    assert entry["start"]["kind"] == "resume" and (entry["step_start"], entry["step_end"]) == (3, 6)
    assert load_checkpoint(again / "desnow.safetensors").metadata["training"]["steps"] == 6
