"""Size of a built app folder and its biggest parts: `python packaging/size_report.py dist/AKNetStudio`."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

MB = 1024 * 1024


def disk_usage(path: Path) -> int:
    """Bytes that a file or folder occupies (files counted once; symbolic links not followed)."""
    if path.is_symlink():
        return 0
    if path.is_file():
        return path.stat().st_size
    total = 0
    for folder, _subfolders, files in os.walk(path):
        for name in files:
            file = Path(folder) / name
            if not file.is_symlink():
                total += file.stat().st_size
    return total


def biggest_parts(app: Path, count: int = 15) -> list[tuple[str, int]]:
    """The largest entries one level inside the app (and inside its `_internal` folder), biggest first."""
    parts = []
    for entry in app.iterdir():
        if entry.name == "_internal" and entry.is_dir():
            parts.extend((f"_internal/{inner.name}", disk_usage(inner)) for inner in entry.iterdir())
        else:
            parts.append((entry.name, disk_usage(entry)))
    return sorted(parts, key=lambda part: part[1], reverse=True)[:count]


def report(app: Path, count: int = 15) -> str:
    """A short text report: the total and the biggest parts, in MiB."""
    lines = [f"{app}: {disk_usage(app) / MB:.0f} MiB"]
    lines += [f"  {size / MB:8.1f} MiB  {name}" for name, size in biggest_parts(app, count)]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Print the size report of the folder given on the command line."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("app", type=Path, help="the built folder, e.g. dist/AKNetStudio")
    parser.add_argument("--top", type=int, default=15, help="how many parts to list")
    args = parser.parse_args(argv)
    if not args.app.is_dir():
        print(f"error: {args.app} is not a folder; build the app first (scripts/build_app.sh)", file=sys.stderr)
        return 2
    print(report(args.app, args.top))
    return 0


if __name__ == "__main__":
    sys.exit(main())
