#!/usr/bin/env bash
# The README's test command (and CI's): on a fresh Debian machine, as root, installs everything
# the tests need, brings up the lab of Docker hosts, and runs every suite. Non-zero on failure.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh

if [ "$(id -u)" -ne 0 ]; then
  echo "The test suite needs root: it installs packages and runs the lab's hosts in namespaces." >&2
  exit 1
fi
start=$SECONDS
install_packages "${LAB_PACKAGES[@]}"
install_node_modules
log "Bringing up the lab"
# Five hosts: the destructive suite forms a Swarm of 3 managers and 2 workers.
bash e2e/lab/lab.sh up "${DROVER_LAB_HOSTS:-5}"
log "Running the tests"
npm test
log "All suites passed in $((SECONDS - start)) s"
