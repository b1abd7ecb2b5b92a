// The soak in 3 minutes (`npm run bench:soak` runs it for 30): the web-mode core on 3 lab hosts
// with 60 tasks being killed and replaced, monitoring on and a WebSocket client subscribed and
// following the service's logs. After a minute's warm-up: memory bounded over the window (the
// rate goal, under 5 MiB per 30 minutes, is the bench's), event-loop delay p99 under 50 ms
// beyond an idle process's on the same machine, nothing logged as an error or warning.
// Hosts: DROVER_SOAK_HOSTS (indices into lab.json, default "0,1,2").
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { pickHosts, readLab } from '../../../e2e/support/lab';
import { createCore } from '../core/core';
import { TempDirs } from '../test-support';
import { startWebServer } from './server';

const lab = readLab();
const hosts = pickHosts(lab, 'DROVER_SOAK_HOSTS', 3);
const dirs = new TempDirs();

afterAll(() => dirs.cleanup());

it('holds memory, event-loop delay and its log steady for 3 minutes of churn', async () => {
  const { runSoak } = await import('../../../bench/soak-run.mjs');
  const root = dirs.make('drover-soak-');
  const result = await runSoak({
    createCore,
    startWebServer,
    lab,
    hosts,
    dataDir: path.join(root, 'data'),
    staticDir: root,
    minutes: 3,
    warmupMinutes: 1,
    // Scaled like the run: the charts of a replaced container are kept for the live window
    // (5 minutes in the product), so memory fills that long; a 1-minute window fills within the
    // warm-up and leaves the 2 minutes measured flat unless something else grows.
    coreOptions: { metrics: { liveSeconds: 60 } },
    progress: (line) => console.warn(line),
  });
  console.warn(
    `soak (3 min): RSS ${result.rssStartMiB.toFixed(1)} -> ${result.rssEndMiB.toFixed(1)} MiB, ` +
      `growth ${result.rssGrowthMiBPer30Min.toFixed(2)} MiB/30 min (heap ${result.heapGrowthMiBPer30Min.toFixed(2)}), ` +
      `loop delay p99 ${result.loopDelayP99Ms.toFixed(1)} ms (max ${result.loopDelayMaxMs.toFixed(1)}; ` +
      `an idle Node process beside it: p99 ${result.idleLoopDelayP99Ms?.toFixed(1)}, max ${result.idleLoopDelayMaxMs?.toFixed(1)}), ` +
      `${result.kills} tasks killed, ${result.client.messages} messages to the client`,
  );
  expect(result.churnError).toBeUndefined();
  expect(result.kills).toBeGreaterThan(30);
  expect(result.whole).toBe(true);
  expect(result.client.errors).toEqual([]);
  expect(result.client.events['metrics.batch'] ?? 0).toBeGreaterThan(30);
  expect(result.logLines).toEqual([]);
  // The machine is shared (other suites run beside this one): the scheduler's delay, measured
  // in an idle process over the same window, is not the core's. The core's own share stays
  // under the goal.
  expect(result.loopDelayP99Ms - result.idleLoopDelayP99Ms!).toBeLessThan(50);
  // Memory stays bounded over the measured minutes. The rate goal (under 5 MiB per 30 min) is
  // `npm run bench:soak`'s to measure, over 30 minutes: a slope fitted to 2 minutes and
  // multiplied by 15 turns sampling noise into a rate (a CI run: RSS went 111.9 -> 111.3 MiB
  // while the fitted slope said +14 MiB per 30 min).
  expect(result.rssEndMiB - result.rssStartMiB).toBeLessThan(8);
  expect(result.heapEndMiB - result.heapStartMiB).toBeLessThan(4);
}, 420_000);
