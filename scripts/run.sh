#!/usr/bin/env bash
# Builds Sockeye (installing what is missing) and launches the desktop app. Arguments go to the app,
# e.g. scripts/run.sh --tcp-server 7000
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
cmake --preset default >/dev/null
cmake --build --preset default
exec build/default/src/gui/sockeye "$@"
