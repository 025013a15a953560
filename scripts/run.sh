#!/usr/bin/env bash
# Set up and start AKNet Studio. Without a display (a server, CI), run the main job instead:
# restore the bundled sample photo with the bundled dehazing model into ./restored/.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
. .venv/bin/activate
if [ "$(uname)" = "Linux" ] && [ -z "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]; then
  echo "No display found: restoring the bundled sample on the command line instead of opening the app."
  aknet restore resources/samples -o restored --task dehaze
  echo "Restored images are in $(pwd)/restored/"
else
  exec aknet-gui "$@"
fi
