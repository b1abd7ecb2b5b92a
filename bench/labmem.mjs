// What each lab host costs in memory: the RSS and PSS (shared pages split between their users:
// the 30 hosts run the same dockerd/containerd/sshd binaries) of its dockerd, containerd and
// sshd, found through the host's network namespace (`ip netns pids NAME`) and read from /proc.
// Then, on one host, measured: what one idle container adds (its shim, dockerd and containerd
// growth) and what one published port adds with Docker's default userland proxy (the saving of
// `--userland-proxy=false`). The lab supervises each dockerd (it going down takes the host
// down), so daemon options that need a restart are reported, not measured.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import {
  figure,
  labSsh,
  pickHosts,
  quick,
  readLab,
  round,
  runBench,
  sleep,
  Skip,
  summarize,
} from './setup.mjs';

const MiB = 1024;
const CONTAINERS = quick ? 5 : 20;
const PREFIX = 'drv-bench-mem-';

/** kB of a /proc status or smaps_rollup field, 0 if the process is gone. */
function kb(file, field) {
  try {
    const match = new RegExp(`^${field}:\\s+(\\d+)`, 'm').exec(fs.readFileSync(file, 'utf8'));
    return match ? Number(match[1]) : 0;
  } catch {
    return 0;
  }
}

/** Per process name in the host's network namespace: count, RSS and PSS in MiB. */
function hostMemory(host) {
  if (!/^[a-z0-9-]+$/.test(host.name)) throw new Error(`Not a lab host name: ${host.name}`);
  const pids = execFileSync('ip', ['netns', 'pids', host.name], { encoding: 'utf8' })
    .split('\n')
    .filter(Boolean);
  const byName = {};
  for (const pid of pids) {
    let comm;
    try {
      comm = fs.readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
    } catch {
      continue;
    }
    const name = comm.startsWith('containerd-shim') ? 'containerd-shim' : comm;
    const entry = (byName[name] ??= { count: 0, rss: 0, pss: 0 });
    entry.count++;
    entry.rss += kb(`/proc/${pid}/status`, 'VmRSS') / MiB;
    entry.pss += kb(`/proc/${pid}/smaps_rollup`, 'Pss') / MiB;
  }
  return byName;
}

const DAEMONS = ['dockerd', 'containerd', 'sshd'];
const daemonsOf = (mem, key) => DAEMONS.reduce((sum, d) => sum + (mem[d]?.[key] ?? 0), 0);

function daemonOptions(host) {
  const pid = execFileSync('ip', ['netns', 'pids', host.name], { encoding: 'utf8' })
    .split('\n')
    .find((p) => p && fs.readFileSync(`/proc/${p}/comm`, 'utf8').trim() === 'dockerd');
  return pid
    ? fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ').trim()
    : 'dockerd not found';
}

await runBench('labmem', async () => {
  if (!fs.existsSync('/proc/self/smaps_rollup'))
    throw new Skip('no /proc/*/smaps_rollup on this kernel');
  const lab = readLab();
  const hosts = pickHosts(lab);
  const mems = hosts.map((h) => hostMemory(h));
  const rss = mems.map((m) => daemonsOf(m, 'rss'));
  const pss = mems.map((m) => daemonsOf(m, 'pss'));
  const per = (d, key) => summarize(mems.map((m) => m[d]?.[key] ?? 0)).median;
  const costliest = rss.indexOf(Math.max(...rss));
  const notes = [
    `costliest host ${hosts[costliest].name}: ${DAEMONS.map((d) => `${d} ${round(mems[costliest][d]?.rss ?? 0)}`).join(', ')} MiB RSS`,
    `per host, median MiB RSS (PSS): ${DAEMONS.map((d) => `${d} ${round(per(d, 'rss'))} (${round(per(d, 'pss'))})`).join(', ')}`,
    `dockerd options on ${hosts[0].name}: \`${daemonOptions(hosts[0])}\` with an empty daemon.json: ` +
      'defaults (iptables on, userland-proxy on, log-level info, live-restore off)',
  ];
  const figures = [
    figure(`dockerd + containerd + sshd per idle host, RSS (median of ${hosts.length})`, {
      value: summarize(rss).median,
      unit: 'MiB',
      spread: {
        n: hosts.length,
        value: [summarize(rss).min, summarize(rss).median, summarize(rss).max].map(round),
      },
    }),
    figure('the same, PSS (shared binary pages split between hosts)', {
      value: summarize(pss).median,
      unit: 'MiB',
      baseline: summarize(rss).median,
      baselineName: 'RSS',
      spread: {
        n: hosts.length,
        value: [summarize(pss).min, summarize(pss).median, summarize(pss).max].map(round),
      },
    }),
  ];

  // One host: idle containers, then one published port, each against the host before it.
  const host = hosts[0];
  const run = (command) => labSsh(lab, host, command);
  const total = (m) => Object.values(m).reduce((sum, e) => sum + e.pss, 0);
  run(`docker ps -aq --filter name=${PREFIX} | xargs -r docker rm -f >/dev/null`);
  try {
    await sleep(2000);
    const before = hostMemory(host);
    run(
      `for i in $(seq ${CONTAINERS}); do docker run -d --name ${PREFIX}$i ${lab.images.nginx} sleep 1d >/dev/null; done`,
    );
    await sleep(3000);
    const crowd = hostMemory(host);
    figures.push(
      figure('one idle container adds (shim + dockerd/containerd growth), PSS', {
        value: (total(crowd) - total(before)) / CONTAINERS,
        unit: 'MiB',
        note: `${CONTAINERS} containers on ${host.name}; the container's own process excluded when not in the host's netns`,
      }),
    );
    run(
      `docker run -d --name ${PREFIX}port -p ${host.address}:18080:80 ${lab.images.nginx} >/dev/null`,
    );
    await sleep(2000);
    const port = hostMemory(host);
    const proxy = port['docker-proxy'] ?? { count: 0, rss: 0, pss: 0 };
    figures.push(
      figure('one published port with the userland proxy (saved by --userland-proxy=false)', {
        value: proxy.pss,
        unit: 'MiB',
        note: `${proxy.count} docker-proxy process(es), RSS ${round(proxy.rss)} MiB`,
      }),
    );
  } finally {
    run(`docker ps -aq --filter name=${PREFIX} | xargs -r docker rm -f >/dev/null`);
  }
  notes.push(
    'not measured (needs a dockerd restart, which takes a lab host down): --iptables=false, log level, live-restore',
  );
  return { figures, hosts: hosts.length, notes };
});
process.exit();
