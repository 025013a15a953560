"""scripts/evaluate.py and scripts/contact_sheet.py on tiny synthetic datasets."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path
from types import ModuleType

import numpy as np
import pytest
from PIL import Image

from core.dark_channel import ClassicDehazer
from core.metrics import psnr, ssim
from core.network import PRESETS, AKNet
from core.network.checkpoint import load_checkpoint, save_weights
from core.restorer import Restorer
from tests.conftest import smooth_image

REPO = Path(__file__).resolve().parent.parent
NAMES = ("alpha.png", "beta.png")


def load_script(name: str) -> ModuleType:
    """Import scripts/<name>.py as a module."""
    spec = importlib.util.spec_from_file_location(f"aknet_scripts_{name}", REPO / "scripts" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while being defined
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def evaluate() -> ModuleType:
    return load_script("evaluate")


@pytest.fixture(scope="module")
def contact_sheet() -> ModuleType:
    return load_script("contact_sheet")


def save_png(path: Path, rgb: np.ndarray) -> np.ndarray:
    """Write an 8-bit PNG and return exactly what it holds, as float32 in [0, 1]."""
    pixels = np.round(np.clip(rgb, 0, 1) * 255).astype(np.uint8)
    path.parent.mkdir(parents=True, exist_ok=True)
    Image.fromarray(pixels).save(path)
    return pixels.astype(np.float32) / 255


@pytest.fixture
def dataset(tmp_path, rng) -> Path:
    """DATA/hazy and DATA/gt with two pairs made by the scattering model (near bottom, far top)."""
    data = tmp_path / "data"
    airlight = np.array([0.85, 0.87, 0.9], np.float32)
    for index, name in enumerate(NAMES):
        base = smooth_image(rng, 48 + 8 * index, 72)
        clean = np.clip(1.2 * (base - 0.9 * base.min(axis=2, keepdims=True)), 0, 1)
        transmission = np.linspace(0.2, 0.85, clean.shape[0], dtype=np.float32)[:, None, None]
        save_png(data / "gt" / name, clean)
        save_png(data / "hazy" / name, clean * transmission + airlight * (1 - transmission))
    return data


@pytest.fixture(scope="module")
def tiny_weights(tmp_path_factory) -> Path:
    """A tiny AKNet saved in our weights format through the real writer."""
    path = tmp_path_factory.mktemp("weights") / "tiny_dehaze.safetensors"
    return save_weights(AKNet(PRESETS["tiny"]), path, metadata={"task": "dehaze"})


def read_rgb(path: Path) -> np.ndarray:
    return np.asarray(Image.open(path).convert("RGB"), np.float32) / 255


def test_evaluation_without_weights_scores_the_input_and_the_baseline(evaluate, dataset, tmp_path, capsys):
    markdown, report = tmp_path / "docs" / "eval.md", tmp_path / "eval.json"
    argv = ["--data", str(dataset), "--weights", str(tmp_path / "none.safetensors")]
    assert evaluate.main([*argv, "--markdown", str(markdown), "--json", str(report)]) == 0
    out, err = capsys.readouterr()
    assert "no weights" in err and "kodim" not in out and all(name in out for name in NAMES)

    results = json.loads(report.read_text())
    assert results["count"] == 2 and results["model"] is None and results["model_minus"] is None
    assert set(results["mean"]) == {"input", "baseline"} and results["task"] == "dehaze"
    for image in results["images"]:
        hazy, gt = read_rgb(dataset / "hazy" / image["name"]), read_rgb(dataset / "gt" / image["name"])
        assert image["scores"]["input"]["psnr"] == pytest.approx(psnr(hazy, gt))
        assert image["scores"]["baseline"]["ssim"] == pytest.approx(ssim(ClassicDehazer().restore(hazy), gt))
        assert image["scores"]["baseline"]["psnr"] > image["scores"]["input"]["psnr"] + 3
    mean_hazy = np.mean([image["scores"]["input"]["psnr"] for image in results["images"]])
    assert results["mean"]["input"]["psnr"] == pytest.approx(mean_hazy)

    text = markdown.read_text()
    assert "| alpha.png |" in text and "**Mean**" in text and "not evaluated" in text
    assert text.startswith("# Dehazing evaluation") and "dark channel prior" in text
    assert f"{results['mean']['baseline']['psnr']:.2f}" in text


def test_evaluation_with_a_model_adds_its_column_and_the_difference(evaluate, dataset, tiny_weights, tmp_path, capsys):
    report = tmp_path / "eval.json"
    argv = ["--data", str(dataset), "--weights", str(tiny_weights), "--device", "cpu", "--limit", "1"]
    assert evaluate.main([*argv, "--json", str(report)]) == 0
    out, _ = capsys.readouterr()
    assert "Model PSNR / SSIM" in out and "Model − classic (dcp)" in out

    results = json.loads(report.read_text())
    assert results["count"] == 1 and [image["name"] for image in results["images"]] == ["alpha.png"]
    assert results["model"]["parameters"] > 0 and results["weights"] == str(tiny_weights)
    means, diff = results["mean"], results["model_minus"]
    for column in ("baseline", "input"):
        assert diff[column]["psnr_db"] == pytest.approx(means["model"]["psnr"] - means[column]["psnr"])
        assert diff[column]["ssim"] == pytest.approx(means["model"]["ssim"] - means[column]["ssim"])
        assert diff[column]["model_psnr_wins"] == (means["model"]["psnr"] > means[column]["psnr"])
    assert means["model"]["seconds"] > 0
    # The model's own scores: its restoration of the photo, scored here against the ground truth.
    hazy, gt = read_rgb(dataset / "hazy" / "alpha.png"), read_rgb(dataset / "gt" / "alpha.png")
    restored = Restorer(load_checkpoint(tiny_weights), device="cpu").restore(hazy)
    scores = results["images"][0]["scores"]["model"]
    assert scores["psnr"] == pytest.approx(psnr(restored, gt), abs=1e-3)
    assert scores["ssim"] == pytest.approx(ssim(restored, gt), abs=1e-4)
    assert means["model"]["psnr"] == pytest.approx(scores["psnr"])


def test_evaluation_refuses_a_pair_without_ground_truth(evaluate, dataset, capsys):
    (dataset / "gt" / "beta.png").unlink()
    assert evaluate.main(["--data", str(dataset), "--weights", str(dataset / "none")]) == 2
    assert "beta.png" in capsys.readouterr().err


def test_evaluation_refuses_a_folder_without_pairs(evaluate, tmp_path, capsys):
    assert evaluate.main(["--data", str(tmp_path)]) == 2
    assert "needs an input folder" in capsys.readouterr().err


def test_desnow_evaluation_picks_the_best_median_filter_for_the_set(evaluate, tmp_path, rng, capsys):
    """Sparse white specks on smooth photos: a 3×3 median removes them best, and the report says which."""
    data = tmp_path / "snow_set"
    for index, name in enumerate(NAMES):
        clean = save_png(data / "gt" / name, smooth_image(rng, 40 + 8 * index, 56))
        snowy = clean.copy()
        specks = rng.random(clean.shape[:2]) < 0.03
        snowy[specks] = 1.0
        save_png(data / "snow" / name, snowy)
    report = tmp_path / "eval.json"
    argv = ["--task", "desnow", "--data", str(data), "--weights", str(tmp_path / "none.safetensors")]
    assert evaluate.main([*argv, "--json", str(report)]) == 0
    results = json.loads(report.read_text())
    tried = {c["label"]: c["psnr"] for c in results["baseline"]["candidates"]}
    assert list(tried) == ["median 3×3", "median 5×5", "median 7×7"]
    assert results["baseline"]["label"] == max(tried, key=tried.get) == "median 3×3"
    assert results["mean"]["baseline"]["psnr"] == pytest.approx(tried["median 3×3"], abs=1e-4)
    assert results["mean"]["baseline"]["psnr"] > results["mean"]["input"]["psnr"] + 3
    assert "Median filter (median 3×3)" in capsys.readouterr().out


def sheet_size(contact_sheet: ModuleType, columns: int, thumb: int, row_heights: list[int]) -> tuple[int, int]:
    """Width and height the sheet layout should have."""
    width = contact_sheet.GAP + columns * (thumb + contact_sheet.GAP)
    height = contact_sheet.HEADER + sum(contact_sheet.CAPTION + h + contact_sheet.GAP for h in row_heights)
    return width, height


def test_contact_sheet_without_weights_shows_before_and_baseline(contact_sheet, dataset, tmp_path):
    out = tmp_path / "sheet.png"
    assert contact_sheet.main(["--inputs", str(dataset / "hazy"), "--out", str(out), "--thumb", "64"]) == 0
    sheet = Image.open(out)
    # 72 px wide inputs of 48 and 56 rows, fitted into 64 px: 43 and 50 rows.
    assert sheet.size == sheet_size(contact_sheet, 2, 64, [43, 50]) and sheet.mode == "RGB"


def test_contact_sheet_with_weights_adds_a_model_column(contact_sheet, dataset, tiny_weights, tmp_path):
    out = tmp_path / "sheet.png"
    argv = ["--inputs", str(dataset / "hazy" / "alpha.png"), "--weights", str(tiny_weights), "--device", "cpu"]
    assert contact_sheet.main([*argv, "--out", str(out), "--thumb", "64"]) == 0
    sheet = np.asarray(Image.open(out), np.float32)
    assert sheet.shape[1::-1] == sheet_size(contact_sheet, 3, 64, [43])
    top, gap = contact_sheet.HEADER + contact_sheet.CAPTION, contact_sheet.GAP
    before, classic, model = (sheet[top : top + 43, gap + i * (64 + gap) : gap + i * (64 + gap) + 64] for i in range(3))
    hazy = np.asarray(Image.open(dataset / "hazy" / "alpha.png").resize((64, 43), Image.Resampling.LANCZOS))
    assert np.abs(before - hazy).mean() < 2  # the first column is the input
    assert np.abs(classic - before).mean() > 10 and np.abs(model - classic).mean() > 1


def test_contact_sheet_stays_within_its_size_budget(contact_sheet, dataset, tmp_path, capsys):
    out = tmp_path / "sheet.png"
    argv = ["--inputs", str(dataset / "hazy"), "--out", str(out), "--thumb", "256", "--max-mb", "0.03"]
    assert contact_sheet.main(argv) == 0
    assert out.stat().st_size <= 30_000 and Image.open(out).width < sheet_size(contact_sheet, 2, 256, [])[0]
    assert "shrunk" in capsys.readouterr().err


def test_contact_sheet_spreads_its_picks_over_all_inputs(contact_sheet, tmp_path, rng):
    for index in range(5):
        save_png(tmp_path / f"sub{index % 2}" / f"photo{index}.png", smooth_image(rng, 8, 8))
    picked = contact_sheet.collect_images([tmp_path], limit=3)
    assert [p.name for p in picked] == ["photo0.png", "photo4.png", "photo3.png"]


def test_contact_sheet_refuses_a_folder_without_images(contact_sheet, tmp_path, capsys):
    assert contact_sheet.main(["--inputs", str(tmp_path), "--out", str(tmp_path / "sheet.png")]) == 2
    assert "No images" in capsys.readouterr().err and not (tmp_path / "sheet.png").exists()


@pytest.fixture
def defocused(tmp_path, rng) -> tuple[Path, Path]:
    """A photo sharp on its left half and blurred on its right half, and its blur mask (255 = blurred)."""
    import cv2

    images, masks = tmp_path / "images", tmp_path / "masks"
    sharp = np.clip(smooth_image(rng, 96, 128) + rng.normal(0, 0.08, (96, 128, 1)).astype(np.float32), 0, 1)
    photo = sharp.copy()
    photo[:, 64:] = cv2.GaussianBlur(sharp, (0, 0), 2.5)[:, 64:]
    save_png(images / "shot.png", photo)
    mask = np.zeros((96, 128), np.uint8)
    mask[:, 64:] = 255
    masks.mkdir()
    Image.fromarray(mask).save(masks / "shot.png")
    return images, masks


def test_contact_sheet_with_masks_adds_full_size_crops_of_the_blurred_region(contact_sheet, defocused, tmp_path):
    images, masks = defocused
    out = tmp_path / "sheet.png"
    argv = ["--task", "defocus", "--inputs", str(images), "--masks", str(masks), "--out", str(out), "--thumb", "48"]
    assert contact_sheet.main(argv) == 0
    sheet = np.asarray(Image.open(out), np.float32)
    assert sheet.shape[1::-1] == sheet_size(contact_sheet, 2, 48, [48])  # before | before, 100% crop
    top, gap = contact_sheet.HEADER + contact_sheet.CAPTION, contact_sheet.GAP
    crop = sheet[top : top + 48, gap + 48 + gap : gap + 48 + gap + 48]
    photo = np.asarray(Image.open(images / "shot.png"), np.float32)
    corner = contact_sheet.blurred_window(np.asarray(Image.open(masks / "shot.png")), photo / 255, 48)
    assert corner[1] >= 64  # inside the blurred half
    assert np.abs(crop - photo[corner[0] : corner[0] + 48, corner[1] : corner[1] + 48]).max() <= 1  # at 100%


def test_real_defocus_measurement_sees_the_unsharp_mask_sharpen_and_change(defocused, tmp_path, capsys):
    measure = load_script("measure_real_defocus")
    images, masks = defocused
    report, markdown = tmp_path / "m.json", tmp_path / "m.md"
    argv = ["--images", str(images), "--masks", str(masks), "--weights", str(tmp_path / "none.safetensors")]
    assert measure.main([*argv, "--json", str(report), "--markdown", str(markdown)]) == 0
    results = json.loads(report.read_text())
    summary, photo = results["summary"]["unsharp"], results["photos"][0]["unsharp"]
    assert set(results["summary"]) == {"unsharp"} and summary["photos"] == 1
    assert photo["sharpness_ratio"] > measure.SHARPER and summary["sharper_photos"] == 1
    assert photo["sharp_change"] > 1 and photo["edge_change"] > 1  # sharpening changes sharp areas too
    assert "| shot.png |" in markdown.read_text()
    (masks / "shot.png").unlink()
    assert measure.main(argv) == 2 and "no mask" in capsys.readouterr().err
