"""Scores of a mutmut run (scripts/mutation.sh): killed / survived / untested mutants per module and package.

    python scripts/mutation_report.py [MODULE ...] [--markdown FILE] [--survivors]

Reads mutmut's result files (mutants/**/*.py.meta). A mutant is killed when a test failed on it, survived when
the tests that run its function all passed, untested when no fast test runs its function at all, and timed out
when the tests ran past mutmut's limit (counted as killed, as mutmut does). The score is killed / (killed +
survived + untested).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# mutmut's exit codes (mutmut/stats.py): a crash (segfault) under a mutant is a failed test, so killed.
OUTCOMES = {1: "killed", 3: "killed", -9: "killed", -11: "killed", 0: "survived", 5: "untested", 33: "untested"}
OUTCOMES |= {34: "skipped", 35: "suspicious", 37: "killed", 2: "interrupted"}
OUTCOMES |= dict.fromkeys((36, -24, 24, 152, 255), "timeout")


def read_results(mutants: Path) -> dict[str, dict[str, str]]:
    """{module: {mutant name: outcome}} for every mutant that has run."""
    results: dict[str, dict[str, str]] = defaultdict(dict)
    for meta in sorted(mutants.rglob("*.py.meta")):
        source = meta.relative_to(mutants).with_suffix("").with_suffix("")
        module = ".".join(source.parts)
        for name, code in json.loads(meta.read_text()).get("exit_code_by_key", {}).items():
            if code is not None:
                results[module][name] = OUTCOMES.get(code, f"exit {code}")
    return results


def score(counts: Counter) -> float | None:
    caught = counts["killed"] + counts["timeout"]
    total = caught + counts["survived"] + counts["untested"]
    return 100 * caught / total if total else None


def table(rows: list[tuple[str, Counter]]) -> list[str]:
    lines = ["| Module | Mutants run | Killed | Survived | Untested | Score |", "|---|---:|---:|---:|---:|---:|"]
    for name, counts in rows:
        value = score(counts)
        lines.append(
            f"| {name} | {sum(counts.values())} | {counts['killed'] + counts['timeout']} | {counts['survived']} | "
            f"{counts['untested']} | {'–' if value is None else f'{value:.0f}%'} |"
        )
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("modules", nargs="*", help="modules to report (default: every one that has run)")
    parser.add_argument("--mutants", type=Path, default=ROOT / "mutants", help="mutmut's folder (default mutants/)")
    parser.add_argument("--markdown", type=Path, help="also write the table to this file")
    parser.add_argument("--survivors", action="store_true", help="list the mutants that survived")
    args = parser.parse_args(argv)
    if not args.mutants.is_dir():
        print(f"error: {args.mutants} does not exist; run scripts/mutation.sh first", file=sys.stderr)
        return 2
    results = read_results(args.mutants)
    modules = [m for m in sorted(results) if not args.modules or m in args.modules]
    rows = [(module, Counter(results[module].values())) for module in modules if results[module]]
    packages: dict[str, Counter] = defaultdict(Counter)
    for module, counts in rows:
        packages[module.split(".")[0]] += counts
    lines = table(rows + [(f"**{name}/ (all run)**", counts) for name, counts in sorted(packages.items())])
    print("\n".join(lines))
    if args.survivors:
        for module in modules:
            for name, outcome in sorted(results[module].items()):
                if outcome in ("survived", "untested"):
                    print(f"{outcome:9} {name}")
    if args.markdown:
        args.markdown.write_text("\n".join(lines) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
