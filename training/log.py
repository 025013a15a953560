"""The training log: one CSV row per logged step or validation, rewritten atomically on each flush."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

from core.atomic import atomic_write

COLUMNS = (
    "step",
    "epoch",
    "lr",
    "loss",
    "l1",
    "fft",
    "grad_norm",
    "valid_psnr",
    "valid_ssim",
    "steps_per_s",
    "samples_per_s",
    "elapsed_s",
)


class TrainingLog:
    """Rows of training figures kept in memory and mirrored to a CSV file."""

    def __init__(self, path: Path, keep_until_step: int | None = None) -> None:
        self.path = Path(path)
        self.rows: list[dict[str, Any]] = []
        if keep_until_step is not None and self.path.is_file():
            with open(self.path, newline="", encoding="utf-8") as handle:
                for row in csv.DictReader(handle):
                    if row.get("step") and int(row["step"]) <= keep_until_step:
                        self.rows.append({k: _number(v) for k, v in row.items() if k in COLUMNS})

    def add(self, **values: Any) -> None:
        """Append one row (missing columns stay empty)."""
        self.rows.append({k: values.get(k) for k in COLUMNS})

    def flush(self) -> Path:
        """Rewrite the CSV file with every row."""
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, COLUMNS, lineterminator="\n")
        writer.writeheader()
        for row in self.rows:
            writer.writerow({k: _format(row.get(k)) for k in COLUMNS})
        text = buffer.getvalue()
        return atomic_write(self.path, lambda temporary: temporary.write_text(text, encoding="utf-8"))

    def series(self, column: str) -> list[tuple[int, float]]:
        """(step, value) for every row where `column` has a value."""
        return [(int(r["step"]), float(r[column])) for r in self.rows if r.get(column) not in (None, "")]


def _number(text: str) -> float | int | None:
    if text in ("", None):
        return None
    try:
        return int(text)
    except ValueError:
        return float(text)


def _format(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.6g}"
    return str(value)
