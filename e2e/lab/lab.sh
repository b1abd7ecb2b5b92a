#!/bin/bash
# Drover test lab: N real Docker hosts on one Linux machine, each in its own network, mount and
# UTS namespaces, reachable over real SSH, plus a local registry. See README.md next to this file.
#
#   lab.sh up [N]            bring up (or repair) registry + hosts drvlab1..N (default 3)
#   lab.sh down [--purge]    stop everything, remove netns/veths/bridge/iptables rules
#   lab.sh status [--json]   one line per host + registry; non-zero exit if anything is down
#   lab.sh env               shell exports for tests
#   lab.sh reset             leave Swarm, remove services/containers on all hosts (lab stays up)
#   lab.sh restart NAME...   restart hosts (sshd + dockerd), e.g. after they left a Swarm
#   lab.sh deps              apt-get install what the lab needs
set -euo pipefail

STATE=${DROVER_LAB_DIR:-/var/lib/drover-lab}
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
BRIDGE=drvlab0
NET=10.77.0
GATEWAY=$NET.1
REG_NS=drvlab-reg
REG_IP=$NET.2
REGISTRY=$REG_IP:5000
# The same storage served again with basic auth: the private registry tests log in to.
PRIVATE_REGISTRY=$REG_IP:5001
PRIVATE_USER=drover
PRIVATE_PASSWORD=drover-registry
SUITE=bookworm
IMAGES=(nginx haproxy whoami)
DEFAULT_HOSTS=${DROVER_LAB_HOSTS:-3} # `up` with no N; tests need 3
PACKAGES=(docker.io openssh-server docker-registry debootstrap busybox-static iproute2 iptables curl apache2-utils)
HM=$STATE/bin/host-main.sh
KEY=$STATE/id_ed25519
DOCKER=/usr/bin/docker # Debian's CLI, matching the engine (a newer one may sit in /usr/local/bin)
CLEAN_ENV=(env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8 "DROVER_LAB_DIR=$STATE" "LAB_REGISTRY=$REGISTRY" "LAB_PRIVATE_REGISTRY=$PRIVATE_REGISTRY")
T0=${EPOCHREALTIME/./}

# ---------------------------------------------------------------------------------------------
# helpers

log() {
  local t=$(((${EPOCHREALTIME/./} - T0) / 100000))
  printf '[lab %3d.%ds] %s\n' $((t / 10)) $((t % 10)) "$*"
}
die() { echo "lab: $*" >&2; exit 1; }

host_name() { echo "drvlab$1"; }
host_ip() { echo "$NET.$((10 + $1))"; }
veth_of() { echo "vh-$1"; } # root-side end; the netns side is always eth0
# Fixed MACs: a re-created veth must not get a new random MAC, or neighbours (the console's
# root namespace, other hosts) keep sending to the old one until their ARP entry expires (~20 s).
mac_of() { printf '02:77:00:00:00:%02x' "${1##*.}"; } # ip

need_root() { [[ $EUID -eq 0 ]] || die "must run as root (namespaces, bridges, iptables)"; }

check_state_dir() {
  # Hosts bind-mount their own /root, /run and /var/lib/docker: state there would be hidden.
  case "$STATE/" in
    / | /root/* | /run/* | /var/run/* | /var/lib/docker/*) die "DROVER_LAB_DIR=$STATE is not usable (hidden inside lab hosts)" ;;
  esac
}

check_tools() {
  local t missing=()
  for t in dockerd containerd sshd docker-registry debootstrap busybox ip iptables nsenter unshare curl ssh ssh-keygen flock htpasswd; do
    command -v "$t" >/dev/null || missing+=("$t")
  done
  [[ -x $DOCKER ]] || missing+=("$DOCKER")
  ((${#missing[@]} == 0)) || die "missing: ${missing[*]} — run: $0 deps"
}

# Serialise lab.sh runs. The lock fd must not leak into long-lived lab processes (see spawn).
take_lock() {
  mkdir -p "$STATE"
  exec 9>"$STATE/.lock"
  flock -w 900 9 || die "another lab.sh holds $STATE/.lock"
}

# Start a long-lived process detached from this shell, its job and the lock, with a clean env.
spawn() { # logfile cmd...
  local logfile=$1
  shift
  (cd / && exec setsid "${CLEAN_ENV[@]}" "$@") </dev/null >>"$logfile" 2>&1 9>&- &
}

# All descendants of the given pids (inclusive), from one ps snapshot.
tree_of() {
  (($# > 0)) || return 0
  ps -eo pid=,ppid= | awk -v roots="$*" '
    BEGIN { n = split(roots, r, " "); for (i = 1; i <= n; i++) keep[r[i]] = 1 }
    { par[$1] = $2 }
    END { do { ch = 0; for (p in par) if (!(p in keep) && (par[p] in keep)) { keep[p] = 1; ch = 1 } } while (ch)
          for (p in keep) if (p in par) print p }'
}

kill_tree() { # pids... — SIGKILL whole trees (twice, to catch children forked meanwhile)
  local pids all=() i
  for _ in 1 2; do
    pids=$(tree_of "$@")
    [[ -n $pids ]] || break
    # shellcheck disable=SC2206
    all+=($pids)
    kill -KILL "${all[@]}" 2>/dev/null || true
    sleep 0.2
  done
  ((${#all[@]} > 0)) || return 0
  # Wait until they are really gone; zombies count as gone (PID 1 reaps them when it likes).
  local list
  list=$(IFS=,; echo "${all[*]}")
  for ((i = 0; i < 50; i++)); do
    ps -o stat= -p "$list" 2>/dev/null | grep -qv '^Z' || return 0
    sleep 0.1
  done
}

# Processes are found by their exact command line, never by a broad name.
# (pattern passed via the environment: as an awk argument it would match awk itself)
pids_by_args() { ps -eo pid=,args= | PAT=$1 awk 'index($0, ENVIRON["PAT"]) { print $1 }'; }
host_pid() { pids_by_args "$HM $1 " | head -n1; }
reg_pid() { pids_by_args "docker-registry serve $STATE/registry/config.yml" | head -n1; }
private_reg_pid() { pids_by_args "docker-registry serve $STATE/registry/private.yml" | head -n1; }
ns_pids() { [[ -e /run/netns/$1 ]] && ip netns pids "$1" 2>/dev/null || true; }

# docker CLI inside a running host's mount namespace (its /run/docker.sock, its /root).
# HD_TIMEOUT=<s> bounds the call (timeout(1) cannot run a shell function itself).
hdocker() { # name args...
  local pid
  pid=$(host_pid "$1")
  [[ -n $pid ]] || return 1
  shift
  timeout "${HD_TIMEOUT:-0}" nsenter -t "$pid" -m -u -n "$DOCKER" -H unix:///run/docker.sock "$@"
}

dockerd_ok() { HD_TIMEOUT=10 hdocker "$1" version --format '{{.Server.Version}}' >/dev/null 2>&1; }
sshd_ok() { # reads the SSH banner from the root namespace, as the console would connect
  # shellcheck disable=SC2016
  timeout 3 bash -c 'exec 3<>/dev/tcp/$0/22 && head -c 4 <&3' "$1" 2>/dev/null | grep -q '^SSH-'
}
registry_ok() { curl -sf -m 3 -o /dev/null "http://$REGISTRY/v2/"; }
# Up means it answers, and only to its user.
private_registry_ok() {
  curl -sf -m 3 -o /dev/null -u "$PRIVATE_USER:$PRIVATE_PASSWORD" "http://$PRIVATE_REGISTRY/v2/" &&
    [[ $(curl -s -m 3 -o /dev/null -w '%{http_code}' "http://$PRIVATE_REGISTRY/v2/") == 401 ]]
}

wait_for() { # seconds description cmd... — poll until cmd succeeds
  local secs=$1 what=$2 i
  shift 2
  for ((i = 0; i < secs * 5; i++)); do
    "$@" && return 0
    sleep 0.2
  done
  die "timed out after ${secs}s waiting for $what"
}

# Existing lab host netns names, e.g. drvlab1 drvlab2 (from the kernel, not from our config).
existing_hosts() { ip netns list 2>/dev/null | awk '$1 ~ /^drvlab[0-9]+$/ { print $1 }' | sort -V; }
configured_count() { cat "$STATE/hosts.count" 2>/dev/null || echo "$DEFAULT_HOSTS"; }

# ---------------------------------------------------------------------------------------------
# state: keys, users, per-host folders and configs (files survive between runs)

ensure_client_key() {
  [[ -s $KEY ]] || ssh-keygen -q -t ed25519 -N '' -C drover-lab -f "$KEY"
}

ensure_drover_user() {
  # Hosts share the machine's /etc/passwd, so one user serves all of them (password auth tests).
  if ! id drover >/dev/null 2>&1; then
    useradd -m -s /bin/bash -G docker drover
    echo 'drover:drover-lab' | chpasswd
    log "created user drover (password auth, docker group)"
  fi
  id -nG drover | grep -qw docker || usermod -aG docker drover
}

ensure_host_files() { # name ip
  local name=$1 ip=$2 h=$STATE/hosts/$1
  mkdir -p "$h/docker" "$h/root/.ssh"
  chmod 700 "$h/root" "$h/root/.ssh"
  cp "$KEY.pub" "$h/root/.ssh/authorized_keys"
  chmod 600 "$h/root/.ssh/authorized_keys"
  [[ -s $h/ssh_host_ed25519_key ]] || ssh-keygen -q -t ed25519 -N '' -C "$name" -f "$h/ssh_host_ed25519_key"
  [[ -s $h/daemon.json ]] || echo '{}' >"$h/daemon.json"
  cat >"$h/sshd_config" <<EOF
# generated by lab.sh — sshd of lab host $name
ListenAddress $ip
Port 22
HostKey $h/ssh_host_ed25519_key
PidFile /run/sshd.pid
UsePAM no
PermitRootLogin prohibit-password
PubkeyAuthentication yes
PasswordAuthentication yes
KbdInteractiveAuthentication no
AuthorizedKeysFile .ssh/authorized_keys
AllowTcpForwarding yes
AllowStreamLocalForwarding yes
X11Forwarding no
PrintMotd no
AcceptEnv LANG LC_*
Subsystem sftp /usr/lib/openssh/sftp-server
EOF
}

ensure_state() {
  mkdir -p "$STATE"/{bin,logs,images,registry/data,hosts}
  install -m 755 "$HERE/host-main.sh" "$HM.new" && mv -f "$HM.new" "$HM" # new inode: running hosts keep the old file
  ensure_client_key
  ensure_drover_user
  cat >"$STATE/registry/config.yml" <<EOF
version: 0.1
log:
  level: info
storage:
  filesystem:
    rootdirectory: $STATE/registry/data
  delete:
    enabled: true
http:
  addr: $REGISTRY
EOF
  htpasswd -nbB "$PRIVATE_USER" "$PRIVATE_PASSWORD" >"$STATE/registry/htpasswd"
  sed -e "s|addr: $REGISTRY|addr: $PRIVATE_REGISTRY|" "$STATE/registry/config.yml" >"$STATE/registry/private.yml"
  cat >>"$STATE/registry/private.yml" <<EOF
auth:
  htpasswd:
    realm: drover-lab
    path: $STATE/registry/htpasswd
EOF
  printf '#!/bin/sh\necho drover-lab\n' >"$STATE/bin/askpass-drover"
  chmod 755 "$STATE/bin/askpass-drover"
}

# ---------------------------------------------------------------------------------------------
# network: bridge, iptables, one netns + veth per host (all of it survives between runs)

ipt_ensure() { iptables -C "$@" 2>/dev/null || iptables -I "$@"; }
ipt_remove() { while iptables -C "$@" 2>/dev/null; do iptables -D "$@"; done; }
# Bridged traffic goes through FORWARD (br_netfilter) where dockerd may have set policy DROP.
IPT_ALLOW=(FORWARD -i "$BRIDGE" -o "$BRIDGE" -j ACCEPT)
# The lab may only talk to itself: nothing from the bridge is routed to the outside world.
IPT_FENCE=(FORWARD -i "$BRIDGE" ! -o "$BRIDGE" -j REJECT)

ensure_net_base() {
  if [[ $(cat /proc/sys/net/ipv4/ip_forward) != 1 ]]; then
    [[ -e $STATE/ip_forward.orig ]] || echo 0 >"$STATE/ip_forward.orig"
    sysctl -qw net.ipv4.ip_forward=1
  fi
  ip link show "$BRIDGE" >/dev/null 2>&1 || ip link add "$BRIDGE" type bridge
  ip link set "$BRIDGE" address "$(mac_of "$GATEWAY")" # else it follows its ports' MACs
  ip addr replace "$GATEWAY/24" dev "$BRIDGE"
  ip link set "$BRIDGE" up
  ipt_ensure "${IPT_FENCE[@]}"
  ipt_ensure "${IPT_ALLOW[@]}" # inserted last, so it sits above the fence
}

ensure_ns() { # name ip — netns + veth into the bridge; repairs links cut by fault tests
  local ns=$1 ip=$2 veth
  veth=$(veth_of "$ns")
  # A netns file without a live namespace behind it (e.g. after a real reboot) is useless.
  if [[ -e /run/netns/$ns ]] && ! ip -n "$ns" link show lo >/dev/null 2>&1; then ip netns delete "$ns" 2>/dev/null || rm -f "/run/netns/$ns"; fi
  [[ -e /run/netns/$ns ]] || ip netns add "$ns"
  if ! ip -n "$ns" link show eth0 >/dev/null 2>&1; then
    ip link del "$veth" 2>/dev/null || true
    ip link add "$veth" type veth peer name eth0 netns "$ns"
  fi
  ip link set "$veth" master "$BRIDGE" up
  ip -n "$ns" link set eth0 address "$(mac_of "$ip")"
  ip -n "$ns" link set lo up
  ip -n "$ns" link set eth0 up
  ip -n "$ns" addr replace "$ip/24" dev eth0
  ip -n "$ns" route replace default via "$GATEWAY" # Swarm's address auto-detection wants one
}

remove_ns() { # deleting the netns destroys eth0 and with it the root-side veth
  ip netns delete "$1" 2>/dev/null || true
  ip link del "$(veth_of "$1")" 2>/dev/null || true
}

# ---------------------------------------------------------------------------------------------
# registry

ensure_registry() {
  ensure_ns "$REG_NS" "$REG_IP"
  if registry_ok; then return 0; fi
  local pid
  pid=$(reg_pid)
  [[ -z $pid ]] || kill_tree "$pid"
  spawn "$STATE/logs/registry.log" nsenter --net="/run/netns/$REG_NS" docker-registry serve "$STATE/registry/config.yml"
  wait_for 20 "registry at $REGISTRY" registry_ok
  log "registry started at $REGISTRY"
}

ensure_private_registry() {
  if private_registry_ok; then return 0; fi
  local pid
  pid=$(private_reg_pid)
  [[ -z $pid ]] || kill_tree "$pid"
  spawn "$STATE/logs/private-registry.log" nsenter --net="/run/netns/$REG_NS" docker-registry serve "$STATE/registry/private.yml"
  wait_for 20 "private registry at $PRIVATE_REGISTRY" private_registry_ok
  log "private registry started at $PRIVATE_REGISTRY (user $PRIVATE_USER)"
}

stop_registry() {
  local pid
  pid=$(reg_pid)
  # shellcheck disable=SC2046,SC2086
  kill_tree $pid $(ns_pids "$REG_NS")
}

image_in_registry() {
  curl -sf -m 5 -o /dev/null -H 'Accept: application/vnd.docker.distribution.manifest.v2+json' \
    "http://$REGISTRY/v2/$1/manifests/lab"
}

# ---------------------------------------------------------------------------------------------
# hosts

host_ok() { # name ip — host-main alive with both children, answering on docker.sock and :22
  local name=$1 ip=$2 pid
  pid=$(host_pid "$name")
  [[ -n $pid ]] || return 1
  pgrep -P "$pid" -x dockerd >/dev/null && pgrep -P "$pid" -x sshd >/dev/null || return 1
  sshd_ok "$ip" && dockerd_ok "$name"
}

host_ready() { # name check args... — the check, but give up at once if the host died
  local name=$1
  shift
  if [[ -z $(host_pid "$name") ]]; then
    tail -n 5 "$STATE/logs/$name-main.log" >&2
    die "$name exited during start (see $STATE/logs/$name-*.log)"
  fi
  "$@"
}

stop_host() { # name — TERM lets dockerd stop its containers; whatever is left gets KILLed
  local name=$1 pid i
  pid=$(host_pid "$name")
  if [[ -n $pid ]]; then
    kill -TERM "$pid" 2>/dev/null || true
    for ((i = 0; i < 150; i++)); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
  fi
  # shellcheck disable=SC2046,SC2086
  kill_tree $pid $(ns_pids "$name")
}

start_host() { # name ip
  local name=$1 ip=$2
  spawn "$STATE/logs/$name-main.log" nsenter --net="/run/netns/$name" \
    unshare --mount --uts --propagation private "$HM" "$name" "$ip"
}

ensure_hosts() { # n — (re)start unsound hosts in parallel, then wait for all of them
  local n=$1 i name ip started=()
  for ((i = 1; i <= n; i++)); do
    name=$(host_name "$i") ip=$(host_ip "$i")
    ensure_host_files "$name" "$ip"
    ensure_ns "$name" "$ip"
    if host_ok "$name" "$ip"; then continue; fi
    if [[ -n $(host_pid "$name") ]]; then
      # Alive but not answering: give a dockerd that is still starting a moment first.
      sleep 3
      if host_ok "$name" "$ip"; then continue; fi
      log "$name is unsound, restarting it"
    fi
    stop_host "$name"
    start_host "$name" "$ip"
    started+=("$name")
  done
  ((${#started[@]} > 0)) || { log "all $n hosts already up"; return 0; }
  log "starting ${started[*]}"
  for name in "${started[@]}"; do
    wait_for 90 "dockerd on $name (see $STATE/logs/$name-dockerd.log)" host_ready "$name" dockerd_ok "$name"
    wait_for 20 "sshd on $name (see $STATE/logs/$name-sshd.log)" host_ready "$name" sshd_ok "$(host_ip "${name#drvlab}")"
    remove_orphan_tasks "$name"
  done
  log "hosts up: ${started[*]}"
}

# `down` after a crash can only delete the Swarm state, not run `swarm leave`, which would have
# removed the task containers; outside a Swarm such containers are always orphans.
remove_orphan_tasks() { # name
  local ids
  [[ $(HD_TIMEOUT=10 hdocker "$1" info --format '{{.Swarm.LocalNodeState}}') == inactive ]] || return 0
  ids=$(HD_TIMEOUT=10 hdocker "$1" ps -aq --filter label=com.docker.swarm.task.id)
  [[ -n $ids ]] || return 0
  # shellcheck disable=SC2086
  HD_TIMEOUT=60 hdocker "$1" rm -f $ids >/dev/null
  log "$1: removed $(wc -w <<<"$ids") containers of a former Swarm"
}

remove_extra_hosts() { # n — `up N` converges to exactly N hosts
  local n=$1 name
  for name in $(existing_hosts); do
    if ((${name#drvlab} > n)); then
      log "removing $name (beyond N=$n)"
      stop_host "$name"
      remove_ns "$name"
    fi
  done
}

# ---------------------------------------------------------------------------------------------
# images: rootfs tarballs cached in $STATE/images, imported on drvlab1 and pushed to the registry

apt_mirror() { # the machine's own Debian mirror for $SUITE — never hard-coded anywhere
  [[ -z ${DROVER_LAB_MIRROR:-} ]] || { echo "$DROVER_LAB_MIRROR"; return; }
  local f m
  for f in /etc/apt/sources.list.d/*.sources; do
    [[ -e $f ]] || continue
    m=$(awk -v s="$SUITE" 'BEGIN { RS = ""; FS = "\n" }
      { t = u = su = ""; on = 1
        for (i = 1; i <= NF; i++) {
          if ($i ~ /^Types:/) t = $i; else if ($i ~ /^URIs:/) u = $i
          else if ($i ~ /^Suites:/) su = $i; else if ($i ~ /^Enabled:[ \t]*no/) on = 0 }
        sub(/^Suites:/, "", su)
        if (on && t ~ /[ \t]deb([ \t]|$)/ && (" " su " ") ~ ("[ \t]" s "[ \t]")) {
          sub(/^URIs:[ \t]*/, "", u); split(u, a, /[ \t]+/); print a[1]; exit } }' "$f")
    [[ -z $m ]] || { echo "$m"; return; }
  done
  m=$(cat /etc/apt/sources.list /etc/apt/sources.list.d/*.list 2>/dev/null | awk -v s="$SUITE" '
    $1 == "deb" { i = 2; if ($2 ~ /^\[/) { while (i <= NF && $i !~ /\]$/) i++; i++ }
                  if ($(i + 1) == s) { print $i; exit } }')
  [[ -n $m ]] || die "no Debian $SUITE mirror in the apt sources (set DROVER_LAB_MIRROR)"
  echo "$m"
}

trim_rootfs() { # dir — smaller images; and no mirror host name inside them
  local d=$1
  rm -rf "$d"/var/lib/apt/lists/* "$d"/var/cache/apt/* "$d"/usr/share/doc/* "$d"/usr/share/man/* \
    "$d"/usr/share/info/* "$d"/usr/share/locale/* "$d"/usr/share/lintian "$d"/var/cache/debconf/*-old \
    "$d"/var/log/*.log "$d"/var/log/apt/* "$d"/etc/apt/sources.list.d/*
  : >"$d/etc/apt/sources.list"
  : >"$d/etc/resolv.conf"
  rm -f "$d/etc/hostname"
}

customize_nginx() {
  # Log to the container's stdout/stderr like the official image.
  ln -sf /dev/stdout "$1/var/log/nginx/access.log"
  ln -sf /dev/stderr "$1/var/log/nginx/error.log"
}

customize_haproxy() {
  # The official image reads /usr/local/etc/haproxy/haproxy.cfg; ship a valid default there.
  mkdir -p "$1/usr/local/etc/haproxy"
  cat >"$1/usr/local/etc/haproxy/haproxy.cfg" <<'EOF'
# Default config of the lab's haproxy:lab image; mount your own over this file.
global
    log stdout format raw local0

defaults
    mode http
    log global
    option httplog
    timeout connect 5s
    timeout client 30s
    timeout server 30s

frontend default
    bind :80
    http-request return status 200 content-type text/plain string "haproxy:lab default config\n"
EOF
  chroot "$1" haproxy -c -f /usr/local/etc/haproxy/haproxy.cfg
}

build_debootstrap() { # image packages — runs in the background, output in logs/build-<image>.log
  local img=$1 pkgs=$2 dir=$STATE/images/$1.rootfs mirror
  mirror=$(apt_mirror)
  rm -rf "$dir"
  # Own mount namespace: the /proc,/sys mounts debootstrap makes can never leak into the machine.
  unshare --mount --propagation private debootstrap --variant=minbase --include="$pkgs" "$SUITE" "$dir" "$mirror"
  "customize_$img" "$dir"
  trim_rootfs "$dir"
  tar --numeric-owner -C "$dir" -cf "$STATE/images/$img.tar.tmp" .
  mv -f "$STATE/images/$img.tar.tmp" "$STATE/images/$img.tar"
  rm -rf "$dir"
}

build_whoami() { # ~2 MB: static busybox; every request gets 200 + the container's hostname
  local dir=$STATE/images/whoami.rootfs a
  rm -rf "$dir"
  mkdir -p "$dir"/{bin,etc,tmp,proc,sys,dev,www}
  chmod 1777 "$dir/tmp"
  cp /bin/busybox "$dir/bin/busybox"
  for a in $(/bin/busybox --list); do [[ $a == busybox ]] || ln -s busybox "$dir/bin/$a"; done
  cat >"$dir/bin/whoami-http" <<'EOF'
#!/bin/sh
# One HTTP exchange per connection (run by `nc -ll -e`): any method, any path -> 200 + hostname.
cr=$(printf '\r')
read -t 5 -r req || exit 0
while read -t 5 -r h; do [ -z "${h%$cr}" ] && break; done
echo "${req%$cr}" >&2
printf 'HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\nContent-Length: %d\r\nConnection: close\r\n\r\n' $((${#WHOAMI_BODY} + 1))
case "$req" in HEAD*) ;; *) echo "$WHOAMI_BODY" ;; esac
EOF
  cat >"$dir/bin/whoami-start" <<'EOF'
#!/bin/sh
export WHOAMI_BODY="$(hostname)"
echo "whoami: $WHOAMI_BODY listening on :80" >&2
exec nc -ll -p 80 -e /bin/whoami-http
EOF
  chmod 755 "$dir/bin/whoami-http" "$dir/bin/whoami-start"
  tar --numeric-owner -C "$dir" -cf "$STATE/images/whoami.tar" .
  rm -rf "$dir"
}

image_changes() { # docker import --change arguments per image (20.10's import rejects STOPSIGNAL)
  case $1 in
    nginx) echo 'CMD ["nginx","-g","daemon off;"]|EXPOSE 80' ;;
    haproxy) echo 'CMD ["haproxy","-f","/usr/local/etc/haproxy/haproxy.cfg"]|EXPOSE 80' ;;
    whoami) echo 'CMD ["/bin/whoami-start"]|EXPOSE 80' ;;
  esac
}

publish_image() { # image — import the cached tarball on drvlab1 and push it
  local img=$1 ref=$REGISTRY/$1:lab args=() changes c
  IFS='|' read -r -a changes <<<"$(image_changes "$img")"
  for c in "${changes[@]}"; do args+=(-c "$c"); done
  # explicit returns: set -e does not apply in a function called from `||`
  hdocker drvlab1 import "${args[@]}" - "$ref" <"$STATE/images/$img.tar" >/dev/null || return 1
  hdocker drvlab1 push "$ref" >/dev/null || return 1
}

ensure_images() {
  local img missing=() builds=() pid failed=0
  for img in "${IMAGES[@]}"; do image_in_registry "$img" || missing+=("$img"); done
  ((${#missing[@]} > 0)) || { log "images present in registry: ${IMAGES[*]}"; return 0; }
  for img in "${missing[@]}"; do
    [[ -s $STATE/images/$img.tar ]] && continue
    log "building rootfs $img (log: $STATE/logs/build-$img.log)"
    case $img in
      nginx) build_debootstrap nginx nginx-light >"$STATE/logs/build-nginx.log" 2>&1 9>&- & ;;
      haproxy) build_debootstrap haproxy haproxy >"$STATE/logs/build-haproxy.log" 2>&1 9>&- & ;;
      whoami) build_whoami >"$STATE/logs/build-whoami.log" 2>&1 ;;
    esac
    [[ $img == whoami ]] || builds+=($!)
  done
  for pid in "${builds[@]}"; do wait "$pid" || failed=1; done
  ((failed == 0)) || die "image build failed, see $STATE/logs/build-*.log"
  log "publishing ${missing[*]} to $REGISTRY"
  local jobs=()
  for img in "${missing[@]}"; do # in parallel: push time is mostly gzip, one core each
    { publish_image "$img" && log "pushed $REGISTRY/$img:lab"; } 9>&- &
    jobs+=($!)
  done
  for pid in "${jobs[@]}"; do wait "$pid" || failed=1; done
  ((failed == 0)) || die "could not publish all images (see output above)"
}

# ---------------------------------------------------------------------------------------------
# outputs for tests

fingerprint() { ssh-keygen -lf "$1" -E sha256 | awk '{ print $2 }'; }

write_outputs() { # n — known_hosts and lab.json, atomically
  local n=$1 i name ip pub sep='' hosts=''
  : >"$STATE/known_hosts.tmp"
  for ((i = 1; i <= n; i++)); do
    name=$(host_name "$i") ip=$(host_ip "$i") pub=$STATE/hosts/$name/ssh_host_ed25519_key.pub
    echo "$ip $(cut -d' ' -f1,2 "$pub")" >>"$STATE/known_hosts.tmp"
    hosts+=$(printf '%s\n    {"name":"%s","address":"%s","port":22,"user":"root","hostKeyFingerprint":"%s"}' \
      "$sep" "$name" "$ip" "$(fingerprint "$pub")")
    sep=,
  done
  mv -f "$STATE/known_hosts.tmp" "$STATE/known_hosts"
  cat >"$STATE/lab.json.tmp" <<EOF
{
  "registry": "$REGISTRY",
  "privateRegistry": {"address": "$PRIVATE_REGISTRY", "user": "$PRIVATE_USER", "password": "$PRIVATE_PASSWORD",
    "whoami": "$PRIVATE_REGISTRY/whoami:lab"},
  "sshKey": "$KEY",
  "knownHosts": "$STATE/known_hosts",
  "passwordUser": {"user": "drover", "password": "drover-lab"},
  "hosts": [$hosts
  ],
  "images": {
    "nginx": "$REGISTRY/nginx:lab",
    "haproxy": "$REGISTRY/haproxy:lab",
    "whoami": "$REGISTRY/whoami:lab"
  }
}
EOF
  mv -f "$STATE/lab.json.tmp" "$STATE/lab.json"
  echo "$n" >"$STATE/hosts.count"
}

SSH_OPTS=(-F /dev/null -o UserKnownHostsFile="$STATE/known_hosts" -o StrictHostKeyChecking=yes
  -o ConnectTimeout=5 -o LogLevel=ERROR)

verify() { # n — what the console relies on, checked from the root namespace
  local n=$1 i ip dir pids=() failed=0 catalog img
  dir=$(mktemp -d)
  for ((i = 1; i <= n; i++)); do
    ip=$(host_ip "$i")
    ssh "${SSH_OPTS[@]}" -o BatchMode=yes -i "$KEY" "root@$ip" \
      "$DOCKER info --format '{{.Name}} {{.ServerVersion}} swarm={{.Swarm.LocalNodeState}}'" >"$dir/$i.root" 2>&1 &
    pids+=($!)
    SSH_ASKPASS=$STATE/bin/askpass-drover SSH_ASKPASS_REQUIRE=force setsid -w ssh "${SSH_OPTS[@]}" \
      -o PreferredAuthentications=password -o PubkeyAuthentication=no -o NumberOfPasswordPrompts=1 \
      "drover@$ip" "$DOCKER version --format '{{.Server.Version}}'" </dev/null >"$dir/$i.drover" 2>&1 &
    pids+=($!)
  done
  for i in "${pids[@]}"; do wait "$i" || failed=1; done
  for ((i = 1; i <= n; i++)); do
    log "verify $(host_ip "$i"): root key ssh -> $(tr '\n' ' ' <"$dir/$i.root")| drover password ssh -> $(tr '\n' ' ' <"$dir/$i.drover")"
  done
  rm -rf "$dir"
  ((failed == 0)) || die "ssh verification failed"
  catalog=$(curl -sf -m 5 "http://$REGISTRY/v2/_catalog") || die "registry catalog unreadable"
  for img in "${IMAGES[@]}"; do [[ $catalog == *"\"$img\""* ]] || die "registry lacks $img: $catalog"; done
  log "verify registry catalog: $catalog"
}

# ---------------------------------------------------------------------------------------------
# commands

cmd_up() {
  local n=${1:-$DEFAULT_HOSTS}
  [[ $n =~ ^[0-9]+$ ]] && ((n >= 1 && n <= 50)) || die "N must be 1..50"
  need_root
  check_state_dir
  check_tools
  take_lock
  log "up: $n hosts, state in $STATE"
  ensure_state
  ensure_net_base
  ensure_registry
  ensure_private_registry
  remove_extra_hosts "$n"
  ensure_hosts "$n"
  ensure_images
  write_outputs "$n"
  verify "$n"
  log "lab up: $n hosts, registry $REGISTRY, $STATE/lab.json — total $(((${EPOCHREALTIME/./} - T0) / 1000)) ms"
}

cmd_down() {
  local purge=0 name
  [[ ${1:-} == --purge ]] && purge=1
  need_root
  check_state_dir
  take_lock
  for name in $(existing_hosts); do
    # The lab must come back without a Swarm (the console forms it), so membership is dropped.
    if dockerd_ok "$name"; then HD_TIMEOUT=30 hdocker "$name" swarm leave --force >/dev/null 2>&1 || true; fi
  done
  for name in $(existing_hosts); do stop_host "$name" & done
  wait
  for name in $(existing_hosts); do
    rm -rf "$STATE/hosts/$name/docker/swarm" # in case the daemon was already dead
    remove_ns "$name"
    log "removed $name"
  done
  stop_registry
  remove_ns "$REG_NS"
  ipt_remove "${IPT_ALLOW[@]}"
  ipt_remove "${IPT_FENCE[@]}"
  ip link del "$BRIDGE" 2>/dev/null || true
  if [[ -e $STATE/ip_forward.orig ]]; then
    sysctl -qw net.ipv4.ip_forward="$(cat "$STATE/ip_forward.orig")"
    rm -f "$STATE/ip_forward.orig"
  fi
  rm -f "$STATE/lab.json"
  if ((purge)); then
    exec 9>&-
    rm -rf --one-file-system "${STATE:?}"
    log "purged $STATE"
  fi
  log "lab down"
}

# Docker 20.10 can keep a Swarm's gossip keys after `swarm leave`: a host that then joins another
# Swarm cannot carry overlay traffic ("memberlist: No installed keys could decrypt the message")
# until its dockerd restarts. Tests restart the hosts they took out of a Swarm.
cmd_restart() { # names...
  local name pids=()
  need_root
  (($# > 0)) || die "usage: lab.sh restart NAME..."
  for name in "$@"; do
    # Not `| grep -q`: grep leaving early can SIGPIPE the list, which pipefail turns into a failure.
    [[ " $(existing_hosts | xargs) " == *" $name "* ]] || die "no lab host $name"
    (
      stop_host "$name"
      start_host "$name" "$(host_ip "${name#drvlab}")"
      wait_for 90 "dockerd on $name" host_ready "$name" dockerd_ok "$name"
      # sshd answers in a second on an idle machine; a loaded one (every suite beside it) is slower.
      wait_for 60 "sshd on $name" host_ready "$name" sshd_ok "$(host_ip "${name#drvlab}")"
    ) &
    pids+=($!)
  done
  for pid in "${pids[@]}"; do wait "$pid" || die "a host did not come back"; done
  log "restarted $*"
}

cmd_reset() { # back to a freshly-up lab without restarting anything
  local name
  need_root
  for name in $(existing_hosts); do
    (
      HD_TIMEOUT=30 hdocker "$name" swarm leave --force >/dev/null 2>&1 || true
      ids=$(hdocker "$name" ps -aq)
      # shellcheck disable=SC2086
      [[ -z $ids ]] || hdocker "$name" rm -f $ids >/dev/null
      hdocker "$name" network prune -f >/dev/null
      hdocker "$name" volume prune -f >/dev/null
    ) &
  done
  wait
  log "reset: no swarm, no containers, networks or volumes on $(existing_hosts | xargs)"
}

cmd_status() {
  local json=0 n i name ip ssh_up dk_up swarm ok=0 reg=down preg=down lines=() objs=() sep=''
  [[ ${1:-} == --json ]] && json=1
  need_root
  n=$(configured_count)
  registry_ok && reg=up || ok=1
  private_registry_ok && preg=up || ok=1
  for ((i = 1; i <= n; i++)); do
    name=$(host_name "$i") ip=$(host_ip "$i") ssh_up=down dk_up=down swarm=-
    sshd_ok "$ip" && ssh_up=up
    if dockerd_ok "$name"; then
      dk_up=up
      swarm=$(HD_TIMEOUT=10 hdocker "$name" info --format '{{.Swarm.LocalNodeState}}{{if .Swarm.ControlAvailable}}/manager{{else if eq .Swarm.LocalNodeState "active"}}/worker{{end}}' 2>/dev/null || echo '?')
    fi
    [[ $ssh_up == up && $dk_up == up ]] || ok=1
    lines+=("$(printf '%-10s %-12s sshd=%-4s dockerd=%-4s swarm=%s' "$name" "$ip" "$ssh_up" "$dk_up" "$swarm")")
    objs+=("$(printf '%s{"name":"%s","address":"%s","sshd":%s,"dockerd":%s,"swarm":"%s"}' "$sep" "$name" "$ip" \
      "$([[ $ssh_up == up ]] && echo true || echo false)" "$([[ $dk_up == up ]] && echo true || echo false)" "$swarm")")
    sep=,
  done
  if ((json)); then
    printf '{"ok":%s,"registry":{"address":"%s","up":%s},"privateRegistry":{"address":"%s","up":%s},"hosts":[%s]}\n' \
      "$([[ $ok == 0 ]] && echo true || echo false)" "$REGISTRY" "$([[ $reg == up ]] && echo true || echo false)" \
      "$PRIVATE_REGISTRY" "$([[ $preg == up ]] && echo true || echo false)" "$(printf '%s' "${objs[@]}")"
  else
    printf '%s\n' "${lines[@]}"
    printf '%-10s %-12s %s\n' registry "$REGISTRY" "$reg"
    printf '%-10s %-12s %s\n' private "$PRIVATE_REGISTRY" "$preg"
  fi
  return $ok
}

cmd_env() {
  local n i ips=()
  n=$(configured_count)
  for ((i = 1; i <= n; i++)); do ips+=("$(host_ip "$i")"); done
  cat <<EOF
export DROVER_LAB_DIR=$STATE
export LAB_DIR=$STATE
export LAB_JSON=$STATE/lab.json
export LAB_SSH_KEY=$KEY
export LAB_KNOWN_HOSTS=$STATE/known_hosts
export LAB_REGISTRY=$REGISTRY
export LAB_HOSTS="${ips[*]}"
export LAB_PASSWORD_USER=drover
export LAB_PASSWORD=drover-lab
EOF
}

cmd_deps() {
  need_root
  local p missing=()
  for p in "${PACKAGES[@]}"; do dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' || missing+=("$p"); done
  ((${#missing[@]} == 0)) && { echo "all lab packages installed"; return 0; }
  apt-get update -q
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"
}

usage() { sed -n '4,10p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; }

main() {
  local cmd=${1:-}
  shift || true
  case $cmd in
    up) cmd_up "$@" ;;
    down) cmd_down "$@" ;;
    status) cmd_status "$@" ;;
    env) cmd_env ;;
    reset) cmd_reset ;;
    restart) cmd_restart "$@" ;;
    deps) cmd_deps ;;
    *) usage; [[ $cmd == -h || $cmd == --help ]] ;;
  esac
}

main "$@"
