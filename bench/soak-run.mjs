// The soak: a web-mode core on a Swarm of lab hosts running a service of many tasks that keep
// being killed (and replaced by Swarm), with monitoring on and a WebSocket client subscribed and
// following the service's logs. It measures the core's memory growth after a warm-up, its
// event-loop delay and the lines it logged as errors or warnings. `npm run bench:soak` runs it on
// the built core; the 3-minute integration test runs it on the sources (each hands in
// createCore and startWebServer).
import { spawn } from 'node:child_process';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { setTimeout } from 'node:timers';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import WebSocket from 'ws';
import { addLabHosts, adminContext, labSshAsync, leaveSwarm } from './setup.mjs';

const STACK = 'drover-soak';
const SERVICE = `${STACK}_churn`;
const ctx = adminContext('soak');
const MIB = 1024 * 1024;

/** A full collection before each memory sample, so a sample shows what is kept, not garbage. */
function collector() {
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc');
}

/** Least-squares slope of (t, y) in y per ms. */
function slope(points) {
  const n = points.length;
  const mt = points.reduce((s, p) => s + p.t, 0) / n;
  const my = points.reduce((s, p) => s + p.y, 0) / n;
  const num = points.reduce((s, p) => s + (p.t - mt) * (p.y - my), 0);
  const den = points.reduce((s, p) => s + (p.t - mt) ** 2, 0);
  return den ? num / den : 0;
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

function until(check, ms, what) {
  const end = Date.now() + ms;
  return (async () => {
    for (;;) {
      const value = await check();
      if (value) return value;
      if (Date.now() > end) throw new Error(`timed out after ${ms / 1000} s waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 250));
    }
  })();
}

/**
 * The same delay measured in an idle Node process beside the core: on a shared machine the
 * scheduler delays every process; the difference is what the core's own work costs its loop.
 */
function idleLoopDelay() {
  const child = spawn(
    process.execPath,
    [
      '-e',
      `const h = require('node:perf_hooks').monitorEventLoopDelay({ resolution: 10 });
      h.enable();
      process.on('message', () => {
        h.disable();
        process.send({ p99: h.percentile(99) / 1e6, max: h.max / 1e6 }, () => process.exit(0));
      });`,
    ],
    { stdio: ['ignore', 'ignore', 'inherit', 'ipc'] },
  );
  return {
    stop: () =>
      new Promise((resolve) => {
        child.once('message', resolve);
        child.send('stop');
      }),
  };
}

/** What the core writes to the console while it runs: errors and warnings, kept in order. */
function captureLog() {
  const lines = [];
  const original = { error: console.error, warn: console.warn };
  for (const level of ['error', 'warn']) {
    console[level] = (...args) => {
      if (capture.paused) return original[level](...args);
      lines.push(
        `${level}: ${args.map((a) => (a instanceof Error ? a.stack : String(a))).join(' ')}`,
      );
      original[level](...args);
    };
  }
  const capture = { lines, paused: false, restore: () => Object.assign(console, original) };
  return capture;
}

function composeFor(lab, replicas) {
  return `services:
  churn:
    image: ${lab.images.whoami}
    deploy:
      replicas: ${replicas}
`;
}

/** A WebSocket client of the web server: receives every event, follows the service's logs. */
async function subscribe(server) {
  const ws = new WebSocket(`ws://127.0.0.1:${server.port}/ws?token=${server.token}`);
  const seen = { messages: 0, bytes: 0, events: {}, errors: [] };
  ws.on('message', (data) => {
    seen.messages++;
    seen.bytes += data.length;
    const message = JSON.parse(String(data));
    if (message.event) seen.events[message.event] = (seen.events[message.event] ?? 0) + 1;
    if (message.ok === false) seen.errors.push(message.error?.message ?? 'error');
  });
  const closed = new Promise((resolve) => ws.on('close', (code) => resolve(code)));
  await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
  return { ws, seen, closed, send: (message) => ws.send(JSON.stringify(message)) };
}

/**
 * Runs the soak for `minutes` (memory and delay are measured after `warmupMinutes`) and returns
 * its figures: rssGrowthMiBPer30Min, heapGrowthMiBPer30Min (after full collections),
 * loopDelayP99Ms, loopDelayMaxMs, logLines (errors and warnings), kills, replaced, client.
 */
export async function runSoak({
  createCore,
  startWebServer,
  lab,
  hosts,
  dataDir,
  staticDir,
  minutes,
  warmupMinutes,
  replicas = 60,
  killEverySeconds = 10,
  killsPerRound = 3,
  sampleEverySeconds = 5,
  progress = () => undefined,
  coreOptions = {},
}) {
  const gc = collector();
  await leaveSwarm(lab, hosts);
  const core = createCore({ dataDir, shell: 'web', connectHosts: true, ...coreOptions });
  let server;
  let client;
  let log;
  try {
    const environmentId = await addLabHosts(core, lab, hosts, ctx);
    const deployed = await core.call(
      'stack.deploy',
      { environmentId, name: STACK, compose: composeFor(lab, replicas) },
      ctx,
    );
    if (!deployed.converged)
      throw new Error(`the soak stack did not converge: ${deployed.warnings}`);
    server = await startWebServer({ core, staticDir });
    client = await subscribe(server);
    client.send({
      id: 1,
      method: 'logs.open',
      args: { environmentId, service: SERVICE, follow: true, tail: 0 },
    });
    progress(`soak: ${replicas} tasks on ${hosts.length} hosts, client subscribed; ${minutes} min`);

    log = captureLog();
    /** The soak's own progress lines are not the core's log. */
    const say = (line) => {
      log.paused = true;
      progress(line);
      log.paused = false;
    };
    const started = Date.now();
    const warmupEnd = started + warmupMinutes * 60_000;
    const end = started + minutes * 60_000;
    const delay = monitorEventLoopDelay({ resolution: 10 });
    let delayOn = false;
    let idle;
    const samples = [];
    let kills = 0;
    let churnError;

    const churn = (async () => {
      for (let round = 0; Date.now() < end; round++) {
        const host = hosts[round % hosts.length];
        try {
          const out = await labSshAsync(
            lab,
            host,
            `docker ps -q -f label=com.docker.swarm.service.name=${SERVICE} | shuf -n ${killsPerRound} | xargs -r docker rm -f`,
          );
          kills += out.split('\n').filter(Boolean).length;
        } catch (error) {
          churnError = error.message;
        }
        await new Promise((r) => setTimeout(r, killEverySeconds * 1000));
      }
    })();

    while (Date.now() < end) {
      await new Promise((r) => setTimeout(r, sampleEverySeconds * 1000));
      const now = Date.now();
      if (now >= warmupEnd) {
        if (!delayOn) {
          delay.enable();
          idle = idleLoopDelay();
          delayOn = true;
        }
        // The collection pauses the loop on purpose: not part of the figure.
        delay.disable();
        gc();
        const { rss, heapUsed } = process.memoryUsage();
        delay.enable();
        samples.push({ t: now, rss, heapUsed });
      }
      if (samples.length && samples.length % 12 === 0) {
        const last = samples.at(-1);
        say(
          `soak: ${Math.round((now - started) / 1000)} s, RSS ${(last.rss / MIB).toFixed(1)} MiB, heap ${(last.heapUsed / MIB).toFixed(1)} MiB, ${kills} tasks killed, ${client.seen.messages} messages to the client`,
        );
      }
    }
    delay.disable();
    const idleDelay = await idle?.stop();
    await churn;
    log.restore();

    // Swarm replaces what was killed: the service is whole again at the end.
    const running = await until(
      async () => {
        const list = await core.call('container.list', { environmentId }, ctx);
        const count = list.containers.filter(
          (c) => c.service === SERVICE && c.state === 'running',
        ).length;
        return count === replicas ? count : undefined;
      },
      120_000,
      `${replicas} running tasks after the churn`,
    ).catch(() => undefined);

    const perHalfHour = (key) =>
      (slope(samples.map((s) => ({ t: s.t, y: s[key] }))) * 30 * 60_000) / MIB;
    const firstRss = median(samples.slice(0, 3).map((s) => s.rss));
    const lastRss = median(samples.slice(-3).map((s) => s.rss));
    const firstHeap = median(samples.slice(0, 3).map((s) => s.heapUsed));
    const lastHeap = median(samples.slice(-3).map((s) => s.heapUsed));
    return {
      minutes,
      warmupMinutes,
      hosts: hosts.length,
      replicas,
      samples: samples.length,
      rssStartMiB: firstRss / MIB,
      rssEndMiB: lastRss / MIB,
      heapStartMiB: firstHeap / MIB,
      heapEndMiB: lastHeap / MIB,
      rssGrowthMiBPer30Min: perHalfHour('rss'),
      heapGrowthMiBPer30Min: perHalfHour('heapUsed'),
      loopDelayP99Ms: delay.percentile(99) / 1e6,
      loopDelayMaxMs: delay.max / 1e6,
      idleLoopDelayP99Ms: idleDelay?.p99 ?? null,
      idleLoopDelayMaxMs: idleDelay?.max ?? null,
      logLines: log.lines,
      kills,
      churnError,
      whole: running === replicas,
      client: {
        messages: client.seen.messages,
        mib: client.seen.bytes / MIB,
        events: client.seen.events,
        errors: client.seen.errors,
      },
    };
  } finally {
    log?.restore();
    client?.ws.close();
    await server?.close();
    core.close();
    await labSshAsync(lab, hosts[0], `docker stack rm ${STACK} >/dev/null 2>&1; true`).catch(
      () => undefined,
    );
    await leaveSwarm(lab, hosts);
  }
}
