# Shared by the README's two commands: install what is missing, nothing more.
# shellcheck shell=bash

log() { printf '\033[1m==> %s\033[0m\n' "$*"; }

# Debian packages the lab, the integration tests and the browser tests need.
LAB_PACKAGES=(docker.io openssh-server docker-registry debootstrap busybox-static iproute2 iptables apache2-utils chromium)

missing_packages() {
  local pkg
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || printf '%s\n' "$pkg"
  done
}

install_packages() {
  local missing
  mapfile -t missing < <(missing_packages "$@")
  [ "${#missing[@]}" -eq 0 ] && return 0
  if [ "$(id -u)" -ne 0 ]; then
    echo "Missing Debian packages: ${missing[*]} (run as root, or: sudo apt-get install ${missing[*]})" >&2
    return 1
  fi
  log "Installing ${missing[*]}"
  apt-get update -q
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${missing[@]}"
}

# npm dependencies, with Electron's binary download skipped: it needs outside network and the
# console falls back to web mode without it.
install_node_modules() {
  export ELECTRON_SKIP_BINARY_DOWNLOAD=1
  if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
    log "Installing npm dependencies"
    npm ci --no-audit --no-fund
  fi
}

# A digest of everything the build reads: sources (tests excluded: the build skips them), the
# lock file and the build configs. Content, not mtimes, so a checkout or touch does not count.
BUILD_STAMP=dist/.build-stamp
build_inputs_digest() {
  find src scripts/build-preload.mjs package.json package-lock.json tsconfig*.json vite.config.mts \
    -type f ! -name '*.test.ts' ! -name '*.test.tsx' -print0 |
    LC_ALL=C sort -z | xargs -0 sha256sum | sha256sum | cut -d' ' -f1
}

# Builds only when the inputs changed since the last successful build.
build_if_changed() {
  local digest
  digest=$(build_inputs_digest)
  if [ -f "$BUILD_STAMP" ] && [ "$(cat "$BUILD_STAMP")" = "$digest" ]; then
    return 0
  fi
  log "Building (sources changed)"
  rm -f "$BUILD_STAMP"
  npm run --silent build >/dev/null
  printf '%s\n' "$digest" >"$BUILD_STAMP"
}
