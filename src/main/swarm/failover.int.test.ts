// The manager in use goes away (its link cut, as a real outage would): with three managers, the
// next requests go to another manager and are answered correctly and quickly, never "not found";
// once the link is back the host is trusted again.
// Hosts: DROVER_FAILOVER_HOSTS (indices into lab.json, default "0,1,2").
import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addLabHosts, testerContext } from '../../../e2e/support/core';
import { leaveSwarm, pickHosts, readLab, type LabHost } from '../../../e2e/support/lab';
import type { Host, StackDeployResult, StackServiceInfo } from '../../shared/types';
import { createCore, type Core } from '../core/core';
import { TempDirs } from '../test-support';
import { waitFor } from './poll';
import { sleep } from './poll';

const lab = readLab();
const hosts = pickHosts(lab, 'DROVER_FAILOVER_HOSTS', 3) as [LabHost, LabHost, LabHost];
const dirs = new TempDirs();
const ctx = testerContext;
let core: Core;
let environmentId: number;
const cut: string[] = [];

const link = (host: string, state: 'up' | 'down') =>
  execFileSync('ip', ['link', 'set', `vh-${host}`, state]);

const compose = `services:
  web:
    image: ${lab.images.whoami}
    deploy:
      replicas: 2
`;

beforeAll(async () => {
  for (const host of hosts) leaveSwarm(lab, host);
  core = createCore({
    dataDir: dirs.make('drover-failover-int-'),
    shell: 'cli',
    connectHosts: true,
  });
  environmentId = await addLabHosts(core, lab, hosts, ctx);
  const added = core.services.hosts.list(environmentId);
  for (const host of added.filter((h) => h.role !== 'manager'))
    await core.call<Host>('host.setRole', { id: host.id, role: 'manager' }, ctx);
  const deployed = await core.call<StackDeployResult>(
    'stack.deploy',
    { environmentId, name: 'fo', compose },
    ctx,
  );
  expect(deployed.converged).toBe(true);
}, 180_000);

afterAll(() => {
  for (const host of cut) link(host, 'up');
  core?.close();
  for (const host of hosts) leaveSwarm(lab, host);
  dirs.cleanup();
});

describe('the manager in use goes away', () => {
  it('answers the next requests from another manager within 3 s, never "not found"', async () => {
    const gateway = core.services.swarm;
    // Learn the leader (the gateway asks it first) and let the order settle.
    await core.call('env.cluster', { environmentId }, ctx);
    const inUse = gateway.order(environmentId)[0]!;
    link(inUse, 'down');
    cut.push(inUse);

    // The very next request: the cut manager opens no channel; another answers.
    let started = Date.now();
    const services = await core.call<StackServiceInfo[]>(
      'service.list',
      { environmentId, stack: 'fo' },
      ctx,
    );
    const readSeconds = (Date.now() - started) / 1000;
    console.warn(`read after cutting ${inUse}: ${readSeconds.toFixed(2)} s`);
    expect(services.map((s) => s.name)).toEqual(['fo_web']);
    expect(readSeconds).toBeLessThan(3);
    expect(gateway.order(environmentId).at(-1)).toBe(inUse);

    // 3 s later (the connection still looks alive: SSH keepalive needs ~9 s), a change.
    await sleep(3_000);
    started = Date.now();
    const scaled = await core.call<StackServiceInfo>(
      'service.scale',
      { environmentId, service: 'fo_web', replicas: 3 },
      ctx,
    );
    console.warn(`scale after the cut: ${((Date.now() - started) / 1000).toFixed(2)} s`);
    expect(scaled.replicas).toBe(3);

    link(inUse, 'up');
    cut.pop();
    // Back by itself: reconnected, and asked like any manager again.
    expect(
      await waitFor(
        () =>
          core.services.hosts.list(environmentId).find((h) => h.name === inUse)?.state ===
            'connected' && gateway.order(environmentId).at(-1) !== inUse,
        { timeoutMs: 30_000 },
      ),
    ).toBe(true);
  }, 120_000);
});
