// The sampler that runs on each host over one long-lived SSH exec channel (decision 5: no agent).
// A constant POSIX sh script (dash, busybox ash) with one POSIX awk program (mawk, gawk, busybox):
// every tick the shell globs the container cgroups and finds each one's first pid and whether it
// shares the host's network namespace (`test -ef`, builtins only), then ONE awk process reads
// every /proc and cgroup file with buffered reads and prints the record. Measured on the lab:
// the shell's `read` builtin reads byte by byte, which cost ~5x more CPU than awk's buffered
// reads for the same files. Forks per tick: awk and sleep (and df every DF_EVERY ticks).
// The console only ever passes the tick, as a validated integer; nothing else enters the script.
//
// Record (one per tick; numbers as the kernel prints them, counters raw — the console makes rates):
//   @ <uptime seconds>                           start of a tick (/proc/uptime: the host's clock)
//   c <cpu|cpuN> user nice system idle iowait irq softirq steal   (USER_HZ ticks)
//   l <load1> <load5> <load15>
//   m <MemTotal> <MemFree> <MemAvailable> <Buffers> <Cached> <SReclaimable> <SwapTotal> <SwapFree> (kB)
//   n <iface> <rx bytes> <rx packets> <tx bytes> <tx packets>     (host netns, lo and veth* skipped)
//   d <disk> <reads> <sectors read> <writes> <sectors written>    (whole block devices only)
//   f <mount> <size kB> <used kB> <available kB>                   (every DF_EVERY ticks)
//   k <container id> <cpu usage ns> <quota us|-1> <period us> <mem usage> <mem limit> <cache>
//     <inactive file> <blk read bytes> <blk write bytes> <netns: own|host|none> <rx bytes>
//     <rx packets> <tx bytes> <tx packets>
//   .                                             end of the record
// Once at start: `# drover-sampler <version> <v1|v2|none> <cgroupfs|systemd|none> <pid>`.

export const SAMPLER_VERSION = 2;
export const DF_EVERY = 15;

// The awk program: no single quotes in it (it sits in the script's single-quoted AWK variable).
// Counters are printed as the strings read (awk's doubles would round 64-bit values); only sums
// go through arithmetic, printed with %.0f.
const awk = String.raw`
function rd(f,  v) { v = ""; if ((getline v < f) <= 0) v = ""; close(f); return v }
function sum(f, a, b, c, d,  l, p, i, g) {
  S1 = S2 = S3 = S4 = 0
  while ((getline l < f) > 0) {
    p = index(l, ":"); if (!p) continue
    i = substr(l, 1, p - 1); gsub(/ /, "", i)
    if (i == "lo") continue
    split(substr(l, p + 1), g, " ")
    S1 += g[1]; S2 += g[2]; S3 += g[9]; S4 += g[10]
  }
  close(f)
}
function host(DF,  g, l, p, i, d, n, m, j, cmd) {
  split(rd("/proc/uptime"), g, " "); print "@ " g[1]
  while ((getline l < "/proc/stat") > 0) {
    split(l, g, " "); if (g[1] !~ /^cpu/) break
    print "c " g[1] " " g[2] " " g[3] " " g[4] " " g[5] " " g[6] " " g[7] " " g[8] " " g[9]
  }
  close("/proc/stat")
  split(rd("/proc/loadavg"), g, " "); print "l " g[1] " " g[2] " " g[3]
  while ((getline l < "/proc/meminfo") > 0) { split(l, g, " "); M[g[1]] = g[2] }
  close("/proc/meminfo")
  print "m " M["MemTotal:"]+0 " " M["MemFree:"]+0 " " M["MemAvailable:"]+0 " " M["Buffers:"]+0 " " M["Cached:"]+0 " " M["SReclaimable:"]+0 " " M["SwapTotal:"]+0 " " M["SwapFree:"]+0
  while ((getline l < "/proc/net/dev") > 0) {
    p = index(l, ":"); if (!p) continue
    i = substr(l, 1, p - 1); gsub(/ /, "", i)
    if (i == "lo" || i ~ /^veth/) continue
    split(substr(l, p + 1), g, " "); print "n " i " " g[1] " " g[2] " " g[9] " " g[10]
  }
  close("/proc/net/dev")
  while ((getline l < "/proc/diskstats") > 0) {
    split(l, g, " "); d = g[3]
    if (d ~ /^(loop|ram|zram|sr|fd)/) continue
    if (rd("/sys/block/" d "/dev") != "") print "d " d " " g[4] " " g[6] " " g[8] " " g[10]
  }
  close("/proc/diskstats")
  if (DF) {
    cmd = "df -P -k 2>/dev/null"
    while ((cmd | getline l) > 0) {
      n = split(l, g, " "); if (g[1] !~ /^\/dev\//) continue
      m = g[6]; for (j = 7; j <= n; j++) m = m " " g[j]
      print "f " m " " g[2] " " g[3] " " g[4]
    }
    close(cmd)
  }
}
# One line per container from the shell: <cgroup dir> <first pid> <own|host|none>.
function container(dir, pid, ns,  id, rel, cpu, quota, period, mu, ml, cache, inact, rb, wb, f, l, g, n, j) {
    sub(/\/$/, "", dir); id = dir; sub(/.*\//, "", id); sub(/^docker-/, "", id); sub(/\.scope$/, "", id)
    rel = substr(dir, length(BASE) + 1)
    cpu = 0; mu = 0; cache = 0; inact = 0; rb = 0; wb = 0
    # Limits rarely change: read when a container is new and on full ticks (every DF_EVERY).
    if (FULL || !(id in QUOTA)) limits(dir, rel, id)
    if (V == "v2") {
      f = dir "/cpu.stat"
      while ((getline l < f) > 0) { split(l, g, " "); if (g[1] == "usage_usec") { cpu = g[2] "000"; break } }
      close(f)
      mu = rd(dir "/memory.current")
      f = dir "/memory.stat"
      while ((getline l < f) > 0) {
        split(l, g, " "); if (g[1] == "file") cache = g[2]; else if (g[1] == "inactive_file") { inact = g[2]; break }
      }
      close(f)
      f = dir "/io.stat"
      while ((getline l < f) > 0) {
        n = split(l, g, " ")
        for (j = 2; j <= n; j++) {
          if (g[j] ~ /^rbytes=/) rb += substr(g[j], 8); else if (g[j] ~ /^wbytes=/) wb += substr(g[j], 8)
        }
      }
      close(f)
    } else {
      cpu = rd(CPU rel "/cpuacct.usage"); mu = rd(dir "/memory.usage_in_bytes")
      f = dir "/memory.stat"
      while ((getline l < f) > 0) {
        split(l, g, " "); if (g[1] == "cache") cache = g[2]; else if (g[1] == "inactive_file") { inact = g[2]; break }
      }
      close(f)
      f = BLK rel "/blkio.throttle.io_service_bytes"
      while ((getline l < f) > 0) { split(l, g, " "); if (g[2] == "Read") rb += g[3]; else if (g[2] == "Write") wb += g[3] }
      close(f)
    }
    S1 = S2 = S3 = S4 = 0
    if (ns == "own") sum("/proc/" pid "/net/dev")
    if (cpu == "") cpu = 0
    printf "k %s %s %s %s %s %s %s %s %.0f %.0f %s %.0f %.0f %.0f %.0f\n", id, cpu, QUOTA[id], PERIOD[id], (mu == "" ? 0 : mu), LIMIT[id], cache, inact, rb, wb, ns, S1, S2, S3, S4
    SEEN[id] = 1
}
function limits(dir, rel, id,  g, q, p, m) {
  q = -1; p = 100000
  if (V == "v2") {
    split(rd(dir "/cpu.max"), g, " "); if (g[1] != "max" && g[1] != "") { q = g[1]; p = g[2] }
    m = rd(dir "/memory.max"); if (m == "max") m = -1
  } else {
    q = rd(QUO rel "/cpu.cfs_quota_us"); p = rd(QUO rel "/cpu.cfs_period_us"); m = rd(dir "/memory.limit_in_bytes")
  }
  QUOTA[id] = q == "" ? -1 : q; PERIOD[id] = p == "" ? 100000 : p; LIMIT[id] = m == "" ? -1 : m
}
# The shell sends "T <n>" to start a tick, then one line per container, then "E".
$1 == "T" { FULL = ($2 % DFE == 0); host(FULL); split("", SEEN); next }
$1 == "E" {
  # Forget the limits of containers that are gone.
  for (id in QUOTA) if (!(id in SEEN)) { delete QUOTA[id]; delete PERIOD[id]; delete LIMIT[id] }
  print "."; fflush(); next
}
NF == 3 { container($1, $2, $3) }
`;

// A plain template literal: \${ is the shell's ${, ${X} interpolates the constants above.
const script = `
T=$1
# The cgroup root can be moved for tests of the v2 layouts (the console never sets it).
C=\${DROVER_CGROUP_ROOT:-/sys/fs/cgroup}
if [ -f $C/cgroup.controllers ]; then V=v2; else V=v1; fi
CPU=$C/cpuacct; [ -d $CPU ] || CPU=$C/cpu,cpuacct
MEM=$C/memory; BLK=$C/blkio; QUO=$C/cpu; [ -d $QUO ] || QUO=$CPU
if [ $V = v2 ]; then BASE=$C; elif [ -d $MEM ]; then BASE=$MEM; else V=none; BASE=/nonexistent; fi
if [ -d $BASE/system.slice ] && ! [ -d $BASE/docker ]; then DRV=systemd; elif [ $V = none ]; then DRV=none; else DRV=cgroupfs; fi
AWK='${awk}'
echo "# drover-sampler ${SAMPLER_VERSION} $V $DRV $$"
# mawk waits to fill its input buffer from a pipe: records would come a tick late without this.
case $(awk -W version 2>&1) in *mawk*) AO="-W interactive";; *) AO=;; esac
n=0
# The loop only lists the containers; one long-lived awk reads the files and prints records.
while :; do
  echo "T $n"
  for dir in $BASE/docker/*/ $BASE/system.slice/docker-*.scope/; do
    [ -d "$dir" ] || continue
    pid=; read -r pid < "\${dir}cgroup.procs" 2>/dev/null
    if [ -z "$pid" ] || ! [ -r /proc/$pid/net/dev ]; then ns=none; elif [ /proc/$pid/ns/net -ef /proc/$$/ns/net ]; then ns=host; else ns=own; fi
    echo "$dir \${pid:-0} $ns"
  done
  echo E
  n=$((n + 1))
  sleep $T
done | awk $AO -v V=$V -v BASE=$BASE -v CPU=$CPU -v QUO=$QUO -v BLK=$BLK -v DFE=${DF_EVERY} "$AWK"
`;

/** The constant script as written into the remote command (never interpolated with user data). */
export const samplerScript = script;

/** Ticks people may ask for: whole seconds, bounded so a typo cannot flood or starve the host. */
export function validTick(seconds: number): number {
  if (!Number.isInteger(seconds) || seconds < 1 || seconds > 60) {
    throw new RangeError(
      `The sampling tick is a whole number of seconds from 1 to 60, not ${seconds}`,
    );
  }
  return seconds;
}

/** The remote command: `sh -c '<script>' drover-sampler <tick>`. */
export function samplerCommand(tickSeconds: number): string {
  const escaped = script.replace(/'/g, `'\\''`);
  return `exec sh -c '${escaped}' drover-sampler ${validTick(tickSeconds)}`;
}
