#!/usr/bin/env bash
# Create .venv (if needed) and install AKNet Studio with its dependencies into it.
# torch is pinned to 2.13.0 first so that the project's "torch>=2.1,<3" range installs nothing more
# (an unpinned torch would pull a multi-GB CUDA build). Usage: scripts/setup.sh [extras, e.g. dev,build]
set -euo pipefail
cd "$(dirname "$0")/.."
extras="${1:-}"
python="${PYTHON:-python3}"
if [ ! -x .venv/bin/python ]; then
  "$python" -m venv .venv
fi
. .venv/bin/activate
python -m pip install --quiet --upgrade pip
python -m pip install --quiet "torch==${AKNET_TORCH_VERSION:-2.13.0}"
if [ -n "$extras" ]; then
  python -m pip install --quiet -e ".[${extras}]"
else
  python -m pip install --quiet -e .
fi
# The app's translations: compile aknet_gui/translations/*.ts into the .qm files the app loads (not in git)
python scripts/update_translations.py --release
