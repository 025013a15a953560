#!/usr/bin/env bash
# Build the desktop app from a clean checkout: dist/AKNetStudio/ (AKNetStudio and the aknet command line),
# on macOS also dist/AKNetStudio.app. Sets up .venv with the build extra (torch==2.13.0 pinned by setup.sh),
# runs PyInstaller on build.spec, prints the folder's size and runs the frozen app's self-test offscreen.
#
# Usage: scripts/build_app.sh [--no-setup] [--no-self-test] [--weights FILE] [--distpath DIR] [--workpath DIR]
#   --no-setup      build with the Python environment that is active (e.g. one with a CUDA torch for a GPU build)
#   --weights FILE  run the self-test with these weights (default: the bundled resources/weights/dehaze.safetensors)
# Exit status: 0 built and self-tested; 1 the build or the self-test failed; 2 no weights to self-test with.
set -euo pipefail
cd "$(dirname "$0")/.."

setup=1
self_test=1
weights=""
distpath="dist"
workpath="build"
while [ $# -gt 0 ]; do
  case "$1" in
    --no-setup) setup=0 ;;
    --no-self-test) self_test=0 ;;
    --weights) weights="$2"; shift ;;
    --distpath) distpath="$2"; shift ;;
    --workpath) workpath="$2"; shift ;;
    -h|--help) sed -n '2,10p' "$0"; exit 0 ;;
    *) echo "unknown option: $1 (see --help)" >&2; exit 2 ;;
  esac
  shift
done

if [ "$setup" = 1 ]; then
  scripts/setup.sh build
  . .venv/bin/activate
fi
python -c "import PyInstaller" 2>/dev/null || {
  echo "PyInstaller is not installed in $(command -v python); run scripts/setup.sh build (or pip install -e .[build])." >&2
  exit 1
}

started=$(date +%s)
python -m PyInstaller --noconfirm --log-level WARN --distpath "$distpath" --workpath "$workpath" build.spec
echo "Built $distpath/AKNetStudio in $(( $(date +%s) - started )) s with $(python -c 'import torch; print("torch", torch.__version__)')."
python packaging/size_report.py "$distpath/AKNetStudio" --top 10

if [ "$self_test" = 1 ]; then
  case "$(uname -s)" in
    MINGW*|MSYS*|CYGWIN*) app="$distpath/AKNetStudio/AKNetStudio.exe" ;;
    *) app="$distpath/AKNetStudio/AKNetStudio" ;;
  esac
  status=0
  QT_QPA_PLATFORM=offscreen "$app" --self-test ${weights:+--weights "$weights"} || status=$?
  if [ "$status" = 2 ]; then
    echo "The app was built but not self-tested: it has no weights to test with. Put dehaze.safetensors in" >&2
    echo "resources/weights/ and rebuild, or self-test with other weights: scripts/build_app.sh --weights FILE" >&2
  fi
  exit "$status"
fi
