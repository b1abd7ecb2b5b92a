#!/bin/bash
# One lab "machine". lab.sh copies this file to $STATE/bin/ (so edits to the repo never hit a
# running bash mid-read) and starts it as
#   setsid nsenter --net=/run/netns/NAME unshare --mount --uts --propagation private host-main.sh NAME IP
# It gives the host its own hostname, /run, /var/lib/docker and /root, then supervises dockerd and
# sshd. If either dies, the whole host goes down, so `lab.sh up` only has to restart whole hosts.
set -euo pipefail

name=$1
ip=$2
STATE=${DROVER_LAB_DIR:?DROVER_LAB_DIR must be set}
REGISTRY=${LAB_REGISTRY:?LAB_REGISTRY must be set}
PRIVATE_REGISTRY=${LAB_PRIVATE_REGISTRY:?LAB_PRIVATE_REGISTRY must be set}
hdir=$STATE/hosts/$name
logs=$STATE/logs

say() { echo "$(date '+%F %T') [$name] $*"; }

setup_mounts() {
  hostname "$name"
  # Private /run: own docker.sock, sshd.pid, containerd state, xtables lock, like a real host.
  mount -t tmpfs -o mode=755,nosuid,nodev tmpfs /run
  mkdir -p /run/sshd /run/lock
  chmod 755 /run/sshd
  # Clients expect /var/run/docker.sock; it is normally a symlink to /run.
  if [[ "$(readlink -f /var/run)" != /run ]]; then mount --bind /run /var/run; fi
  mkdir -p /var/lib/docker # absent on a machine where dockerd never ran
  mount --bind "$hdir/docker" /var/lib/docker
  # Own /root: the machine's .bashrc (slow version-manager init) and .ssh must not be used.
  mount --bind "$hdir/root" /root
  # The machine may carry a newer docker CLI in /usr/local/bin that shadows Debian's; a stock
  # docker.io host has a CLI matching its engine, so show that one to ssh sessions.
  if [[ -x /usr/local/bin/docker ]] && ! cmp -s /usr/bin/docker /usr/local/bin/docker; then
    mount --bind /usr/bin/docker /usr/local/bin/docker
  fi
}

main() {
  say "starting ($ip)"
  setup_mounts
  # --config-file keeps any /etc/docker/daemon.json of the machine out of the lab.
  /usr/sbin/dockerd -H unix:///run/docker.sock --insecure-registry "$REGISTRY" --insecure-registry "$PRIVATE_REGISTRY" \
    --config-file "$hdir/daemon.json" >>"$logs/$name-dockerd.log" 2>&1 &
  local dpid=$!
  /usr/sbin/sshd -D -f "$hdir/sshd_config" -E "$logs/$name-sshd.log" &
  local spid=$!
  say "dockerd pid $dpid, sshd pid $spid"

  local stopping=0
  trap 'stopping=1; kill -TERM "$dpid" "$spid" 2>/dev/null || true' TERM INT HUP
  set +e
  wait -n "$dpid" "$spid"
  local rc=$?
  if ((stopping == 0)); then
    say "a child exited (rc $rc); taking the host down"
    kill -TERM "$dpid" "$spid" 2>/dev/null
  fi
  # dockerd stops its containers on TERM (up to its shutdown timeout); wait for it.
  while kill -0 "$dpid" 2>/dev/null || kill -0 "$spid" 2>/dev/null; do wait 2>/dev/null; sleep 0.2; done
  say "stopped"
}

main
