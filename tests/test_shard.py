"""`aknet restore --shard K/N`: N disjoint parts of a folder that together restore every photo once."""

from __future__ import annotations

import random
from pathlib import Path

import numpy as np
import pytest

from core.batch import InputItem, collect_inputs, parse_shard, take_shard
from core.cli import main
from core.errors import AKNetError
from core.image.write import write_image
from tests.conftest import smooth_image


def test_the_parts_cover_every_input_once_whatever_the_listing_order() -> None:
    items = [InputItem(Path(f"/archive/{folder}/scan{i:03d}.tif"), Path(folder)) for folder in "ab" for i in range(60)]
    parts = [take_shard(items, index, 7) for index in range(7)]
    assert sorted(item.path for part in parts for item in part) == sorted(item.path for item in items)
    assert all(8 <= len(part) <= 30 for part in parts)  # a hash spreads them: roughly 120/7 each
    shuffled = random.Random(3).sample(items, len(items))
    assert [set(take_shard(shuffled, index, 7)) for index in range(7)] == [set(part) for part in parts]
    # Another machine mounts the archive elsewhere; a new file joins one part and moves no other.
    elsewhere = [
        InputItem(Path("/mnt/scans") / item.relative_dir / item.path.name, item.relative_dir) for item in items
    ]
    assert [len(take_shard(elsewhere, index, 7)) for index in range(7)] == [len(part) for part in parts]
    grown = [*items, InputItem(Path("/archive/a/scan999.tif"), Path("a"))]
    assert sum(set(take_shard(grown, index, 7)) != set(part) for index, part in enumerate(parts)) == 1


@pytest.mark.parametrize("text", ["3/3", "-1/3", "1/0", "a/b", "2", "1/2/3"])
def test_a_shard_must_be_k_of_n(text: str) -> None:
    with pytest.raises(AKNetError, match="K/N"):
        parse_shard(text)


def test_shards_restore_a_folder_exactly_once(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    rng = np.random.default_rng(0)
    photos = tmp_path / "photos"
    for index in range(8):
        write_image(
            photos / "sub" / f"p{index}.png" if index % 2 else photos / f"p{index}.png", smooth_image(rng, 12, 16)
        )
    out = tmp_path / "out"
    common = ["restore", str(photos), "-o", str(out), "--task", "classic-dehaze", "--recursive"]
    for index in range(3):
        assert main([*common, "--shard", f"{index}/3"]) == 0
    err = capsys.readouterr().err
    restored = sorted(path.relative_to(out).as_posix() for path in out.rglob("*.png"))
    inputs, _ = collect_inputs([photos], recursive=True)
    assert restored == sorted((i.relative_dir / f"{i.path.stem}_classic-dehaze.png").as_posix() for i in inputs)
    assert sum(int(line.split(": ")[1].split(" of")[0]) for line in err.splitlines() if line.startswith("Shard")) == 8
    # A rerun of a part after a failure skips what is done.
    assert main([*common, "--shard", "1/3", "--skip-existing"]) == 0
    part = int(next(line for line in err.splitlines() if line.startswith("Shard 1/3")).split(": ")[1].split(" of")[0])
    assert f"0 restored, {part} skipped, 0 failed." in capsys.readouterr().err


def test_an_input_that_is_missing_is_reported_by_the_first_part_only(tmp_path: Path, capsys) -> None:
    photo = write_image(tmp_path / "p.png", smooth_image(np.random.default_rng(1), 12, 16))
    common = ["restore", str(photo), str(tmp_path / "missing.png"), "-o", str(tmp_path / "out"), "--task"]
    statuses = [main([*common, "classic-dehaze", "--shard", f"{index}/2"]) for index in range(2)]
    assert statuses == [1, 0] and capsys.readouterr().err.count("no such file or folder") == 1
