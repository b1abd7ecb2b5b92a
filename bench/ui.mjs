// Does the console stay smooth with 3 hosts x 100 containers streaming? In one run, the real
// `drover web` in Debian's Chromium, measured in the page over a window: frame times from
// requestAnimationFrame (fps, p95/p99, frames over 50 ms), long tasks, the JS heap, the main
// thread's script/layout time (Chrome's Performance metrics) and the time the page's socket
// handler spends on each metrics batch. Baseline in the same run: the same pages while the three
// streams carry one benchmark container each, before the other 99 start.
// The lab gives this benchmark one host: the three streams are three connections to it (real
// sampler streams of the same 100 containers), the second and third through local TCP forwards
// to its sshd, so the console takes them for three hosts of one environment and the Monitoring
// page (which shows one environment) ingests 300 container samples a tick. The renderer keys
// container series by container id, so the three copies land in the same 100 series.
//
// Needs the lab, the built console (`npm run build`) and Chromium. Runs under vite-node so it can
// use the e2e support code. Host: DROVER_BENCH_UI_HOST (index into lab.json, default the third
// benchmark host); window: DROVER_BENCH_WINDOW seconds (default 30, 10 with --quick).
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { connectApi } from '../e2e/support/api.ts';
import { chromiumPath, launchBrowser } from '../e2e/support/browser.ts';
import { repoRoot, startConsole } from '../e2e/support/console.ts';
import { addHostStreams, removeContainers, startContainers } from './lab-crowd.mjs';
import {
  figure,
  labSsh,
  leaveSwarm,
  pickHosts,
  quick,
  readLab,
  runBench,
  Skip,
  sleep,
} from './setup.mjs';

const CONTAINERS = quick ? 30 : 100;
const STREAMS = 3;
const WINDOW_S = Number(process.env.DROVER_BENCH_WINDOW ?? (quick ? 10 : 30));
const PREFIX = 'drv-bench-ui-';

/** A local port that relays to the host's sshd: another address for the same host. */
async function relayTo(target) {
  const server = net.createServer((client) => {
    const upstream = net.connect(target.port, target.address);
    client.pipe(upstream).pipe(client);
    const close = () => (client.destroy(), upstream.destroy());
    client.on('error', close);
    upstream.on('error', close);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { port: server.address().port, close: () => server.close() };
}

// Installed before the page's own scripts: a frame recorder, a long-task observer, and a timer
// around the socket's message handler for metrics batches. A string: it runs in the page.
const probe = `(() => {
  const s = { on: false, frames: [], long: [], batchMs: [], last: 0 };
  new PerformanceObserver((list) => {
    if (s.on) for (const e of list.getEntries()) s.long.push(e.duration);
  }).observe({ type: 'longtask' });
  const tick = (t) => {
    if (s.on && s.last) s.frames.push(t - s.last);
    s.last = t;
    requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
  const slot = Object.getOwnPropertyDescriptor(WebSocket.prototype, 'onmessage');
  Object.defineProperty(WebSocket.prototype, 'onmessage', {
    get: slot.get,
    set(handler) {
      slot.set.call(this, (m) => {
        if (!s.on || !String(m.data).includes('"metrics.batch"')) return handler.call(this, m);
        const t0 = performance.now();
        try { return handler.call(this, m); } finally { s.batchMs.push(performance.now() - t0); }
      });
    },
  });
  window.__bench = {
    start() { Object.assign(s, { on: true, frames: [], long: [], batchMs: [], last: 0 }); },
    stop() { s.on = false; return { frames: s.frames, long: s.long, batchMs: s.batchMs }; },
  };
})();`;

const quantile = (values, q) => {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
};
const busyMetrics = ['ScriptDuration', 'LayoutDuration', 'RecalcStyleDuration', 'TaskDuration'];

/** One window on the page as it is: frames, long tasks, batches, heap, main-thread busy time. */
async function measure(page, cdp, label) {
  const metrics = async () =>
    Object.fromEntries(
      (await cdp.send('Performance.getMetrics')).metrics.map((m) => [m.name, m.value]),
    );
  const before = await metrics();
  let heapMax = 0;
  await page.evaluate('window.__bench.start()');
  const t0 = Date.now();
  while (Date.now() - t0 < WINDOW_S * 1000) {
    heapMax = Math.max(heapMax, (await cdp.send('Runtime.getHeapUsage')).usedSize);
    await sleep(1000);
  }
  const raw = await page.evaluate('window.__bench.stop()');
  const after = await metrics();
  const seconds = (Date.now() - t0) / 1000;
  const busy = Object.fromEntries(
    busyMetrics.map((k) => [k, ((after[k] - before[k]) / seconds) * 100]),
  );
  const { frames, long, batchMs } = raw;
  return {
    label,
    frames: frames.length,
    fps: frames.length / (frames.reduce((a, v) => a + v, 0) / 1000 || 1),
    p50: quantile(frames, 0.5),
    p95: quantile(frames, 0.95),
    p99: quantile(frames, 0.99),
    worst: Math.max(0, ...frames),
    over50: frames.filter((f) => f > 50).length,
    over100: frames.filter((f) => f > 100).length,
    longTasks: long.length,
    longMs: long.reduce((a, v) => a + v, 0),
    longWorst: Math.max(0, ...long),
    batches: batchMs.length,
    batchMean: batchMs.reduce((a, v) => a + v, 0) / (batchMs.length || 1),
    batchP95: quantile(batchMs, 0.95),
    heapMb: heapMax / 1024 / 1024,
    busy,
  };
}

await runBench('ui', async () => {
  for (const built of ['dist/main/cli/main.js', 'dist/renderer/index.html']) {
    if (!fs.existsSync(path.join(repoRoot, built)))
      throw new Skip(`${built} is missing: run \`npm run build\``);
  }
  if (!fs.existsSync(chromiumPath)) throw new Skip(`no Chromium at ${chromiumPath}`);
  const lab = readLab();
  const hosts = pickHosts(lab, { variable: 'DROVER_BENCH_UI_HOST' });
  const host = process.env.DROVER_BENCH_UI_HOST ? hosts[0] : (hosts[2] ?? hosts[0]);
  const run = (h, command) => labSsh(lab, h, command);
  const crowd = { image: lab.images.nginx, prefix: PREFIX };
  await leaveSwarm(lab, [host]);
  console.log(`Starting 1 container on ${host.name} and the console…`);
  startContainers(run, host, { ...crowd, count: 1 });
  const drover = await startConsole();
  const api = await connectApi(drover);
  const browser = await launchBrowser();
  const results = [];
  const relays = [await relayTo(host), await relayTo(host)];
  try {
    const aliases = relays.map((relay, i) => ({
      ...host,
      name: `${host.name}-via-${i + 2}`,
      address: '127.0.0.1',
      port: relay.port,
    }));
    await addHostStreams((method, args) => api.call(method, args, 180_000), lab, [
      host,
      ...aliases,
    ]);
    const connections = (await api.call('host.list', {})).length;
    console.log(`  ${connections} host connections (${host.name} x ${STREAMS})`);
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    page.setDefaultTimeout(60_000);
    await page.addInitScript({ content: probe });
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Performance.enable');

    const openMonitoring = async () => {
      await page.goto(`${drover.url}#/monitoring`);
      await page.locator('.top-row').first().waitFor();
      await sleep(6000); // three ticks: rates flowing, the top list full
    };
    const openCharts = async () => {
      await page.locator('.top-row__button').first().click();
      await page.locator('#charts-title').waitFor();
      await sleep(4000);
    };
    const phase = async (label, open) => {
      await open();
      console.log(`  measuring ${label} for ${WINDOW_S} s…`);
      results.push(await measure(page, cdp, label));
    };

    await phase('Monitoring, 1 container x 3 streams', openMonitoring);
    await phase("  + a container's charts", openCharts);
    console.log(`Creating ${CONTAINERS - 1} more containers on ${host.name}…`);
    const started = Date.now();
    startContainers(run, host, { ...crowd, count: CONTAINERS, from: 2 });
    console.log(`  done in ${((Date.now() - started) / 1000).toFixed(0)} s`);
    await phase(`Monitoring, ${CONTAINERS} containers x 3 streams`, openMonitoring);
    await phase("  + a container's charts", openCharts);
    const shot = path.join(repoRoot, 'e2e', 'artifacts', 'bench-ui-charts.png');
    fs.mkdirSync(path.dirname(shot), { recursive: true });
    await page.screenshot({ path: shot });
  } finally {
    await browser.close();
    api.close();
    await drover.stop();
    for (const relay of relays) relay.close();
    removeContainers(run, host, PREFIX);
    await leaveSwarm(lab, [host]);
    fs.rmSync(drover.dataDir, { recursive: true, force: true });
  }

  const [small, smallCharts, big, bigCharts] = results;
  const frames = (r) => ({
    n: r.frames,
    value: [r.p50, r.p95, r.worst].map((v) => Number(v.toFixed(1))),
  });
  const figures = [
    figure(`Monitoring page fps, ${CONTAINERS} containers x ${STREAMS} streams`, {
      value: big.fps,
      unit: 'fps',
      baseline: small.fps,
      baselineName: '1 container x 3 streams',
    }),
    figure('Monitoring page frame p95', {
      value: big.p95,
      unit: 'ms',
      baseline: small.p95,
      baselineName: '1 container x 3 streams',
      spread: { ...frames(big), baseline: frames(small).value },
    }),
    figure("a container's charts, frame p95", {
      value: bigCharts.p95,
      unit: 'ms',
      baseline: smallCharts.p95,
      baselineName: '1 container x 3 streams',
      spread: { ...frames(bigCharts), baseline: frames(smallCharts).value },
    }),
    figure('main thread busy on Monitoring', {
      value: big.busy.TaskDuration,
      unit: '%',
      baseline: small.busy.TaskDuration,
      baselineName: '1 container x 3 streams',
    }),
    figure('metrics batch handling, mean', {
      value: big.batchMean,
      unit: 'ms',
      baseline: small.batchMean,
      baselineName: '1 container x 3 streams',
    }),
    figure('peak JS heap on Monitoring', {
      value: big.heapMb,
      unit: 'MiB',
      baseline: small.heapMb,
      baselineName: '1 container x 3 streams',
    }),
  ];
  const notes = [
    `${WINDOW_S} s windows; ${host.name} added ${STREAMS} times (direct + 2 local relays to its sshd); spread is frame p50/p95/worst`,
    ...results.map(
      (r) =>
        `${r.label.trim()}: ${r.fps.toFixed(1)} fps, ${r.over50} frames > 50 ms, ${r.longTasks} long tasks (worst ${r.longWorst.toFixed(0)} ms)`,
    ),
  ];
  return { figures, hosts: 1, notes };
});
process.exit(0);
