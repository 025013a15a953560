"""Entry point of the frozen desktop app (AKNetStudio, AKNetStudio.exe, AKNetStudio.app)."""

import sys

from frozen_support import ensure_streams

from aknet_gui.app import main

if __name__ == "__main__":
    ensure_streams("AKNetStudio.log")
    sys.exit(main(sys.argv[1:]))
