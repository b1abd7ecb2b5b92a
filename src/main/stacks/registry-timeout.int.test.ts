// A registry that does not answer must not hold the plan: on the lab's real Swarm, a stack whose
// image lives on a registry address that accepts TCP connections and never replies (what a
// cluster without internet sees of an unreachable registry behind a filtering proxy) is planned
// within the look-up bound, the plan says which digest was not checked and why, and the other
// images are still pinned. Before the bound, the manager's engine held the plan ~25 s.
// Hosts: DROVER_REGISTRY_TIMEOUT_HOSTS (one index into lab.json, default "0"): a one-host Swarm.
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addLabHosts, testerContext as ctx } from '../../../e2e/support/core';
import { leaveSwarm, pickHosts, readLab } from '../../../e2e/support/lab';
import { createCore, type Core } from '../core/core';
import { TempDirs } from '../test-support';
import { REGISTRY_LOOKUP_TIMEOUT_MS } from './images';

const lab = readLab();
const [host] = pickHosts(lab, 'DROVER_REGISTRY_TIMEOUT_HOSTS', 1);
const dirs = new TempDirs();
let core: Core;
let environmentId: number;

/** Accepts connections and never says a word; counts who came. */
const sockets: net.Socket[] = [];
const silent = net.createServer((socket) => {
  sockets.push(socket);
  socket.on('error', () => undefined);
});
// The lab bridge's own address (x.y.z.1): the lab hosts reach it, nothing else is involved.
const gateway = host!.address.replace(/\.\d+$/, '.1');
let silentImage = '';

const stack = (extra: string) => `services:
  web:
    image: ${lab.images.whoami}
${extra}`;

async function timedPlan(compose: string) {
  const started = performance.now();
  const plan = await core.call('stack.plan', { environmentId, name: 'quiet', compose }, ctx);
  return { plan, ms: performance.now() - started };
}

beforeAll(async () => {
  await new Promise<void>((resolve) => silent.listen(0, gateway, resolve));
  silentImage = `${gateway}:${(silent.address() as net.AddressInfo).port}/drover/quiet:1`;
  leaveSwarm(lab, host!);
  core = createCore({
    dataDir: dirs.make('drover-registry-timeout-'),
    shell: 'cli',
    connectHosts: true,
  });
  environmentId = await addLabHosts(core, lab, [host!], ctx);
});

afterAll(async () => {
  core?.close();
  for (const socket of sockets) socket.destroy();
  silent.close();
  leaveSwarm(lab, host!);
  dirs.cleanup();
});

describe('a registry that does not answer', () => {
  it('is given up after the bound, and the plan says the digest was not checked', async () => {
    // The same plan without the silent registry, in this run: what the rest of the plan costs.
    const baseline = await timedPlan(stack(''));
    expect(baseline.plan.errors).toEqual([]);
    const { plan, ms } = await timedPlan(stack(`  quiet:\n    image: ${silentImage}\n`));
    console.warn(
      `plan with a silent registry: ${(ms / 1000).toFixed(1)} s; without: ${(baseline.ms / 1000).toFixed(1)} s; bound ${REGISTRY_LOOKUP_TIMEOUT_MS / 1000} s; ratio ${(ms / baseline.ms).toFixed(1)}`,
    );
    // The engine was really asked (the bound cut an open look-up, nothing skipped it).
    expect(sockets.length).toBeGreaterThan(0);
    expect(plan.refusals).toEqual([]);
    expect(plan.warnings).toContainEqual(
      expect.stringContaining(
        `image digest of ${silentImage} not checked: its registry did not answer in ${REGISTRY_LOOKUP_TIMEOUT_MS / 1000} s`,
      ),
    );
    // The answering registry's image is still checked: no warning names it.
    expect(plan.warnings.join('\n')).not.toContain(lab.images.whoami);
    // The look-up bound plus what the rest of the plan took without it, and a second of slack
    // for a loaded machine (without the bound this took ~25 s).
    expect(ms).toBeLessThan(REGISTRY_LOOKUP_TIMEOUT_MS + baseline.ms + 1_000);
  });
});
