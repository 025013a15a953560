"""`--mode test` / `aknet eval`: restore a paired test set as the app does and report PSNR and SSIM the
published way (PSNR on the clamped output; SSIM after average pooling to about 256 px on the short side)."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from pathlib import Path

from core.atomic import atomic_write
from core.batch import restore_loaded
from core.devices import describe_device
from core.errors import AKNetError
from core.image.read import read_image
from core.restorer import Restorer
from training.images import image_size, write_png
from training.pairing import PairingReport, find_split_folders, pair_split
from training.validation import Scores, score


def test_split(data_dir: Path) -> PairingReport:
    """Pairs of DIR/test (or of DIR itself when it holds the input and target folders directly)."""
    data_dir = Path(data_dir)
    if (data_dir / "test").is_dir():
        return pair_split(data_dir / "test")
    find_split_folders(data_dir)  # raises a clear error when DIR has neither layout
    return pair_split(data_dir)


def usable_pairs(pairs: list[tuple[Path, Path]], problems: list[str]) -> list[tuple[Path, Path]]:
    """The pairs whose two files are readable images of the same size (the others go to `problems`)."""
    kept = []
    for degraded, clean in pairs:
        size_in, size_out = image_size(degraded), image_size(clean)
        if size_in is None or size_out is None:
            problems.append(f"unreadable image: {degraded if size_in is None else clean}")
        elif size_in != size_out:
            problems.append(f"{degraded.name}: size {size_in} ≠ target {size_out}")
        else:
            kept.append((degraded, clean))
    return kept


def evaluate(
    data_dir: Path,
    weights: Path,
    result_dir: Path | None = None,
    save_image: bool = False,
    device: str = "auto",
    half: bool = False,
    limit: int = 0,
    echo: Callable[[str], None] = print,
) -> Scores:
    """Score weights on a paired test folder as the app restores each photo (core.restorer.Restorer: input
    prior, padding, tiles when memory is short; fp16 on CUDA with `half`); print per-image and mean figures;
    optionally save the restored images."""
    if save_image and result_dir is None:
        raise AKNetError("--save_image needs --result_dir to know where to write the restored images.")
    report = test_split(data_dir)
    problems = report.problems
    pairs = usable_pairs(report.pairs[:limit] if limit else report.pairs, problems)
    for line in problems:
        echo(f"warning: {line}")
    if not pairs:
        raise AKNetError(f"No test pairs found in {report.input_dir.parent}.")
    restorer = Restorer(weights, device=device, half=half)
    echo(
        f"Testing {Path(weights).name} ({restorer.checkpoint.task or 'task not recorded'}) on {len(pairs)} pairs "
        f"from {report.input_dir} on {describe_device(restorer.device)}"
    )
    scores = Scores()
    for index, (degraded, clean) in enumerate(pairs):
        restored = restore_loaded(restorer, read_image(degraded))
        scores.add(degraded.name, score(restored, read_image(clean).rgb))
        echo(f"{index + 1:4d}/{len(pairs)} {degraded.name}: PSNR {scores.psnr[-1]:.2f} dB  SSIM {scores.ssim[-1]:.4f}")
        if save_image and result_dir is not None:
            write_png(Path(result_dir) / f"{degraded.stem}.png", restored)
    echo(f"Average over {len(scores.psnr)} images: PSNR {scores.mean_psnr:.2f} dB  SSIM {scores.mean_ssim:.4f}")
    if result_dir is not None:
        write_scores_csv(scores, Path(result_dir) / "results.csv")
    return scores


def write_scores_csv(scores: Scores, path: Path) -> Path:
    """Per-image PSNR/SSIM and the mean as a CSV file."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["image", "psnr", "ssim"])
    for name, p, s in zip(scores.names, scores.psnr, scores.ssim, strict=True):
        writer.writerow([name, f"{p:.4f}", f"{s:.5f}"])
    writer.writerow(["mean", f"{scores.mean_psnr:.4f}", f"{scores.mean_ssim:.5f}"])
    text = buffer.getvalue()
    return atomic_write(path, lambda temporary: temporary.write_text(text, encoding="utf-8"))
