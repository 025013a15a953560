"""Pairing degraded inputs with their clean targets in dataset folders, by the standard benchmarks'
naming: SOTS `0001_0.8_0.2.jpg` → `0001.png`, ITS `1400_1.png` → `1400.png`, O-HAZE
`01_outdoor_hazy.jpg` → `01_outdoor_GT.jpg`, NH-HAZE / Dense-Haze `01_hazy.png` → `01_GT.png`,
and the same stem otherwise."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from core.errors import AKNetError
from core.image import IMAGE_SUFFIXES
from training.tasks import TRAINABLE_TASKS

INPUT_FOLDERS = (*(task.input_folder for task in TRAINABLE_TASKS.values()), "input")
TARGET_FOLDERS = ("gt", "GT", "clear", "target")

_INPUT_WORDS = r"(hazy|haze|snow|snowy|blur|blurred|input|degraded|foggy|fog)"
_TARGET_WORDS = r"(gt|clear|clean|target|sharp)"


@dataclass
class PairingReport:
    """The pairs found in one split, and every file that could not be paired, with the reason."""

    input_dir: Path
    target_dir: Path
    pairs: list[tuple[Path, Path]] = field(default_factory=list)
    unpaired_inputs: list[Path] = field(default_factory=list)
    unused_targets: list[Path] = field(default_factory=list)
    ignored: list[Path] = field(default_factory=list)
    ambiguous: list[str] = field(default_factory=list)

    @property
    def problems(self) -> list[str]:
        """One readable line per file that is not part of a pair."""
        lines = [f"no target for {p.name} (in {self.target_dir})" for p in self.unpaired_inputs]
        lines += [f"target {p.name} matches no input" for p in self.unused_targets]
        lines += [f"not an image, ignored: {p.name}" for p in self.ignored]
        return lines + self.ambiguous

    def summary(self) -> str:
        """A one-line count: pairs, unpaired inputs, unused targets, ignored files."""
        return (
            f"{self.input_dir.parent.name}: {len(self.pairs)} pairs ({self.input_dir.name} → {self.target_dir.name})"
            f", {len(self.unpaired_inputs)} inputs without a target, {len(self.unused_targets)} unused targets"
            f", {len(self.ignored)} non-image files"
        )

    def counts(self) -> dict[str, int]:
        """The counts as JSON-ready data (for weights metadata)."""
        return {
            "pairs": len(self.pairs),
            "unpaired_inputs": len(self.unpaired_inputs),
            "unused_targets": len(self.unused_targets),
            "ignored": len(self.ignored),
        }


def target_keys(stem: str) -> list[str]:
    """Names a target file answers to: its stem, and its stem without a trailing `_GT`/`_clear`/… word."""
    keys = [stem]
    stripped = re.sub(rf"[_\-. ]{_TARGET_WORDS}$", "", stem, flags=re.IGNORECASE)
    if stripped != stem:
        keys.append(stripped)
    return keys


def input_keys(stem: str) -> list[str]:
    """Candidate target names for an input, most specific first."""
    candidates = [stem]
    without_word = re.sub(rf"[_\-. ]{_INPUT_WORDS}$", "", stem, flags=re.IGNORECASE)
    candidates.append(without_word)
    sots = re.match(r"^(.+?)_\d+(\.\d+)?_\d+(\.\d+)?$", stem)  # 0001_0.8_0.2 → 0001
    if sots:
        candidates.append(sots.group(1))
    its = re.match(r"^(.+?)_\d+$", stem)  # 1400_1 → 1400
    if its:
        candidates.append(its.group(1))
    return list(dict.fromkeys(candidates))


def find_split_folders(split_dir: Path) -> tuple[Path, Path]:
    """The input and target folders inside a split folder (e.g. train/hazy and train/gt)."""
    inputs = [split_dir / name for name in INPUT_FOLDERS if (split_dir / name).is_dir()]
    targets = [split_dir / name for name in TARGET_FOLDERS if (split_dir / name).is_dir()]
    if not inputs or not targets:
        raise AKNetError(
            f"{split_dir} needs an input folder ({', '.join(INPUT_FOLDERS)}) and a target folder "
            f"({', '.join(dict.fromkeys(t.lower() for t in TARGET_FOLDERS))}) side by side; "
            f"found: {', '.join(sorted(p.name for p in split_dir.iterdir() if p.is_dir())) or 'nothing'}."
            if split_dir.is_dir()
            else f"Dataset folder not found: {split_dir}"
        )
    return inputs[0], targets[0]


def _images(folder: Path) -> tuple[list[Path], list[Path]]:
    files = sorted(p for p in folder.iterdir() if p.is_file() and not p.name.startswith("."))
    return [p for p in files if p.suffix.lower() in IMAGE_SUFFIXES], [
        p for p in files if p.suffix.lower() not in IMAGE_SUFFIXES
    ]


def pair_folders(input_dir: Path, target_dir: Path) -> PairingReport:
    """Pair every image in `input_dir` with its target in `target_dir` by the naming rules."""
    report = PairingReport(Path(input_dir), Path(target_dir))
    inputs, ignored_inputs = _images(report.input_dir)
    targets, ignored_targets = _images(report.target_dir)
    report.ignored = ignored_inputs + ignored_targets
    index: dict[str, Path] = {}
    for target in targets:
        for key in target_keys(target.stem):
            if key in index and index[key] != target:
                report.ambiguous.append(f"{index[key].name} and {target.name} both answer to '{key}'")
            index.setdefault(key, target)
    used: set[Path] = set()
    for item in inputs:
        match = next((index[key] for key in input_keys(item.stem) if key in index), None)
        if match is None:
            report.unpaired_inputs.append(item)
        else:
            report.pairs.append((item, match))
            used.add(match)
    report.unused_targets = [t for t in targets if t not in used]
    return report


def pair_split(split_dir: Path) -> PairingReport:
    """Find the input/target folders of a split (train or test) and pair their images."""
    input_dir, target_dir = find_split_folders(Path(split_dir))
    return pair_folders(input_dir, target_dir)
