#!/usr/bin/env bash
# The README's start command: installs what is missing, builds when the sources changed since the
# last build, and starts the console (the desktop app where Electron can run, web mode otherwise).
# Arguments go to `drover`.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh

install_node_modules
build_if_changed
exec node bin/drover.js "$@"
