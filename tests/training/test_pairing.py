"""Pairing degraded inputs with targets by the benchmarks' naming, and reporting what does not pair."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from core.errors import AKNetError
from core.image.write import write_image
from training.datasets import PairedFolderDataset
from training.pairing import find_split_folders, pair_folders, pair_split


def _touch_images(folder: Path, names: list[str], size: tuple[int, int] = (8, 8)) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for name in names:
        write_image(folder / name, np.full((*size, 3), 0.5, np.float32), quality=90)


def _pairs(report) -> dict[str, str]:
    return {a.name: b.name for a, b in report.pairs}


@pytest.mark.parametrize(
    ("inputs", "targets", "expected"),
    [
        (["0001_0.8_0.2.jpg", "0001_0.9_0.16.jpg"], ["0001.png"], {"0001_0.8_0.2.jpg": "0001.png"}),  # SOTS
        (["1400_1.png", "1400_10.png"], ["1400.png"], {"1400_1.png": "1400.png", "1400_10.png": "1400.png"}),  # ITS
        (["01_outdoor_hazy.jpg"], ["01_outdoor_GT.jpg"], {"01_outdoor_hazy.jpg": "01_outdoor_GT.jpg"}),  # O-HAZE
        (["01_hazy.png", "55_hazy.png"], ["01_GT.png", "55_GT.png"], {"55_hazy.png": "55_GT.png"}),  # NH/Dense
        (["beach.png", "city.jpg"], ["beach.png", "city.png"], {"beach.png": "beach.png", "city.jpg": "city.png"}),
    ],
)
def test_benchmark_naming_conventions_pair_up(tmp_path: Path, inputs, targets, expected) -> None:
    _touch_images(tmp_path / "hazy", inputs)
    _touch_images(tmp_path / "gt", targets)
    report = pair_folders(tmp_path / "hazy", tmp_path / "gt")
    assert not report.unpaired_inputs
    assert expected.items() <= _pairs(report).items()
    assert len(report.pairs) == len(inputs)


def test_unpaired_and_non_image_files_are_reported_not_dropped(tmp_path: Path) -> None:
    _touch_images(tmp_path / "train" / "snow", ["a.png", "b.png", "lonely.png"])
    _touch_images(tmp_path / "train" / "GT", ["a.png", "b.png", "orphan.png"])
    (tmp_path / "train" / "snow" / "notes.txt").write_text("not a picture")
    report = pair_split(tmp_path / "train")
    assert report.input_dir.name == "snow" and report.target_dir.name == "GT"
    assert [p.name for p in report.unpaired_inputs] == ["lonely.png"]
    assert [p.name for p in report.unused_targets] == ["orphan.png"]
    assert [p.name for p in report.ignored] == ["notes.txt"]
    text = "\n".join(report.problems)
    assert "lonely.png" in text and "orphan.png" in text and "notes.txt" in text
    assert report.counts() == {"pairs": 2, "unpaired_inputs": 1, "unused_targets": 1, "ignored": 1}


@pytest.mark.parametrize(("source", "target"), [("blur", "target"), ("input", "clear")])
def test_other_folder_names_are_recognised(tmp_path: Path, source: str, target: str) -> None:
    _touch_images(tmp_path / source, ["x.png"])
    _touch_images(tmp_path / target, ["x.png"])
    assert [p.name for p in find_split_folders(tmp_path)] == [source, target]


def test_a_split_without_the_expected_folders_says_what_it_found(tmp_path: Path) -> None:
    (tmp_path / "photos").mkdir()
    with pytest.raises(AKNetError, match="photos"):
        find_split_folders(tmp_path)
    with pytest.raises(AKNetError, match="not found"):
        find_split_folders(tmp_path / "missing")


def test_paired_dataset_reports_unreadable_and_mismatched_pairs(tmp_path: Path) -> None:
    _touch_images(tmp_path / "hazy", ["good.png", "small.png"], size=(40, 40))
    _touch_images(tmp_path / "gt", ["good.png"], size=(40, 40))
    _touch_images(tmp_path / "gt", ["small.png"], size=(20, 20))
    (tmp_path / "hazy" / "broken.png").write_bytes(b"\x89PNG\r\n\x1a\n garbage")
    _touch_images(tmp_path / "gt", ["broken.png"], size=(40, 40))
    report = pair_folders(tmp_path / "hazy", tmp_path / "gt")
    dataset = PairedFolderDataset(report.pairs, None)
    assert [a.name for a, _ in dataset.pairs] == ["good.png"]
    problems = "\n".join(dataset.problems)
    assert "broken.png" in problems and "small.png" in problems
