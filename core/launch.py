"""The `aknet` console command: huge pages first (core/huge_pages.py), before PyTorch loads, then the CLI."""

from __future__ import annotations

from core.huge_pages import restart_with_huge_pages


def main() -> int:
    """Run `aknet` with the arguments it was started with; returns the exit status."""
    restart_with_huge_pages()
    from core.cli import main as cli_main

    return cli_main()
