// Alerts on the lab's real Docker: a one-host Swarm where a service whose container exits at once
// raises "restarting in a loop" and "below desired replicas", and scaling it to 0 resolves both;
// one whose task cannot be placed (no container event at all) raises "below desired" too;
// a healthy service deployed and scaled away raises nothing; the metrics sampler's CPU and memory
// readings raise and resolve "host CPU" and "host memory"; a cut link raises "host unreachable"
// after the grace period and restoring it resolves it. Short thresholds keep it quick.
// Host: DROVER_ALERT_HOSTS (an index into lab.json, default "0").
import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addLabHosts } from '../../../e2e/support/core';
import { labSsh, leaveSwarm, pickHosts, readLab, type LabHost } from '../../../e2e/support/lab';
import { until } from '../../../e2e/support/wait';
import type { AlertChanged, AlertKind } from '../../shared/alerts';
import { createCore, type Core } from '../core/core';
import type { CallContext } from '../rpc/context';
import { TempDirs } from '../test-support';
import { adminContext } from '../test-support.js';

const lab = readLab();
const [host] = pickHosts(lab, 'DROVER_ALERT_HOSTS', 1) as [LabHost];
const dirs = new TempDirs();
const ctx: CallContext = adminContext('tester', 'cli');
const CRASH = 'drv-alert-crash';
const PENDING = 'drv-alert-pending';
const STACK = 'drv-alert';
const veth = `vh-${host.name}`;
let core: Core;
let environmentId: number;
const changes: (AlertChanged & { at: number })[] = [];

const changed = (change: AlertChanged['change'], kind: AlertKind, subject: string) =>
  changes.find(
    (c) => c.change === change && c.alert.kind === kind && c.alert.subject.name === subject,
  );

async function waitFor(
  change: AlertChanged['change'],
  kind: AlertKind,
  subject: string,
  ms: number,
) {
  await until(
    async () => Boolean(changed(change, kind, subject)),
    `${kind} ${change} for ${subject}`,
    ms,
  );
  return changed(change, kind, subject)!;
}

beforeAll(async () => {
  leaveSwarm(lab, host);
  core = createCore({ dataDir: dirs.make('drover-alerts-int-'), shell: 'cli', connectHosts: true });
  environmentId = core.services.environments.list()[0]!.id;
  await core.call(
    'alert.setThresholds',
    {
      environmentId,
      thresholds: {
        hostUnreachableSeconds: 3,
        restartCount: 3,
        restartWindowSeconds: 20,
        belowDesiredSeconds: 10,
      },
    },
    ctx,
  );
  core.events.subscribe((e) => {
    if (e.event === 'alert.changed') changes.push({ ...e.payload, at: Date.now() });
  });
  await addLabHosts(core, lab, [host], ctx);
}, 120_000);

afterAll(async () => {
  execFileSync('ip', ['link', 'set', veth, 'up']);
  try {
    labSsh(lab, host, `docker service rm ${CRASH} ${PENDING} >/dev/null 2>&1 || true`);
    await core?.call('stack.remove', { environmentId, name: STACK }, ctx);
  } catch {
    // Leaving the Swarm removes what is left.
  }
  core?.close();
  leaveSwarm(lab, host);
  dirs.cleanup();
}, 120_000);

describe('alerts on a real Swarm', () => {
  it('a healthy service deployed, then scaled away, raises nothing', async () => {
    const compose = `services:\n  web:\n    image: ${lab.images.whoami}\n    deploy:\n      replicas: 3\n`;
    const result = await core.call('stack.deploy', { environmentId, name: STACK, compose }, ctx);
    expect(result.converged).toBe(true);
    // Scaling down stops three containers (kill, die): stops, not crashes.
    await core.call('service.scale', { environmentId, service: `${STACK}_web`, replicas: 0 }, ctx);
    await new Promise((r) => setTimeout(r, 12_000)); // longer than the below-desired grace
    expect(changes).toEqual([]);
  }, 120_000);

  it('a container that exits at once raises "restarting in a loop" and "below desired"', async () => {
    const created = Date.now();
    // Made with the docker CLI, as an operator might: the console watches every service.
    labSsh(
      lab,
      host,
      `docker service create --detach --name ${CRASH} --restart-delay 2s --endpoint-mode dnsrr ${lab.images.whoami} sh -c 'exit 1' >/dev/null`,
    );
    const loop = await waitFor('raised', 'container-restarting', CRASH, 60_000);
    expect(loop.alert).toMatchObject({
      severity: 'warning',
      state: 'open',
      subject: { type: 'service', id: CRASH },
    });
    expect(loop.alert.message).toMatch(
      new RegExp(
        `^${CRASH}: 3 or more task exits within 20 s \\(last: ${CRASH}\\.1\\.\\w+ on ${host.name}, exit code 1\\)$`,
      ),
    );
    const below = await waitFor('raised', 'service-below-desired', CRASH, 60_000);
    // With the engine's error for the tasks.
    expect(below.alert.message).toMatch(
      new RegExp(
        `^${CRASH}: 0 of 1 tasks running for 10 s or more: failed on ${host.name}: task: non-zero exit \\(1\\)`,
      ),
    );
    expect(below.alert.severity).toBe('critical');
    // Not before the grace period.
    expect(below.at - created).toBeGreaterThanOrEqual(10_000);
    console.warn(
      `alerts: restart loop raised ${loop.at - created} ms, below desired ${below.at - created} ms after the service was created`,
    );
    const open = await core.call('alert.list', { environmentId, state: 'open' }, ctx);
    expect(open.map((a) => a.kind).sort()).toEqual([
      'container-restarting',
      'service-below-desired',
    ]);
    // Raised once each, however many times the task restarts meanwhile.
    await new Promise((r) => setTimeout(r, 6_000));
    expect(changes.filter((c) => c.change === 'raised')).toHaveLength(2);
  }, 120_000);

  it('scaling it to 0 resolves both', async () => {
    const fixed = Date.now();
    await core.call('service.scale', { environmentId, service: CRASH, replicas: 0 }, ctx);
    const below = await waitFor('resolved', 'service-below-desired', CRASH, 40_000);
    const loop = await waitFor('resolved', 'container-restarting', CRASH, 60_000);
    console.warn(
      `alerts: below desired resolved ${below.at - fixed} ms, restart loop ${loop.at - fixed} ms after scaling to 0`,
    );
    expect(await core.call('alert.list', { environmentId, state: 'open' }, ctx)).toEqual([]);
    const history = await core.call('alert.list', { environmentId, state: 'resolved' }, ctx);
    expect(history).toHaveLength(2);
    for (const alert of history) expect(alert.resolvedAt! >= alert.raisedAt).toBe(true);
  }, 120_000);

  it('a service whose task cannot be placed (no container event ever) raises; removing it resolves', async () => {
    const created = Date.now();
    labSsh(
      lab,
      host,
      `docker service create --detach --name ${PENDING} --constraint node.labels.drover-nowhere==1 --endpoint-mode dnsrr ${lab.images.whoami} >/dev/null`,
    );
    const below = await waitFor('raised', 'service-below-desired', PENDING, 40_000);
    expect(below.alert.message).toBe(
      `${PENDING}: 0 of 1 tasks running for 10 s or more: pending: no suitable node (scheduling constraints not satisfied on 1 node)`,
    );
    labSsh(lab, host, `docker service rm ${PENDING} >/dev/null`);
    const gone = await waitFor('resolved', 'service-below-desired', PENDING, 20_000);
    console.warn(
      `alerts: unplaceable service raised ${below.at - created} ms after creation, resolved ${gone.at - below.at} ms after the raise (removed)`,
    );
    expect(changes.filter((c) => c.alert.subject.name === PENDING)).toHaveLength(2);
  }, 90_000);

  it('host CPU from the real metrics sampler raises above the limit and resolves below it', async () => {
    // The lab's hosts share the machine's CPUs (its /proc/stat): any reading is above 1 %,
    // which keeps this independent of what else runs; a busy loop makes sure of it.
    const limits = (cpuPercent: number) =>
      core.call(
        'alert.setThresholds',
        { environmentId, thresholds: { cpuPercent, cpuSeconds: 6 } },
        ctx,
      );
    await limits(1);
    const started = Date.now();
    labSsh(lab, host, "timeout 30 sh -c 'while :; do :; done' >/dev/null 2>&1 &");
    const raised = await waitFor('raised', 'host-cpu', host.name, 40_000);
    // Raised once the readings had been above the limit for 6 s (the shared machine may have
    // been above it before the loop began: the condition then started earlier).
    const since = Date.parse(raised.alert.since);
    expect(Date.parse(raised.alert.raisedAt) - since).toBeGreaterThanOrEqual(6_000);
    expect(raised.alert).toMatchObject({ severity: 'warning', subject: { type: 'host' } });
    expect(raised.alert.message).toMatch(
      new RegExp(`^${host.name}: CPU above 1 % for 6 s \\(\\d+ %\\)$`),
    );
    // Raised by samples: the sampler's readings feed the rule, not a timer alone.
    await limits(100);
    const resolved = await waitFor('resolved', 'host-cpu', host.name, 30_000);
    console.warn(
      `alerts: host CPU raised ${raised.at - started} ms after the load began, resolved ${resolved.at - raised.at} ms after the raise (limit lifted meanwhile)`,
    );
    expect(changes.filter((c) => c.alert.kind === 'host-memory')).toEqual([]);
  }, 90_000);

  it('host memory from the real metrics sampler raises and resolves the same way', async () => {
    // Any host uses more than 1 % of its memory; at most 100 % never raises.
    const limits = (memoryPercent: number) =>
      core.call(
        'alert.setThresholds',
        { environmentId, thresholds: { memoryPercent, memorySeconds: 4 } },
        ctx,
      );
    await limits(1);
    const raised = await waitFor('raised', 'host-memory', host.name, 30_000);
    expect(
      Date.parse(raised.alert.raisedAt) - Date.parse(raised.alert.since),
    ).toBeGreaterThanOrEqual(4_000);
    const percent = Number(/\((\d+) %\)$/.exec(raised.alert.message)?.[1]);
    expect(percent).toBeGreaterThan(1);
    expect(percent).toBeLessThanOrEqual(100);
    await limits(100);
    await waitFor('resolved', 'host-memory', host.name, 30_000);
  }, 60_000);

  it('a cut link raises "host unreachable" after the grace period; restoring it resolves', async () => {
    const hostId = core.services.hosts.list()[0]!.id;
    const state = () => core.services.hosts.get(hostId).state;
    let wentDown = 0;
    const stop = core.events.subscribe((e) => {
      if (e.event === 'host.changed' && !wentDown && state() === 'unreachable')
        wentDown = Date.now();
    });
    execFileSync('ip', ['link', 'set', veth, 'down']);
    let raised: AlertChanged & { at: number };
    try {
      raised = await waitFor('raised', 'host-unreachable', host.name, 60_000);
    } finally {
      execFileSync('ip', ['link', 'set', veth, 'up']);
      stop();
    }
    expect(raised.alert).toMatchObject({
      severity: 'critical',
      subject: { type: 'host', id: String(hostId) },
    });
    expect(raised.alert.message).toMatch(new RegExp(`^${host.name} is unreachable`));
    // The grace period counts from when the console saw the host go.
    const since = Date.parse(raised.alert.since);
    expect(Math.abs(since - wentDown)).toBeLessThan(100);
    expect(Date.parse(raised.alert.raisedAt) - since).toBeGreaterThanOrEqual(3_000);
    expect(raised.at - wentDown).toBeLessThan(6_000);
    const resolved = await waitFor('resolved', 'host-unreachable', host.name, 60_000);
    expect(state()).toBe('connected');
    console.warn(`alerts: host unreachable resolved ${resolved.at - raised.at} ms after the raise`);
  }, 150_000);
});
