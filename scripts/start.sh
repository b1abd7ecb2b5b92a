#!/usr/bin/env bash
# The README's start command: installs what is missing, builds, and starts the console (the
# desktop app where Electron can run, web mode otherwise). Arguments go to `drover`.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh

install_node_modules
log "Building"
npm run --silent build >/dev/null
exec node bin/drover.js "$@"
