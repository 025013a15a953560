"""Entry point of the frozen desktop app (AKNetStudio, AKNetStudio.exe, AKNetStudio.app)."""

import multiprocessing
import sys

from frozen_support import ensure_streams

from core.huge_pages import restart_with_huge_pages

if __name__ == "__main__":
    multiprocessing.freeze_support()  # a batch on several devices starts worker processes from this executable
    ensure_streams("AKNetStudio.log")
    restart_with_huge_pages()  # before PyTorch and Qt load (Linux; see core/huge_pages.py)
    from aknet_gui.app import main

    sys.exit(main(sys.argv[1:]))
