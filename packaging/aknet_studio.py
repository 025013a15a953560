"""Entry point of the frozen desktop app (AKNetStudio, AKNetStudio.exe, AKNetStudio.app)."""

import multiprocessing
import sys

from frozen_support import ensure_streams

from aknet_gui.app import main

if __name__ == "__main__":
    multiprocessing.freeze_support()  # a batch on several devices starts worker processes from this executable
    ensure_streams("AKNetStudio.log")
    sys.exit(main(sys.argv[1:]))
