#!/usr/bin/env bash
# The GPU training job, a thin wrapper of `python -m training.gpu_job` (see its docstring):
#   scripts/gpu_job.sh prepare          here: build .gpu/pack; print the one-line command and the folders to carry
#   scripts/gpu_job.sh run --out DIR    on the GPU machine: train dehaze, desnow and defocus at once, check, report
#   scripts/gpu_job.sh --dry-run DIR    here: the same job on the CPU, a few steps per task at tiny sizes
#   scripts/gpu_job.sh merge DIR        here: import returned weights that beat the bundled ones; log the timings
# Python: $PYTHON, else the repository's .venv, else python3 (the GPU machine's own; no install needed).
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
if [ -z "${PYTHON:-}" ]; then
  if [ -x "$repo/.venv/bin/python" ]; then PYTHON="$repo/.venv/bin/python"
  elif command -v python3 >/dev/null 2>&1; then PYTHON=python3
  else PYTHON=python
  fi
fi
if [ "${1:-}" = "--dry-run" ]; then set -- run "$@"; fi
export PYTHONPATH="$repo${PYTHONPATH:+:$PYTHONPATH}"
exec "$PYTHON" -m training.gpu_job "$@"
