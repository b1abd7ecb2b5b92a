// What monitoring costs, in one run on two lab hosts with 100 containers each:
//   1. on the host: CPU seconds per minute spent by Drover's SSH sampler (its shell and the
//      processes it forks, from /proc/<pid>/stat) against Docker's stats API polled one-shot for
//      the same 100 containers at the same 2 s interval (dockerd + containerd + the containers'
//      shims, above their idle use measured in the same run);
//   2. in the console: its own CPU and memory while ingesting 3 hosts x 100 containers. The lab
//      gives this benchmark two hosts; the third stream is a second connection to the first host
//      from another environment (a real sampler stream of the same 100 containers).
//
// Needs the lab (`sudo npm run lab:up`) and the built main process (`npm run build:node`).
// Hosts: DROVER_BENCH_METRICS_HOSTS (indexes into lab.json, default the first two benchmark hosts).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { clearInterval, setInterval } from 'node:timers';
import {
  addHostStreams,
  removeContainers as removeContainersOn,
  startContainers as startContainersOn,
} from './lab-crowd.mjs';
import {
  adminContext,
  figure,
  labSsh,
  loadDist,
  pickHosts,
  quick,
  readLab,
  runBench,
  sleep,
} from './setup.mjs';

const CONTAINERS = quick ? 30 : 100;
const TICK = 2;
const WINDOW_S = Number(process.env.DROVER_BENCH_WINDOW ?? (quick ? 20 : 60));
const PREFIX = 'drv-bench-metrics-';
const CLK_TCK = 100;
let lab;
const ssh = (host, command) => labSsh(lab, host, command);

/**
 * CPU seconds used so far by these pids and their waited-for children, read on the host. A pid
 * given as "tree:<pid>" counts the process and its children (the sampler: its shell, the shell
 * loop and awk of its pipeline; their sleeps are waited for, so in cutime/cstime).
 */
function cpuSeconds(host, pids) {
  const list = pids
    .map((p) =>
      String(p).startsWith('tree:') ? `${p.slice(5)} $(ps -o pid= --ppid ${p.slice(5)})` : p,
    )
    .join(' ');
  const out = ssh(host, `for p in ${list}; do cat /proc/$p/stat 2>/dev/null; echo; done`);
  let ticks = 0;
  for (const line of out.split('\n')) {
    const rest = line.slice(line.lastIndexOf(')') + 2).split(' ');
    // Fields 14-17 (utime stime cutime cstime) are 11-14 after the comm field.
    if (rest.length > 14) ticks += rest.slice(11, 15).reduce((a, v) => a + Number(v), 0);
  }
  return ticks / CLK_TCK;
}

const startContainers = (host) =>
  startContainersOn(ssh, host, { image: lab.images.nginx, prefix: PREFIX, count: CONTAINERS });
const removeContainers = (host) => removeContainersOn(ssh, host, PREFIX);

/** dockerd, its containerd, and the shims of the benchmark's containers on the host. */
function dockerPids(host) {
  const out = ssh(
    host,
    `cat /run/docker.pid; echo; cat /run/docker/containerd/containerd.pid; echo; ` +
      `for p in $(docker inspect -f '{{.State.Pid}}' $(docker ps -q --filter name=${PREFIX})); do ps -o ppid= -p $p; done`,
  );
  return [...new Set(out.split(/\s+/).filter(Boolean))];
}

const ctx = adminContext('bench');

/**
 * A console (real core, SQLite store) sampling these hosts for one window: the console's CPU and
 * memory, the first host's sampler CPU (its process tree) and its Docker's idle CPU meanwhile.
 */
async function sampleWindow(dataDir, hosts, dockerPidsOfA) {
  const { createCore } = loadDist('core/core.js');
  const core = createCore({ dataDir, shell: 'cli', metrics: { tickSeconds: TICK } });
  try {
    let samples = 0;
    let batches = 0;
    let containersSeen = 0;
    core.services.metrics.onSample((sample) => {
      samples++;
      containersSeen = Math.max(containersSeen, sample.containers.length);
    });
    core.events.subscribe((e) => {
      if (e.event === 'metrics.batch') batches++;
    });
    await addHostStreams((method, args) => core.call(method, args, ctx), lab, hosts);
    const hostIds = core.services.hosts.list().map((h) => h.id);
    for (let i = 0; i < 100 && hostIds.some((id) => !core.services.metrics.samplerInfo(id)); i++)
      await sleep(100);
    await sleep(3 * TICK * 1000); // rates flowing, container directory filled
    const samplerPid = core.services.metrics.samplerInfo(hostIds[0]).pid;
    const cgroups = Number(ssh(hosts[0], 'ls -d /sys/fs/cgroup/memory/docker/*/ | wc -l'));
    const cpu0 = process.cpuUsage();
    const wall0 = performance.now();
    const sampler0 = cpuSeconds(hosts[0], [`tree:${samplerPid}`]);
    const docker0 = cpuSeconds(hosts[0], dockerPidsOfA);
    let rssMax = 0;
    let heapMax = 0;
    const memTimer = setInterval(() => {
      const m = process.memoryUsage();
      rssMax = Math.max(rssMax, m.rss);
      heapMax = Math.max(heapMax, m.heapUsed);
    }, 500);
    const samples0 = samples;
    const batches0 = batches;
    await sleep(WINDOW_S * 1000);
    clearInterval(memTimer);
    const sampler1 = cpuSeconds(hosts[0], [`tree:${samplerPid}`]);
    const docker1 = cpuSeconds(hosts[0], dockerPidsOfA);
    const cpu1 = process.cpuUsage(cpu0);
    const perMinute = (seconds) => (seconds / ((performance.now() - wall0) / 1000)) * 60;
    return {
      sampler: perMinute(sampler1 - sampler0),
      dockerIdle: perMinute(docker1 - docker0),
      cgroups,
      consoleCpuPerMin: perMinute((cpu1.user + cpu1.system) / 1e6),
      rssMb: rssMax / 1024 / 1024,
      heapMb: heapMax / 1024 / 1024,
      samples: samples - samples0,
      batches: batches - batches0,
      containersPerHost: containersSeen,
    };
  } finally {
    core.close();
    await sleep(1000);
  }
}

await runBench('metrics', async () => {
  lab = readLab();
  const [hostA, hostB] = pickHosts(lab, { variable: 'DROVER_BENCH_METRICS_HOSTS', min: 2, max: 2 });
  for (const h of [hostA, hostB]) ssh(h, 'docker swarm leave --force >/dev/null 2>&1 || true');
  console.log(`Creating ${CONTAINERS} containers on ${hostA.name}…`);
  let started = Date.now();
  startContainers(hostA);
  console.log(`  done in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  const pids = dockerPids(hostA);

  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'drover-bench-metrics-'));
  let results;
  try {
    // --- Phase 1: the sampler on host A (only A runs the benchmark's containers) --------------
    const alone = await sampleWindow(path.join(dataDir, 'one-host'), [hostA], pids);
    const { sampler, dockerIdle, cgroups } = alone;

    // --- Phase 2: Docker's stats API, one-shot, for the same 100 containers every 2 s -----------
    const { HostConnection } = loadDist('ssh/host-connection.js');
    const connection = new HostConnection({
      address: hostA.address,
      port: hostA.port,
      user: 'root',
      auth: { kind: 'key', privateKey: fs.readFileSync(lab.sshKey, 'utf8') },
      hostKey: hostA.hostKeyFingerprint,
    });
    connection.start();
    await connection.ready();
    const docker = connection.docker();
    const ids = (await docker.listContainers({ filters: { name: [PREFIX] } })).map((c) => c.Id);
    const statsCpu0 = process.cpuUsage();
    const d0 = cpuSeconds(hostA, pids);
    const t0 = performance.now();
    let rounds = 0;
    let skipped = 0;
    let failures = 0;
    let inFlight = false;
    const poll = async () => {
      if (inFlight) {
        skipped++;
        return;
      }
      inFlight = true;
      const settled = await Promise.allSettled(
        ids.map((id) => docker.getContainer(id).stats({ stream: false, 'one-shot': true })),
      );
      failures += settled.filter((r) => r.status === 'rejected').length;
      rounds++;
      inFlight = false;
    };
    const timer = setInterval(() => void poll(), TICK * 1000);
    void poll();
    await sleep(WINDOW_S * 1000);
    clearInterval(timer);
    while (inFlight) await sleep(100);
    const d1 = cpuSeconds(hostA, pids);
    const statsWall = (performance.now() - t0) / 1000;
    const statsConsoleCpu = process.cpuUsage(statsCpu0);
    connection.stop();
    const statsApi = ((d1 - d0) / statsWall) * 60 - dockerIdle;
    // --- Phase 3: the console ingesting 3 hosts x 100 containers -------------------------------
    console.log(`Creating ${CONTAINERS} containers on ${hostB.name}…`);
    started = Date.now();
    startContainers(hostB);
    console.log(`  done in ${((Date.now() - started) / 1000).toFixed(0)} s`);
    const ingest = await sampleWindow(
      path.join(dataDir, 'three-streams'),
      [hostA, hostB, hostA],
      pids,
    );
    results = {
      sampler,
      statsApi,
      dockerIdle,
      rounds,
      skipped,
      failures,
      statsConsoleCpuPerMin:
        ((statsConsoleCpu.user + statsConsoleCpu.system) / 1e6 / statsWall) * 60,
      ingest,
      cgroups,
    };
  } finally {
    for (const h of [hostA, hostB]) {
      removeContainers(h);
      ssh(h, 'docker swarm leave --force >/dev/null 2>&1 || true');
    }
    fs.rmSync(dataDir, { recursive: true, force: true });
  }

  const r = results;
  const figures = [
    figure(`SSH sampler CPU on the host, ${CONTAINERS} containers every ${TICK} s`, {
      value: r.sampler,
      unit: 'CPU-s/min',
      baseline: r.statsApi,
      baselineName:
        "Docker's stats API one-shot, same containers and interval (dockerd+containerd+shims)",
      note: `${r.rounds} stats rounds, ${r.skipped} skipped, ${r.failures} failed; idle ${r.dockerIdle.toFixed(3)} CPU-s/min subtracted`,
    }),
    figure(`console CPU ingesting 3 streams x ${r.ingest.containersPerHost} containers`, {
      value: r.ingest.consoleCpuPerMin,
      unit: 'CPU-s/min',
      baseline: r.statsConsoleCpuPerMin,
      baselineName: `the console polling the stats API for ${CONTAINERS} containers`,
    }),
    figure('console peak RSS while ingesting', { value: r.ingest.rssMb, unit: 'MiB' }),
    figure('console peak heap while ingesting', { value: r.ingest.heapMb, unit: 'MiB' }),
  ];
  const notes = [
    `${WINDOW_S} s windows on ${hostA.name} and ${hostB.name}; the third stream is a second connection to ${hostA.name}`,
    `the sampler read ${r.cgroups} container cgroups per tick (the lab hosts share one kernel)`,
    `${r.ingest.samples} host samples and ${r.ingest.batches} batch events in the ingest window`,
  ];
  return { figures, hosts: 2, notes };
});
process.exit();
