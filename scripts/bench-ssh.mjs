// Docker API latency on lab host drvlab1, three ways, in one run: through Drover's tunnel (one
// SSH connection, stream-local forwards of the Docker socket), through the docker CLI with
// DOCKER_HOST=ssh:// (a new SSH connection and `docker system dial-stdio` per command), and on
// the host's own socket (from inside its namespaces). Ratios are against the tunnel's median.
//
// Needs the lab (`sudo npm run lab:up`) and the built main process: `npm run build:node` first.
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dist = path.join(root, 'dist', 'main', 'ssh');
if (!fs.existsSync(path.join(dist, 'connect.js'))) {
  console.error(`${path.relative(root, dist)} is missing: run \`npm run build:node\` first.`);
  process.exit(1);
}
const require = createRequire(import.meta.url);
const { connectSsh } = require(path.join(dist, 'connect.js'));
const { dockerOverSsh } = require(path.join(dist, 'docker-agent.js'));

const labDir = process.env.DROVER_LAB_DIR ?? '/var/lib/drover-lab';
const labFile = path.join(labDir, 'lab.json');
if (!fs.existsSync(labFile)) {
  console.error(`The lab is not up (${labFile} is missing): run \`sudo npm run lab:up\` first.`);
  process.exit(1);
}
const lab = JSON.parse(fs.readFileSync(labFile, 'utf8'));
const host = lab.hosts.find((h) => h.name === 'drvlab1') ?? lab.hosts[0];
const knownHosts = lab.knownHosts ?? path.join(labDir, 'known_hosts');
const DOCKER_CLI = '/usr/bin/docker'; // Debian's 20.10 client
const N_TUNNEL = 200;
const N_CLI = 20;
const N_LOCAL = 200;
const CONCURRENT = 50;

const now = () => performance.now();

function stats(samples) {
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = (p) => sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)];
  return { n: sorted.length, median: rank(0.5), p95: rank(0.95) };
}

async function timeSequential(n, call) {
  for (let i = 0; i < 5; i++) await call(); // warm up: channel open, keep-alive in place
  const samples = [];
  for (let i = 0; i < n; i++) {
    const start = now();
    await call();
    samples.push(now() - start);
  }
  return samples;
}

// --- 1. Drover's tunnel -------------------------------------------------------------------
async function tunnel() {
  const { client } = await connectSsh({
    address: host.address,
    port: host.port,
    user: host.user,
    auth: { kind: 'key', privateKey: fs.readFileSync(lab.sshKey, 'utf8') },
    hostKey: host.hostKeyFingerprint,
  });
  try {
    const docker = dockerOverSsh(client);
    const containers = (await docker.listContainers({ all: true })).length;
    const ping = await timeSequential(N_TUNNEL, () => docker.ping());
    const list = await timeSequential(N_TUNNEL, () => docker.listContainers({ all: true }));
    const start = now();
    const results = await Promise.allSettled(
      Array.from({ length: CONCURRENT }, () => docker.listContainers({ all: true })),
    );
    const concurrent = {
      failures: results.filter((r) => r.status === 'rejected').length,
      totalMs: now() - start,
    };
    return { ping, list, concurrent, containers };
  } finally {
    client.end();
  }
}

// --- 2. The docker CLI over ssh:// ---------------------------------------------------------
// The CLI runs `ssh` from PATH, and ssh reads ~/.ssh of the passwd entry, not $HOME: a wrapper
// gives it the lab key and known_hosts; the temp HOME keeps ~/.docker out of the user's home.
function dockerCli() {
  if (!fs.existsSync(DOCKER_CLI)) return undefined;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'drover-bench-'));
  try {
    const config = path.join(dir, 'ssh_config');
    fs.writeFileSync(
      config,
      [
        `Host ${host.address}`,
        `  IdentityFile ${lab.sshKey}`,
        '  IdentitiesOnly yes',
        `  UserKnownHostsFile ${knownHosts}`,
        '  StrictHostKeyChecking yes',
        '  BatchMode yes',
        '',
      ].join('\n'),
    );
    fs.mkdirSync(path.join(dir, 'bin'));
    const wrapper = path.join(dir, 'bin', 'ssh');
    fs.writeFileSync(wrapper, `#!/bin/sh\nexec /usr/bin/ssh -F '${config}' "$@"\n`, {
      mode: 0o755,
    });
    const env = {
      ...process.env,
      HOME: dir,
      PATH: `${path.dirname(wrapper)}:${process.env.PATH}`,
      DOCKER_HOST: `ssh://${host.user}@${host.address}${host.port === 22 ? '' : `:${host.port}`}`,
    };
    delete env.DOCKER_CONTEXT;
    delete env.DOCKER_CONFIG;
    const run = (args) => {
      const samples = [];
      let failures = 0;
      let lastError = '';
      for (let i = 0; i < N_CLI; i++) {
        const start = now();
        const result = spawnSync(DOCKER_CLI, args, { env, encoding: 'utf8', timeout: 30_000 });
        samples.push(now() - start);
        if (result.status !== 0) {
          failures++;
          lastError = (result.stderr || String(result.error)).trim();
        }
      }
      if (failures) console.error(`docker ${args.join(' ')}: ${failures} failed (${lastError})`);
      return samples;
    };
    // `docker version` pings, then asks /version; `docker ps` pings, then lists containers.
    return { ping: run(['version', '-f', '{{.Server.APIVersion}}']), list: run(['ps', '-aq']) };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

// --- 3. The host's own socket --------------------------------------------------------------
// /run is private to each lab host's mount namespace: enter those of its dockerd.
function dockerdPid() {
  const pids = execFileSync('ip', ['netns', 'pids', host.name], { encoding: 'utf8' })
    .split('\n')
    .filter(Boolean);
  return pids.find((pid) => {
    try {
      return fs.readFileSync(`/proc/${pid}/comm`, 'utf8').trim() === 'dockerd';
    } catch {
      return false;
    }
  });
}

const LOCAL_SCRIPT = `
const http = require('node:http');
const agent = new http.Agent({ keepAlive: true });
const get = (p) => new Promise((resolve, reject) => {
  http.get({ socketPath: '/run/docker.sock', path: p, agent }, (res) => {
    res.resume();
    res.on('end', resolve);
  }).on('error', reject);
});
(async () => {
  const out = {};
  for (const [key, p] of [['ping', '/_ping'], ['list', '/containers/json?all=1']]) {
    for (let i = 0; i < 5; i++) await get(p);
    out[key] = [];
    for (let i = 0; i < ${N_LOCAL}; i++) {
      const start = performance.now();
      await get(p);
      out[key].push(performance.now() - start);
    }
  }
  console.log(JSON.stringify(out));
  agent.destroy();
})();
`;

function localSocket(pid) {
  const output = execFileSync(
    'nsenter',
    ['-t', pid, '-m', '-n', process.execPath, '-e', LOCAL_SCRIPT],
    {
      encoding: 'utf8',
    },
  );
  return JSON.parse(output);
}

function localCurl(pid) {
  const loop = (p) =>
    `for i in $(seq ${N_LOCAL}); do curl -s -o /dev/null -w '%{time_total}\\n' ` +
    `--unix-socket /run/docker.sock 'http://docker${p}'; done`;
  const run = (p) =>
    execFileSync('nsenter', ['-t', pid, '-m', '-n', 'sh', '-c', loop(p)], { encoding: 'utf8' })
      .split('\n')
      .filter(Boolean)
      .map((s) => Number(s) * 1000);
  return { ping: run('/_ping'), list: run('/containers/json?all=1') };
}

// --- Report --------------------------------------------------------------------------------
const fmt = (ms) =>
  ms >= 100 ? `${ms.toFixed(0)} ms` : ms >= 10 ? `${ms.toFixed(1)} ms` : `${ms.toFixed(2)} ms`;

function table(rows, baseline) {
  const lines = [];
  for (const call of ['ping', 'list']) {
    lines.push(call === 'ping' ? 'GET /_ping' : 'GET /containers/json (listContainers)');
    const base = stats(baseline[call]).median;
    for (const row of rows) {
      if (!row.samples?.[call]) continue;
      const s = stats(row.samples[call]);
      const label = typeof row.label === 'function' ? row.label(call) : row.label;
      lines.push(
        `  ${label.padEnd(52)} ${String(s.n).padStart(4)} ${fmt(s.median).padStart(10)} ` +
          `${fmt(s.p95).padStart(10)} ${`${(s.median / base).toFixed(s.median / base >= 10 ? 0 : 2)}x`.padStart(8)}`,
      );
    }
  }
  return lines.join('\n');
}

const measured = await tunnel();
const cli = dockerCli();
const pid = dockerdPid();
const local = pid ? localSocket(pid) : undefined;
const curl = pid && fs.existsSync('/usr/bin/curl') ? localCurl(pid) : undefined;

console.log(
  `Docker API latency, lab host ${host.name} (${host.address}), ${measured.containers} containers, ` +
    `node ${process.version}, sequential after 5 warm-up calls`,
);
console.log(
  `  ${''.padEnd(52)} ${'n'.padStart(4)} ${'median'.padStart(10)} ${'p95'.padStart(10)} ${'x tunnel'.padStart(8)}`,
);
console.log(
  table(
    [
      { label: 'Drover tunnel (1 SSH conn, stream-local fwd)', samples: measured },
      {
        label: (call) =>
          `docker CLI, DOCKER_HOST=ssh:// (${call === 'ping' ? 'docker version' : 'docker ps -a'})`,
        samples: cli,
      },
      { label: "host's socket, node keep-alive (in host's ns)", samples: local },
      { label: "host's socket, curl time_total (in host's ns)", samples: curl },
    ],
    measured,
  ),
);
if (!cli) console.log(`  (docker CLI: ${DOCKER_CLI} not installed)`);
if (!pid) console.log(`  (host socket: no dockerd found in netns ${host.name})`);
console.log(
  `${CONCURRENT} concurrent listContainers over the tunnel: ${measured.concurrent.failures} failed, ` +
    `${fmt(measured.concurrent.totalMs)} in total`,
);
if (measured.concurrent.failures > 0) process.exitCode = 1;
