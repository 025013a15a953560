"""Keep the app's translations in step with its sources, and compile them.

    python scripts/update_translations.py            # lupdate: collect new/changed texts into every .ts, then lrelease
    python scripts/update_translations.py --release  # lrelease only: compile the .ts into .qm (setup, build, tests)
    python scripts/update_translations.py --check    # report unfinished entries per language; exit 1 if any

The .ts files (aknet_gui/translations/aknet_<language>.ts) are the sources, kept in git; translators edit them
with Qt Linguist (pyside6-linguist) or any editor. The .qm files are built from them and not committed.
pyside6-lupdate and pyside6-lrelease come with PySide6 (in the venv)."""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ElementTree
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TRANSLATIONS = ROOT / "aknet_gui" / "translations"
LANGUAGES = ("zh_CN", "de")  # English is the source language: no catalogue
SOURCES = ("aknet_gui",)  # every .py below these is scanned (core's texts are catalogued in aknet_gui/core_text.py)


def tool(name: str) -> str:
    """The path of a PySide6 tool (pyside6-lupdate, pyside6-lrelease): beside this Python first, then on PATH."""
    beside = Path(sys.executable).with_name(name)
    if beside.exists():
        return str(beside)
    found = shutil.which(name)
    if found is None:
        raise SystemExit(f"{name} was not found; it comes with PySide6 (run scripts/setup.sh dev).")
    return found


def ts_path(language: str) -> Path:
    """A language's translation source."""
    return TRANSLATIONS / f"aknet_{language}.ts"


def python_sources() -> list[Path]:
    """The files lupdate reads, in a stable order."""
    return sorted(path for folder in SOURCES for path in (ROOT / folder).rglob("*.py"))


def update() -> None:
    """Collect every translatable text into each .ts (obsolete texts are dropped, translations kept)."""
    TRANSLATIONS.mkdir(parents=True, exist_ok=True)
    sources = [str(path.relative_to(ROOT)) for path in python_sources()]
    for language in LANGUAGES:
        command = [tool("pyside6-lupdate"), "-no-obsolete", "-locations", "none", "-target-language", language]
        subprocess.run([*command, *sources, "-ts", str(ts_path(language).relative_to(ROOT))], cwd=ROOT, check=True)


def release() -> list[Path]:
    """Compile each .ts into its .qm beside it; returns the .qm files."""
    compiled = []
    for language in LANGUAGES:
        source = ts_path(language)
        target = source.with_suffix(".qm")
        subprocess.run([tool("pyside6-lrelease"), "-silent", str(source), "-qm", str(target)], check=True)
        compiled.append(target)
    return compiled


def unfinished(language: str) -> list[tuple[str, str]]:
    """(context, source text) of every entry of a language's .ts that has no finished translation."""
    missing = []
    for context in ElementTree.parse(ts_path(language)).getroot().iter("context"):
        name = context.findtext("name", "")
        for message in context.iter("message"):
            translation = message.find("translation")
            kind = translation.get("type", "") if translation is not None else "unfinished"
            text = "".join(translation.itertext()) if translation is not None else ""
            if kind in ("vanished", "obsolete"):
                continue  # no longer in the sources
            if kind == "unfinished" or not text.strip():
                missing.append((name, message.findtext("source", "")))
    return missing


def check() -> int:
    """Print the unfinished entries of every language; 1 when there are any."""
    status = 0
    for language in LANGUAGES:
        missing = unfinished(language)
        print(f"{language}: {len(missing)} unfinished")
        for context, text in missing:
            print(f"  [{context}] {text!r}")
        status |= bool(missing)
    return status


def main(argv: list[str] | None = None) -> int:
    """Update and compile (default), compile only, or check."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--release", action="store_true", help="only compile the .ts files into .qm")
    mode.add_argument("--check", action="store_true", help="list unfinished translations; exit 1 if any")
    args = parser.parse_args(argv)
    if args.check:
        return check()
    if not args.release:
        update()
    for path in release():
        print(f"wrote {path.relative_to(ROOT)}")
    return check() if not args.release else 0


if __name__ == "__main__":
    raise SystemExit(main())
