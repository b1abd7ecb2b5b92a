// The preflight checklist run before a host joins (and on demand): can Drover drive its Docker,
// and can Swarm work on it. Hard failures stop the add; warnings are remembered and acted on
// (e.g. no IPVS: ports are published in host mode with DNS round-robin endpoints).
import type { HostCapabilities, PreflightCheck } from '../../shared/types.js';
import type { SwarmInfo } from '../cluster/swarm.js';
import type { HostConnection } from '../ssh/host-connection.js';
import { isHostAddress } from '../ssh/host-address.js';
import { command, quote } from '../ssh/shell-quote.js';

/** Opens a TCP connection to "$1" port "$2" (bash's /dev/tcp); the values are its arguments. */
const PROBE = 'exec 3<>"/dev/tcp/$1/$2"';
import type { HostFacts } from './repository.js';

export interface PreflightResult {
  checks: PreflightCheck[];
  facts: HostFacts;
  /** The daemon's view of Swarm on this host (for join/adopt decisions). */
  swarm: SwarmInfo | undefined;
  passed: boolean;
}

export interface PreflightOptions {
  /** Managers the host must reach (Swarm ports); empty for the first host. */
  managerAddresses: string[];
  now?: () => number;
}

const MIN_DOCKER = [19, 3];
const RECOMMENDED_DOCKER = [20, 10];
const GiB = 1024 ** 3;

/** One exec gathers every shell-side fact: a session start costs more than the commands. */
const FACTS_SCRIPT = `
. /etc/os-release 2>/dev/null; echo "os=$PRETTY_NAME"
echo "kernel=$(uname -r)"
echo "clock=$(date +%s%N)"
for m in vxlan ip_vs esp4; do
  if [ -d /sys/module/$m ] || modinfo $m >/dev/null 2>&1 \\
     || grep -qw "$m" /lib/modules/"$(uname -r)"/modules.builtin 2>/dev/null; then
    echo "module_$m=yes"; else echo "module_$m=no"; fi
done
[ -e /proc/net/ip_vs ] && echo "module_ip_vs=yes"
command -v bash >/dev/null && echo "bash=yes"
`;

export async function runPreflight(
  connection: HostConnection,
  options: PreflightOptions,
): Promise<PreflightResult> {
  const checks: PreflightCheck[] = [];
  const add = (check: PreflightCheck) => checks.push(check);
  const facts: HostFacts = {};
  const now = options.now ?? Date.now;

  add({ id: 'ssh', label: 'SSH login', status: 'ok', detail: 'Logged in' });

  const before = now();
  const shell = await connection.exec(FACTS_SCRIPT, { timeoutMs: 15_000 });
  const after = now();
  const values = parseKeyValues(shell.stdout);
  facts.os = values.os || undefined;
  facts.kernel = values.kernel || undefined;

  const docker = connection.docker();
  let info: SwarmInfo | undefined;
  let dockerInfo: Record<string, unknown> | undefined;
  try {
    const version = await docker.version();
    dockerInfo = (await docker.info()) as Record<string, unknown>;
    facts.dockerVersion = version.Version;
    facts.cpus = Number(dockerInfo.NCPU) || undefined;
    facts.memoryBytes = Number(dockerInfo.MemTotal) || undefined;
    facts.os = String(dockerInfo.OperatingSystem ?? facts.os ?? '') || undefined;
    facts.kernel = String(dockerInfo.KernelVersion ?? facts.kernel ?? '') || undefined;
    facts.hostname =
      typeof dockerInfo.Name === 'string' && dockerInfo.Name ? dockerInfo.Name : undefined;
    info = dockerInfo.Swarm as SwarmInfo | undefined;
    add({
      id: 'docker',
      label: 'Docker reachable',
      status: 'ok',
      detail: `Docker socket answers for ${connection.user}`,
    });
    add(versionCheck(version.Version));
  } catch (error) {
    add(dockerUnreachable(error as Error, connection.user));
  }

  add({
    id: 'os',
    label: 'OS and kernel',
    status: facts.os || facts.kernel ? 'ok' : 'warn',
    detail:
      [facts.os, facts.kernel && `kernel ${facts.kernel}`].filter(Boolean).join(', ') || 'Unknown',
  });

  if (dockerInfo) {
    add(resourcesCheck(facts));
    const rootDir = String(dockerInfo.DockerRootDir ?? '/var/lib/docker');
    add(await diskCheck(connection, rootDir, facts));
  }
  add(clockCheck(values.clock, before, after));

  const capabilities: HostCapabilities = {
    overlay: values.module_vxlan === 'yes',
    routingMesh: values.module_ip_vs === 'yes',
    encryptedOverlay: values.module_esp4 === 'yes',
  };
  facts.capabilities = capabilities;
  add(kernelCheck(capabilities));
  for (const check of await swarmPortChecks(
    connection,
    options.managerAddresses,
    values.bash === 'yes',
  )) {
    add(check);
  }

  return { checks, facts, swarm: info, passed: !checks.some((c) => c.status === 'fail') };
}

function parseKeyValues(text: string): Record<string, string> {
  const values: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const at = line.indexOf('=');
    if (at > 0) values[line.slice(0, at)] = line.slice(at + 1).trim();
  }
  return values;
}

function versionParts(version: string): number[] {
  return version
    .split(/[.+-]/)
    .slice(0, 2)
    .map((n) => Number.parseInt(n, 10) || 0);
}

function atLeast(version: string, min: number[]): boolean {
  const [major = 0, minor = 0] = versionParts(version);
  return major > (min[0] ?? 0) || (major === min[0] && minor >= (min[1] ?? 0));
}

function versionCheck(version: string): PreflightCheck {
  const base = { id: 'docker-version', label: 'Docker version' };
  if (!atLeast(version, MIN_DOCKER)) {
    return {
      ...base,
      status: 'fail',
      detail: `Docker ${version} is too old`,
      fix: 'Upgrade Docker to 20.10 or newer',
    };
  }
  if (!atLeast(version, RECOMMENDED_DOCKER)) {
    return {
      ...base,
      status: 'warn',
      detail: `Docker ${version} works; 20.10 or newer is recommended`,
      fix: 'Upgrade Docker',
    };
  }
  return { ...base, status: 'ok', detail: `Docker ${version}` };
}

function dockerUnreachable(error: Error, user: string): PreflightCheck {
  const text = error.message;
  const base = { id: 'docker', label: 'Docker reachable', status: 'fail' as const };
  if (/permission|denied|EACCES/i.test(text)) {
    return {
      ...base,
      detail: `${user} may not use the Docker socket`,
      fix: `On the host: sudo usermod -aG docker ${user} (then add the host again), or log in as root`,
    };
  }
  if (/No such file|ENOENT|connect failed|open failed/i.test(text)) {
    return {
      ...base,
      detail: 'No Docker socket at /var/run/docker.sock',
      fix: 'Install and start Docker on the host (e.g. sudo apt-get install docker.io)',
    };
  }
  return {
    ...base,
    detail: text,
    fix: 'Check that dockerd runs on the host: sudo systemctl status docker',
  };
}

function resourcesCheck(facts: HostFacts): PreflightCheck {
  const memory = facts.memoryBytes ?? 0;
  const detail = `${facts.cpus ?? '?'} CPUs, ${(memory / GiB).toFixed(1)} GiB memory`;
  return memory > 0 && memory < GiB
    ? {
        id: 'resources',
        label: 'CPUs and memory',
        status: 'warn',
        detail,
        fix: 'Swarm managers want at least 1 GiB of memory',
      }
    : { id: 'resources', label: 'CPUs and memory', status: 'ok', detail };
}

async function diskCheck(
  connection: HostConnection,
  dir: string,
  facts: HostFacts,
): Promise<PreflightCheck> {
  const base = { id: 'disk', label: 'Disk space for Docker' };
  const result = await connection.exec(`df -Pk ${quote(dir)} | tail -n 1`, { timeoutMs: 10_000 });
  const fields = result.stdout.trim().split(/\s+/);
  const total = Number(fields[1]) * 1024;
  const free = Number(fields[3]) * 1024;
  if (!Number.isFinite(total) || !Number.isFinite(free) || total <= 0) {
    return { ...base, status: 'warn', detail: `Could not read the free space of ${dir}` };
  }
  facts.diskBytes = total;
  facts.diskFreeBytes = free;
  const detail = `${(free / GiB).toFixed(1)} GiB free of ${(total / GiB).toFixed(1)} GiB in ${dir}`;
  return free < 2 * GiB || free / total < 0.1
    ? { ...base, status: 'warn', detail, fix: 'Free space: docker system prune, or grow the disk' }
    : { ...base, status: 'ok', detail };
}

function clockCheck(
  remoteNanos: string | undefined,
  before: number,
  after: number,
): PreflightCheck {
  const base = { id: 'clock', label: 'Clock in step with this workstation' };
  const remoteMs =
    remoteNanos && /^\d+$/.test(remoteNanos) ? Number(BigInt(remoteNanos) / 1_000_000n) : NaN;
  if (!Number.isFinite(remoteMs))
    return { ...base, status: 'warn', detail: 'Could not read the host clock' };
  const skew = remoteMs - (before + after) / 2;
  const detail = `${skew >= 0 ? '+' : ''}${(skew / 1000).toFixed(2)} s (measured within ±${((after - before) / 2000).toFixed(2)} s)`;
  return Math.abs(skew) > 2000
    ? {
        ...base,
        status: 'warn',
        detail,
        fix: 'Run NTP on the host (e.g. systemd-timesyncd or chrony); Swarm certificates need close clocks',
      }
    : { ...base, status: 'ok', detail };
}

function kernelCheck(c: HostCapabilities): PreflightCheck {
  const missing = [
    !c.overlay && { module: 'vxlan', effect: 'VXLAN (no overlay networks across hosts)' },
    !c.routingMesh && {
      module: 'ip_vs',
      effect:
        'IPVS (no routing mesh: ports are published in host mode, endpoints use DNS round robin)',
    },
    !c.encryptedOverlay && { module: 'esp4', effect: 'ESP (no encrypted overlay networks)' },
  ].filter((m): m is { module: string; effect: string } => Boolean(m));
  return {
    id: 'kernel',
    label: 'Kernel support for Swarm networking',
    status: missing.length === 0 ? 'ok' : 'warn',
    detail:
      missing.length === 0
        ? 'VXLAN, IPVS and ESP available'
        : `Missing: ${missing.map((m) => m.effect).join('; ')}`,
    fix: missing.length
      ? `Load the kernel module${missing.length > 1 ? 's' : ''} ${missing.map((m) => m.module).join(', ')} (modprobe) if you need ${missing.length > 1 ? 'these features' : 'this feature'}`
      : undefined,
  };
}

/** TCP reachability of each manager's Swarm ports from the new host (UDP cannot be probed without a listener). */
export async function swarmPortChecks(
  connection: HostConnection,
  managers: string[],
  hasBash: boolean,
): Promise<PreflightCheck[]> {
  if (managers.length === 0) {
    return [
      {
        id: 'swarm-ports',
        label: 'Swarm ports between hosts',
        status: 'skipped',
        detail: 'First host: it initialises the Swarm',
      },
    ];
  }
  if (!hasBash) {
    return [
      {
        id: 'swarm-ports',
        label: 'Swarm ports between hosts',
        status: 'skipped',
        detail: 'No bash on the host to probe TCP ports',
      },
    ];
  }
  // Only host names and IP literals are probed: an address is an argument of the probe, never
  // part of its code, and the answers are keyed by it.
  const probes = managers
    .filter(isHostAddress)
    .flatMap((address) => [2377, 7946].map((port) => ({ address, port })));
  const script = probes
    .map(
      ({ address, port }) =>
        `if ${command('timeout', '3', 'bash', '-c', PROBE, 'drover-probe', address, String(port))} 2>/dev/null; then echo ${quote(`${address}:${port}=open`)}; else echo ${quote(`${address}:${port}=closed`)}; fi`,
    )
    .join('\n');
  const unprobed = managers.filter((address) => !isHostAddress(address));
  const values = parseKeyValues((await connection.exec(script, { timeoutMs: 30_000 })).stdout);
  const closed = probes.filter(({ address, port }) => values[`${address}:${port}`] !== 'open');
  const blocking = closed.filter((p) => p.port === 2377);
  const list = (ps: typeof probes) => ps.map((p) => `${p.address}:${p.port}/tcp`).join(', ');
  return [
    {
      id: 'swarm-ports',
      label: 'Swarm ports between hosts',
      status: blocking.length ? 'fail' : closed.length || unprobed.length ? 'warn' : 'ok',
      detail: [
        closed.length
          ? `Not reachable from this host: ${list(closed)}`
          : `Managers reachable on 2377/tcp and 7946/tcp; 7946/udp and 4789/udp are not probed`,
        ...(unprobed.length
          ? [
              `not probed (not a host name or IP address): ${unprobed.map((a) => JSON.stringify(a)).join(', ')}`,
            ]
          : []),
      ].join('; '),
      fix: closed.length
        ? 'Open 2377/tcp, 7946/tcp+udp and 4789/udp between the hosts (firewall, security groups)'
        : undefined,
    },
  ];
}
