// `npm run bench:soak [-- --minutes N]`: the web-mode core on 3 lab hosts with 60 tasks being
// killed and replaced, monitoring on and a WebSocket client subscribed, for 30 minutes by default
// (see soak-run.mjs). Goals: RSS growth after the warm-up under 5 MiB per 30 minutes, event-loop
// delay p99 under 50 ms, nothing logged as an error or warning. Hosts: DROVER_SOAK_HOSTS
// (default: the benchmarks' hosts), the first three.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runSoak } from './soak-run.mjs';
import { figure, loadDist, pickHosts, readLab, runBench } from './setup.mjs';

const option = (name, fallback) => {
  const at = process.argv.indexOf(`--${name}`);
  return at > 0 ? Number(process.argv[at + 1]) : fallback;
};
const minutes = option('minutes', 30);
// The warm-up covers the metrics' live window (5 minutes): the charts of a replaced container are
// kept that long, so under churn memory fills until then and is flat after (a quarter of a
// shorter run).
const warmupMinutes = Math.min(5, minutes / 4);

await runBench('soak', async () => {
  const lab = readLab();
  const hosts = pickHosts(lab, { variable: 'DROVER_SOAK_HOSTS', min: 3, max: 3 });
  const { createCore } = loadDist('core/core.js');
  const { startWebServer } = loadDist('web/server.js');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'drover-soak-'));
  try {
    const r = await runSoak({
      createCore,
      startWebServer,
      lab,
      hosts,
      dataDir: path.join(dir, 'data'),
      staticDir: dir,
      minutes,
      warmupMinutes,
      progress: (line) => console.log(line),
    });
    const window = `${(minutes - warmupMinutes).toFixed(1)} min after ${warmupMinutes.toFixed(1)} min warm-up`;
    return {
      hosts: hosts.length,
      figures: [
        figure('RSS growth per 30 min (least-squares slope, after full collections)', {
          value: r.rssGrowthMiBPer30Min,
          unit: 'MiB',
          baseline: 5,
          baselineName: 'the goal',
          note: window,
        }),
        figure('JS heap growth per 30 min (same samples)', {
          value: r.heapGrowthMiBPer30Min,
          unit: 'MiB',
        }),
        figure('event-loop delay p99 (goal: under 50 ms of its own)', {
          value: r.loopDelayP99Ms,
          unit: 'ms',
          baseline: r.idleLoopDelayP99Ms,
          baselineName: 'an idle Node process beside it, same window',
        }),
        figure('event-loop delay max', {
          value: r.loopDelayMaxMs,
          unit: 'ms',
          baseline: r.idleLoopDelayMaxMs,
          baselineName: 'the idle process',
        }),
        figure('errors and warnings in the console log', {
          value: r.logLines.length,
          unit: 'lines',
        }),
      ],
      notes: [
        `${r.replicas} tasks on ${r.hosts} hosts; ${r.kills} tasks killed with docker rm -f over the run; service whole again at the end: ${r.whole}`,
        `RSS ${r.rssStartMiB.toFixed(1)} -> ${r.rssEndMiB.toFixed(1)} MiB over ${r.samples} samples`,
        `the client received ${r.client.messages} messages (${r.client.mib.toFixed(1)} MiB): ${JSON.stringify(r.client.events)}`,
        ...r.logLines.slice(0, 5).map((l) => `logged: ${l.split('\n')[0]}`),
        ...(r.churnError ? [`churn: ${r.churnError}`] : []),
      ],
    };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
