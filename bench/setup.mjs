// What every benchmark shares: the built core, the lab description, the hosts it may use, SSH to
// them with the lab key, the docker CLI pointed at them, sample statistics, `--quick`, and the
// way a benchmark ends (its figures merged into bench/results.json, or skipped with a reason).
import { execFile, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout } from 'node:timers';
import { fileURLToPath } from 'node:url';
import { recordResults } from './results.mjs';
import { labSshArgs } from '../e2e/support/lab-ssh.cjs';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const quick = process.argv.includes('--quick');
export const now = () => performance.now();
export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Thrown when a benchmark cannot run here; `runBench` records it as skipped with the reason. */
export class Skip extends Error {}

const require = createRequire(import.meta.url);

/** A module of the built main process, e.g. loadDist('core/core.js'). */
export function loadDist(relative) {
  const file = path.join(root, 'dist', 'main', relative);
  if (!fs.existsSync(file))
    throw new Skip(`dist/main/${relative} is missing: run \`npm run build:node\``);
  return require(file);
}

export const labDir = process.env.DROVER_LAB_DIR ?? '/var/lib/drover-lab';

export function readLab() {
  const file = path.join(labDir, 'lab.json');
  if (!fs.existsSync(file)) throw new Skip(`the lab is not up (${file} is missing)`);
  return JSON.parse(fs.readFileSync(file, 'utf8'));
}

/** The benchmarks' default hosts: lab indexes 15..29 (the others belong to the test runs). */
export const DEFAULT_HOSTS = '15-29';

/**
 * Lab hosts by index from `variable` (falling back to DROVER_BENCH_HOSTS, then DEFAULT_HOSTS):
 * "15-29", "15,16" or both mixed. Skips when fewer than `min` exist; keeps at most `max`.
 */
export function pickHosts(lab, { variable = 'DROVER_BENCH_HOSTS', min = 1, max = Infinity } = {}) {
  const spec = process.env[variable] ?? process.env.DROVER_BENCH_HOSTS ?? DEFAULT_HOSTS;
  const indexes = spec.split(',').flatMap((part) => {
    const [from, to = from] = part.trim().split('-').map(Number);
    return Array.from({ length: to - from + 1 }, (_, i) => from + i);
  });
  const hosts = indexes.map((i) => lab.hosts[i]).filter(Boolean);
  if (hosts.length < min) {
    throw new Skip(
      `needs ${min} lab hosts, ${variable}="${spec}" names ${hosts.length} of ${lab.hosts.length}`,
    );
  }
  return hosts.slice(0, max);
}

// A loaded machine's sshd can take long to answer: 30 s to connect.
const sshArgs = (lab, host, command) => labSshArgs(lab, host, command, 30);

/**
 * Runs a command on a lab host as root over the machine's ssh client; returns its stdout. A
 * failure to connect (ssh's status 255: on a loaded machine sshd can miss the banner deadline)
 * is tried again twice; the command's own failures are not.
 */
export function labSsh(lab, host, command) {
  for (let attempt = 1; ; attempt++) {
    try {
      return execFileSync('ssh', sshArgs(lab, host, command), {
        encoding: 'utf8',
        maxBuffer: 64 << 20,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
    } catch (error) {
      if (error.status !== 255 || attempt === 3) throw error;
      console.error(
        `ssh to ${host.name} failed to connect (${String(error.stderr).trim()}), again…`,
      );
    }
  }
}

/** The same, without blocking: for work on many hosts at once. */
export const labSshAsync = (lab, host, command) =>
  new Promise((resolve, reject) =>
    execFile(
      'ssh',
      sshArgs(lab, host, command),
      { maxBuffer: 64 << 20 },
      (error, stdout, stderr) =>
        error ? reject(new Error(`${host.name}: ${stderr || error.message}`)) : resolve(stdout),
    ),
  );

/**
 * Takes the hosts out of any Swarm and restarts the dockerd of those that were in one, as the
 * tests' leaveSwarm does (e2e/support/lab.ts): Docker 20.10 can keep the old Swarm's gossip
 * keys, and the next Swarm formed on the host then carries no overlay traffic.
 */
export async function leaveSwarm(lab, hosts) {
  const left = [];
  await Promise.all(
    hosts.map(async (h) => {
      const out = await labSshAsync(lab, h, 'docker swarm leave --force 2>/dev/null; true').catch(
        () => '',
      );
      if (/left the swarm/i.test(out)) left.push(h.name);
    }),
  );
  if (!left.length) return;
  await new Promise((resolve) =>
    execFile(
      'bash',
      [path.join(root, 'e2e', 'lab', 'lab.sh'), 'restart', ...left],
      { timeout: 120_000 },
      () => resolve(),
    ),
  );
}

/** A call context as the local admin's (the desktop user): benchmarks measure the core. */
export const adminContext = (actor) => ({
  actor,
  principal: { kind: 'local-admin', name: actor },
  shell: 'cli',
});

/** Every lab host added to the core's first environment (a Swarm: the first manages); its id. */
export async function addLabHosts(core, lab, hosts, ctx) {
  const [env] = await core.call('env.list', {}, ctx);
  for (const host of hosts) {
    await core.call(
      'host.add',
      {
        environmentId: env.id,
        name: host.name,
        address: host.address,
        port: host.port,
        user: 'root',
        auth: { kind: 'key', keyPath: lab.sshKey },
        hostKey: host.hostKeyFingerprint,
      },
      ctx,
    );
  }
  return env.id;
}

export const DOCKER_CLI = '/usr/bin/docker'; // Debian's 20.10 client, matching the lab's engines

/**
 * An environment for the docker CLI with DOCKER_HOST=ssh://: the CLI runs `ssh` from PATH, and
 * ssh reads ~/.ssh of the passwd entry, not $HOME, so a wrapper first in PATH adds the lab key
 * and known_hosts; a temporary HOME keeps ~/.docker out of the user's home. Skips without a CLI.
 */
export function dockerCliEnv(lab) {
  if (!fs.existsSync(DOCKER_CLI)) throw new Skip(`${DOCKER_CLI} is not installed`);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'drover-bench-cli-'));
  fs.mkdirSync(path.join(dir, 'bin'));
  const wrapper = path.join(dir, 'bin', 'ssh');
  fs.writeFileSync(
    wrapper,
    `#!/bin/sh\nexec /usr/bin/ssh -i '${lab.sshKey}' -o IdentitiesOnly=yes ` +
      `-o UserKnownHostsFile='${lab.knownHosts}' -o StrictHostKeyChecking=yes -o BatchMode=yes "$@"\n`,
    { mode: 0o755 },
  );
  const env = { ...process.env, HOME: dir, PATH: `${path.dirname(wrapper)}:${process.env.PATH}` };
  delete env.DOCKER_HOST;
  delete env.DOCKER_CONTEXT;
  delete env.DOCKER_CONFIG;
  process.on('exit', () => fs.rmSync(dir, { recursive: true, force: true }));
  /** `docker -H ssh://root@HOST args...`; throws with its stderr on failure. */
  const docker = (host, args) =>
    execFileSync(DOCKER_CLI, ['-H', `ssh://root@${host.address}`, ...args], {
      env,
      encoding: 'utf8',
      timeout: 120_000,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
  return { env, docker };
}

/** min / p50 / p95 / max of a list of samples. */
export function summarize(samples) {
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = (p) =>
    sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))];
  return {
    n: sorted.length,
    min: sorted[0],
    median: rank(0.5),
    p95: rank(0.95),
    max: sorted.at(-1),
  };
}

/** Milliseconds one call takes. */
export async function timed(fn) {
  const start = now();
  await fn();
  return now() - start;
}

/**
 * A figure: `value` against `baseline` measured in the same run, ratio = value / baseline (for
 * times and costs, under 1 means Drover is cheaper). `spread` gives the noise: min/median/max of
 * each side's samples.
 */
export function figure(name, { value, unit, baseline, baselineName, spread, note }) {
  const ratio = baseline ? value / baseline : null;
  return {
    name,
    value: round(value),
    unit,
    baseline: round(baseline),
    baselineName,
    ratio: round(ratio),
    spread,
    note,
  };
}

/** A figure from two sample lists: medians compared, each side's min/median/max kept. */
export function pairFigure(name, { unit, samples, baselineSamples, baselineName, note }) {
  const a = summarize(samples);
  const b = baselineSamples ? summarize(baselineSamples) : undefined;
  const spread = { n: b ? `${a.n}; ${b.n}` : a.n, value: [a.min, a.median, a.max].map(round) };
  if (b) spread.baseline = [b.min, b.median, b.max].map(round);
  return figure(name, { value: a.median, unit, baseline: b?.median, baselineName, spread, note });
}

export function round(v) {
  if (v === undefined || v === null || !Number.isFinite(v)) return v ?? null;
  if (Math.abs(v) >= 100) return Math.round(v);
  return Number(v.toPrecision(3));
}

/** The machine's load average: the benchmarks run beside other work and say how busy it was. */
export const loadAverage = () => os.loadavg().map((v) => Number(v.toFixed(2)));

/**
 * Runs a benchmark: `body` returns { figures, hosts, notes }; they are printed and merged into
 * bench/results.json (and docs/BENCHMARKS.md) under `name`. A Skip is recorded with its reason.
 */
export async function runBench(name, body) {
  const started = now();
  const loadBefore = loadAverage();
  let entry;
  try {
    const { figures, hosts, notes = [] } = await body();
    entry = { status: 'ok', hosts, figures, notes };
  } catch (error) {
    if (!(error instanceof Skip)) {
      console.error(error);
      entry = {
        status: 'failed',
        reason: String(error?.message ?? error).split('\n')[0],
        figures: [],
      };
      process.exitCode = 1;
    } else entry = { status: 'skipped', reason: error.message, figures: [] };
  }
  Object.assign(entry, {
    quick,
    seconds: Math.round((now() - started) / 1000),
    loadAverage: { before: loadBefore, after: loadAverage() },
  });
  printEntry(name, entry);
  recordResults(name, entry);
  return entry;
}

function printEntry(name, entry) {
  console.log(
    `\n== bench:${name}: ${entry.status}${entry.reason ? ` (${entry.reason})` : ''}, ` +
      `${entry.seconds} s, ${entry.hosts ?? 0} hosts, load ${entry.loadAverage.before[0]} -> ${entry.loadAverage.after[0]}`,
  );
  for (const f of entry.figures) {
    const base =
      f.baseline === null || f.baseline === undefined
        ? ''
        : `  vs ${f.baseline} ${f.unit} (${f.baselineName})  ratio ${f.ratio}`;
    const spread = f.spread
      ? `  [min/med/max ${f.spread.value.join('/')}${f.spread.baseline ? ` vs ${f.spread.baseline.join('/')}` : ''}, n=${f.spread.n}]`
      : '';
    console.log(`  ${f.name}: ${f.value} ${f.unit}${base}${spread}`);
  }
  for (const n of entry.notes ?? []) console.log(`  note: ${n}`);
}
