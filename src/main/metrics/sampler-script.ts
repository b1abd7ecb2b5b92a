// The sampler that runs on each host over one long-lived SSH exec channel (decision 5: no agent).
// A constant POSIX sh script (dash, busybox ash): every tick it reads /proc and the containers'
// cgroup files with shell builtins (`read` loops, no cat/awk per file) and prints one record.
// The only forks per tick are `sleep` and, every DF_EVERY ticks, one `df`. The console only ever
// passes the tick, as a validated integer argument; nothing else it knows enters the script.
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

export const SAMPLER_VERSION = 1;
export const DF_EVERY = 15;

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
echo "# drover-sampler ${SAMPLER_VERSION} $V $DRV $$"
n=0
while :; do
  read -r up rest < /proc/uptime
  echo "@ $up"
  while read -r k a b c d e f g h rest; do
    case $k in cpu*) echo "c $k $a $b $c $d $e $f $g $h";; *) break;; esac
  done < /proc/stat
  read -r a b c rest < /proc/loadavg; echo "l $a $b $c"
  mt=0 mf=0 ma=0 mb=0 mc=0 ms=0 st=0 sf=0
  while read -r k v rest; do
    case $k in
      MemTotal:) mt=$v;; MemFree:) mf=$v;; MemAvailable:) ma=$v;; Buffers:) mb=$v;;
      Cached:) mc=$v;; SReclaimable:) ms=$v;; SwapTotal:) st=$v;; SwapFree:) sf=$v; break;;
    esac
  done < /proc/meminfo
  echo "m $mt $mf $ma $mb $mc $ms $st $sf"
  while IFS= read -r line; do
    case $line in *:*) ;; *) continue;; esac
    i=\${line%%:*}; i=\${i##* }
    case $i in lo|veth*) continue;; esac
    set -- \${line#*:}
    echo "n $i $1 $2 $9 \${10}"
  done < /proc/net/dev
  while read -r ma mi dev r rm rs rt w wm ws rest; do
    case $dev in loop*|ram*|zram*|sr*|fd*) continue;; esac
    [ -e /sys/block/$dev ] && echo "d $dev $r $rs $w $ws"
  done < /proc/diskstats
  if [ $((n % ${DF_EVERY})) = 0 ]; then
    df -P -k 2>/dev/null | while read -r fs size used avail pct mnt; do
      case $fs in /dev/*) echo "f $mnt $size $used $avail";; esac
    done
  fi
  n=$((n + 1))
  for dir in $BASE/docker/*/ $BASE/system.slice/docker-*.scope/; do
    [ -d "$dir" ] || continue
    dir=\${dir%/}; id=\${dir##*/}; id=\${id#docker-}; id=\${id%.scope}
    rel=\${dir#$BASE}
    cpu=0 quota=-1 period=100000 mu=0 ml=0 cache=0 inact=0 rb=0 wb=0
    if [ $V = v2 ]; then
      while read -r k v; do [ $k = usage_usec ] && { cpu=\${v}000; break; }; done < $dir/cpu.stat
      read -r quota period < $dir/cpu.max; [ "$quota" = max ] && quota=-1
      read -r mu < $dir/memory.current; read -r ml < $dir/memory.max
      [ "$ml" = max ] && ml=-1
      while read -r k v; do
        case $k in file) cache=$v;; inactive_file) inact=$v; break;; esac
      done < $dir/memory.stat
      while read -r dev rest; do
        for kv in $rest; do
          case $kv in rbytes=*) rb=$((rb + \${kv#rbytes=}));; wbytes=*) wb=$((wb + \${kv#wbytes=}));; esac
        done
      done < $dir/io.stat
    else
      read -r cpu < $CPU$rel/cpuacct.usage
      read -r quota < $QUO$rel/cpu.cfs_quota_us; read -r period < $QUO$rel/cpu.cfs_period_us
      read -r mu < $dir/memory.usage_in_bytes; read -r ml < $dir/memory.limit_in_bytes
      while read -r k v; do
        case $k in cache) cache=$v;; inactive_file) inact=$v; break;; esac
      done < $dir/memory.stat
      while read -r dev op v; do
        case $op in Read) rb=$((rb + v));; Write) wb=$((wb + v));; esac
      done < $BLK$rel/blkio.throttle.io_service_bytes
    fi 2>/dev/null
    pid=; read -r pid < $dir/cgroup.procs 2>/dev/null
    ns=none rx=0 rp=0 tx=0 tp=0
    if [ -n "$pid" ] && [ -r /proc/$pid/net/dev ]; then
      if [ /proc/$pid/ns/net -ef /proc/$$/ns/net ]; then ns=host; else
        ns=own
        while IFS= read -r line; do
          case $line in *:*) ;; *) continue;; esac
          i=\${line%%:*}; i=\${i##* }
          [ $i = lo ] && continue
          set -- \${line#*:}
          rx=$((rx + $1)); rp=$((rp + $2)); tx=$((tx + $9)); tp=$((tp + \${10}))
        done < /proc/$pid/net/dev 2>/dev/null
      fi
    fi
    echo "k $id $cpu $quota $period $mu $ml $cache $inact $rb $wb $ns $rx $rp $tx $tp"
  done
  echo .
  sleep $T
done
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
