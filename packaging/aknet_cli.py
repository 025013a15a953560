"""Entry point of the frozen command line (`aknet`, `aknet.exe`), beside AKNetStudio in the same folder."""

import multiprocessing
import sys

from frozen_support import run_module_request

from core.huge_pages import restart_with_huge_pages

if __name__ == "__main__":
    multiprocessing.freeze_support()  # a batch on several devices starts worker processes from this executable
    restart_with_huge_pages()  # before PyTorch loads (Linux; see core/huge_pages.py)
    from core.cli import main

    if run_module_request(sys.argv[1:]):
        sys.exit(0)
    sys.exit(main(sys.argv[1:]))
