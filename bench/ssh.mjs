// Docker API latency on one lab host (DROVER_BENCH_SSH_HOST, default the first benchmark host),
// three ways, in one run: through Drover's tunnel (one SSH connection, stream-local forwards of
// the Docker socket), through the docker CLI with DOCKER_HOST=ssh:// (a new SSH connection and
// `docker system dial-stdio` per command), and on the host's own socket (inside its namespaces).
//
// Needs the lab (`sudo npm run lab:up`) and the built main process: `npm run build:node` first.
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import {
  dockerCliEnv,
  DOCKER_CLI,
  loadDist,
  now,
  pairFigure,
  pickHosts,
  quick,
  readLab,
  runBench,
} from './setup.mjs';

const N_TUNNEL = quick ? 50 : 200;
const N_CLI = quick ? 5 : 20;
const N_LOCAL = quick ? 50 : 200;
const CONCURRENT = 50;
let lab;
let host;

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
  const { connectSsh } = loadDist('ssh/connect.js');
  const { dockerOverSsh } = loadDist('ssh/docker-agent.js');
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

// --- 2. The docker CLI over ssh:// (a new SSH connection and dial-stdio per command) -------
function dockerCli() {
  const { env } = dockerCliEnv(lab);
  const run = (args) => {
    const samples = [];
    let failures = 0;
    let lastError = '';
    for (let i = 0; i < N_CLI; i++) {
      const start = now();
      const result = spawnSync(DOCKER_CLI, ['-H', `ssh://root@${host.address}`, ...args], {
        env,
        encoding: 'utf8',
        timeout: 30_000,
      });
      samples.push(now() - start);
      if (result.status !== 0) {
        failures++;
        lastError = (result.stderr || String(result.error)).trim();
      }
    }
    if (failures) throw new Error(`docker ${args.join(' ')}: ${failures} failed (${lastError})`);
    return samples;
  };
  // `docker version` pings, then asks /version; `docker ps` pings, then lists containers.
  return { ping: run(['version', '-f', '{{.Server.APIVersion}}']), list: run(['ps', '-aq']) };
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

// --- Report ------------------------------------------------------------------------------
await runBench('ssh', async () => {
  lab = readLab();
  [host] = pickHosts(lab, { variable: 'DROVER_BENCH_SSH_HOST' });
  const measured = await tunnel();
  const cli = dockerCli();
  const pid = dockerdPid();
  const local = pid ? localSocket(pid) : undefined;
  const figures = [];
  for (const [call, what] of [
    ['ping', 'GET /_ping'],
    ['list', `GET /containers/json (${measured.containers} containers)`],
  ]) {
    figures.push(
      pairFigure(`${what} through Drover's tunnel, median`, {
        unit: 'ms',
        samples: measured[call],
        baselineSamples: cli[call],
        baselineName: call === 'ping' ? '`docker -H ssh:// version`' : '`docker -H ssh:// ps -a`',
      }),
    );
    if (local) {
      figures.push(
        pairFigure(`${what} through the tunnel against the host's own socket`, {
          unit: 'ms',
          samples: measured[call],
          baselineSamples: local[call],
          baselineName: "node keep-alive on the host's socket, in its namespaces",
        }),
      );
    }
  }
  figures.push(
    pairFigure(`${CONCURRENT} concurrent listContainers over the tunnel, total`, {
      unit: 'ms',
      samples: [measured.concurrent.totalMs],
      note: `${measured.concurrent.failures} failed`,
    }),
  );
  if (measured.concurrent.failures > 0)
    throw new Error(`${measured.concurrent.failures} concurrent calls failed`);
  const notes = [`host ${host.name}; sequential calls after 5 warm-up calls`];
  if (!pid) notes.push(`host socket: no dockerd found in netns ${host.name}`);
  return { figures, hosts: 1, notes };
});
process.exit();
