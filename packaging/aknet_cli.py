"""Entry point of the frozen command line (`aknet`, `aknet.exe`), beside AKNetStudio in the same folder."""

import multiprocessing
import sys

from frozen_support import run_module_request

from core.cli import main

if __name__ == "__main__":
    multiprocessing.freeze_support()  # a batch on several devices starts worker processes from this executable
    if run_module_request(sys.argv[1:]):
        sys.exit(0)
    sys.exit(main(sys.argv[1:]))
