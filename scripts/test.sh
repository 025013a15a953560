#!/usr/bin/env bash
# Set up a fresh machine and run every check: ruff, then the whole test suite (slow tests included).
# Usage: scripts/test.sh [extra pytest arguments]
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh dev,build
. .venv/bin/activate
export QT_QPA_PLATFORM=offscreen
ruff check .
ruff format --check .
python -m pytest "$@"
