"""The `aknet-gui` command and `python -m aknet_gui`: huge pages first (core/huge_pages.py), before PyTorch
and Qt load, then the app."""

from __future__ import annotations

from core.huge_pages import restart_with_huge_pages


def main() -> int:
    """Run the desktop app with the arguments it was started with; returns the exit status."""
    restart_with_huge_pages()
    from aknet_gui.app import main as app_main

    return app_main()
