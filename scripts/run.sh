#!/usr/bin/env bash
# Set up and start AKNet Studio. Without a display (a server, CI), run the main job instead:
# restore the bundled sample photos with the bundled models into ./restored/ (hazy: dehaze, snowy: desnow, blurry: defocus).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
. .venv/bin/activate
if [ "$(uname)" = "Linux" ] && [ -z "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]; then
  echo "No display found: restoring the bundled samples on the command line instead of opening the app."
  aknet restore resources/samples/hazy_rocket.jpg -o restored --task dehaze
  if [ -f resources/weights/desnow.safetensors ]; then
    aknet restore resources/samples/snowy_rocket.jpg -o restored --task desnow
  fi
  if [ -f resources/weights/defocus.safetensors ]; then
    aknet restore resources/samples/blurry_rocket.jpg -o restored --task defocus
  fi
  echo "Restored images are in $(pwd)/restored/"
else
  # Qt's X11 plugin needs system libraries minimal installs lack; say which, and how to install them, before Qt
  # fails with "Could not load the Qt platform plugin".
  python -m aknet_gui.platform_check || exit 1
  exec aknet-gui "$@"
fi
