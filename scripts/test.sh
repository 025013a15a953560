#!/usr/bin/env bash
# Set up a fresh machine and run every check: ruff, then the whole test suite (slow tests included).
# Usage: scripts/test.sh [extra pytest arguments]
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh dev,build
. .venv/bin/activate
# Qt's X11 plugin needs system libraries that a desktop has and a minimal or CI machine may lack; the app's self-test
# (and the frozen build's tests) check them, so install them here where apt and root are at hand.
if ! python -m aknet_gui.platform_check --x11; then
  if command -v apt-get >/dev/null && [ "$(id -u)" = 0 ]; then
    (apt-get update -qq && apt-get install -y -qq libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 xvfb) >/dev/null ||
      echo "warning: could not install Qt's X11 libraries; the self-test checks will fail" >&2
  else
    echo "warning: Qt's X11 libraries are missing (listed above); the self-test checks will fail" >&2
  fi
fi
export QT_QPA_PLATFORM=offscreen
ruff check .
ruff format --check .
python -m pytest "$@"
