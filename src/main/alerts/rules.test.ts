import { describe, expect, it } from 'vitest';
import { defaultAlertThresholds, type AlertThresholds } from '../../shared/alerts.js';
import { AlertRules, type ContainerExit, type Finding, type ServiceTasks } from './rules.js';

const S = 1000;
const ENV = 7;

function rules(overrides: Partial<AlertThresholds> = {}) {
  return new AlertRules(() => ({ ...defaultAlertThresholds, ...overrides }));
}

const brief = (f: Finding[]) => f.map((x) => `${x.type} ${x.kind} ${x.subject.name}`);

const host = (state: 'connected' | 'unreachable' | 'connecting', error: string | null = null) => ({
  hostId: 3,
  environmentId: ENV,
  name: 'drvlab3',
  state,
  error,
});

describe('host unreachable', () => {
  it('raises only after the grace period, resolves at once when connected again', () => {
    const r = rules({ hostUnreachableSeconds: 15 });
    expect(r.host(host('connected'), 0)).toEqual([]);
    expect(r.host(host('unreachable', 'The SSH connection was lost'), 1 * S)).toEqual([]);
    expect(r.nextDeadline()).toBe(16 * S);
    expect(r.tick(15.9 * S)).toEqual([]);
    const raised = r.tick(16 * S);
    expect(raised).toMatchObject([
      {
        type: 'raise',
        kind: 'host-unreachable',
        severity: 'critical',
        since: 1 * S,
        subject: { type: 'host', id: '3', name: 'drvlab3' },
        message: 'drvlab3 is unreachable: The SSH connection was lost',
      },
    ]);
    expect(r.tick(60 * S)).toEqual([]); // raised once, not again
    expect(brief(r.host(host('connected'), 70 * S))).toEqual(['resolve host-unreachable drvlab3']);
    expect(r.nextDeadline()).toBeUndefined();
  });

  it('does not flap: a drop shorter than the grace period raises nothing', () => {
    const r = rules({ hostUnreachableSeconds: 15 });
    for (let t = 0; t < 300; t += 20) {
      expect(r.host(host('unreachable'), t * S)).toEqual([]);
      expect(r.tick((t + 10) * S)).toEqual([]);
      expect(r.host(host('connected'), (t + 10) * S)).toEqual([]);
    }
  });

  it("'connecting' neither starts nor stops the clock", () => {
    const r = rules({ hostUnreachableSeconds: 15 });
    r.host(host('unreachable'), 0);
    expect(r.host(host('connecting'), 5 * S)).toEqual([]);
    expect(brief(r.tick(15 * S))).toEqual(['raise host-unreachable drvlab3']);
  });

  it('a removed host resolves its alerts', () => {
    const r = rules({ hostUnreachableSeconds: 1 });
    r.host(host('unreachable'), 0);
    r.tick(1 * S);
    expect(brief(r.hostRemoved(ENV, 3, 2 * S))).toEqual(['resolve host-unreachable drvlab3']);
  });
});

describe('host CPU and memory', () => {
  const target = { hostId: 3, environmentId: ENV, name: 'drvlab3' };
  // Samples as the sampler reports them: one every 2 s.
  const feed = (r: AlertRules, from: number, to: number, cpu: number, memory = 40) => {
    const out: Finding[] = [];
    for (let t = from; t < to; t += 2)
      out.push(...r.hostUsage(target, { cpuPercent: cpu, memoryPercent: memory, at: t * S }));
    return out;
  };

  it('raises CPU above the limit only after it lasted the duration', () => {
    const r = rules({ cpuPercent: 90, cpuSeconds: 300 });
    expect(feed(r, 0, 60, 50)).toEqual([]);
    expect(feed(r, 60, 358, 97)).toEqual([]); // 298 s above
    const raised = feed(r, 358, 362, 97);
    expect(raised).toMatchObject([
      {
        type: 'raise',
        kind: 'host-cpu',
        since: 60 * S,
        message: 'drvlab3: CPU above 90 % for 5 min (97 %)',
      },
    ]);
  });

  it('one sample below the limit restarts the clock (no alert for bursts)', () => {
    const r = rules({ cpuPercent: 90, cpuSeconds: 300 });
    for (let t = 0; t < 1200; t += 240) {
      expect(feed(r, t, t + 238, 99)).toEqual([]);
      expect(feed(r, t + 238, t + 240, 20)).toEqual([]);
    }
  });

  it('resolves after a minute below the limit, not on one low sample', () => {
    const r = rules({ memoryPercent: 90, memorySeconds: 120 });
    expect(brief(feed(r, 0, 122, 10, 95))).toEqual(['raise host-memory drvlab3']);
    expect(feed(r, 122, 124, 10, 50)).toEqual([]); // one low sample
    expect(feed(r, 124, 130, 10, 96)).toEqual([]); // high again: still the same alert
    expect(feed(r, 130, 188, 10, 50)).toEqual([]); // 58 s below
    expect(brief(feed(r, 188, 192, 10, 50))).toEqual(['resolve host-memory drvlab3']);
  });

  it('judges CPU and memory separately', () => {
    const r = rules({ cpuSeconds: 10, memorySeconds: 10 });
    expect(brief(feed(r, 0, 12, 95, 95))).toEqual([
      'raise host-cpu drvlab3',
      'raise host-memory drvlab3',
    ]);
  });
});

describe('restarting in a loop', () => {
  const exit = (at: number, over: Partial<ContainerExit> = {}): ContainerExit => ({
    environmentId: ENV,
    hostName: 'drvlab3',
    containerName: `shop_api.1.task${at}`,
    service: 'shop_api',
    stack: 'shop',
    exitCode: '1',
    at: at * S,
    ...over,
  });

  it('counts exits of the service’s tasks (new containers each time) within the window', () => {
    const r = rules({ restartCount: 3, restartWindowSeconds: 300 });
    expect(r.exited(exit(0))).toEqual([]);
    expect(r.exited(exit(6))).toEqual([]);
    expect(r.exited(exit(12))).toMatchObject([
      {
        type: 'raise',
        kind: 'container-restarting',
        since: 0,
        subject: { type: 'service', id: 'shop_api', stack: 'shop' },
        message:
          'shop_api: 3 or more task exits within 5 min (last: shop_api.1.task12 on drvlab3, exit code 1)',
      },
    ]);
    expect(r.exited(exit(18))).toEqual([]); // still the same alert
  });

  it('exits spread wider than the window never raise', () => {
    const r = rules({ restartCount: 3, restartWindowSeconds: 60 });
    for (let t = 0; t < 600; t += 31) expect(r.exited(exit(t))).toEqual([]);
  });

  it('keys plain containers by name', () => {
    const r = rules({ restartCount: 2, restartWindowSeconds: 60 });
    const plain = { service: null, stack: null, containerName: 'db' };
    expect(r.exited(exit(0, plain))).toEqual([]);
    expect(r.exited(exit(5, { ...plain, containerName: 'cache' }))).toEqual([]);
    expect(r.exited(exit(10, plain))).toMatchObject([
      { type: 'raise', subject: { type: 'container', id: 'db' } },
    ]);
  });

  it('resolves after a whole window without an exit', () => {
    const r = rules({ restartCount: 3, restartWindowSeconds: 300 });
    r.exited(exit(0));
    r.exited(exit(5));
    r.exited(exit(10));
    expect(r.nextDeadline()).toBe(310 * S);
    expect(r.tick(309 * S)).toEqual([]);
    expect(brief(r.tick(310 * S))).toEqual(['resolve container-restarting shop_api']);
    expect(r.nextDeadline()).toBeUndefined();
  });
});

describe('service below its desired replicas', () => {
  const api = (
    running: number,
    desired = 3,
    updating = false,
    problem: string | null = null,
  ): ServiceTasks => ({
    name: 'shop_api',
    stack: 'shop',
    running,
    desired,
    updating,
    problem,
  });

  it("says the engine's error for the tasks, the latest one when the alert is raised", () => {
    const r = rules({ belowDesiredSeconds: 5 });
    const pull = 'rejected on drvlab7: No such image: shop/api:nope (2 tasks)';
    r.serviceTasks(ENV, [api(0, 2, false, 'pending: no suitable node')], 0);
    r.serviceTasks(ENV, [api(0, 2, false, pull)], 3 * S);
    expect(r.tick(5 * S)).toMatchObject([
      {
        type: 'raise',
        severity: 'critical',
        message: `shop_api: 0 of 2 tasks running for 5 s or more: ${pull}`,
      },
    ]);
  });

  it('raises after the grace period, resolves once back for 10 s', () => {
    const r = rules({ belowDesiredSeconds: 60 });
    expect(r.serviceTasks(ENV, [api(3)], 0)).toEqual([]);
    expect(r.serviceTasks(ENV, [api(1)], 10 * S)).toEqual([]);
    expect(r.watchesServices(ENV)).toBe(true);
    expect(r.watchesServices(ENV + 1)).toBe(false);
    expect(r.serviceTasks(ENV, [api(1)], 69 * S)).toEqual([]);
    expect(r.tick(70 * S)).toMatchObject([
      {
        type: 'raise',
        kind: 'service-below-desired',
        severity: 'warning',
        subject: { type: 'service', id: 'shop_api', stack: 'shop' },
        message: 'shop_api: 1 of 3 tasks running for 60 s or more',
      },
    ]);
    expect(r.serviceTasks(ENV, [api(3)], 80 * S)).toEqual([]);
    expect(brief(r.tick(90 * S))).toEqual(['resolve service-below-desired shop_api']);
    expect(r.watchesServices(ENV)).toBe(false);
  });

  it('a scale-up converging within the grace period raises nothing', () => {
    const r = rules({ belowDesiredSeconds: 60 });
    for (let running = 0; running <= 10; running++)
      expect(r.serviceTasks(ENV, [api(running, 10)], running * 5 * S)).toEqual([]);
    expect(r.tick(200 * S)).toEqual([]);
  });

  it('tasks down during a rolling update do not count', () => {
    const r = rules({ belowDesiredSeconds: 60 });
    expect(r.serviceTasks(ENV, [api(2, 3, true)], 0)).toEqual([]);
    expect(r.serviceTasks(ENV, [api(2, 3, true)], 500 * S)).toEqual([]);
    expect(r.tick(1000 * S)).toEqual([]);
  });

  it('no flapping: a task that runs for a moment between crashes keeps the alert open', () => {
    const r = rules({ belowDesiredSeconds: 30 });
    r.serviceTasks(ENV, [api(0, 1)], 0);
    expect(r.tick(30 * S)).toMatchObject([{ type: 'raise', severity: 'critical' }]);
    for (let t = 31; t < 200; t += 6) {
      expect(r.serviceTasks(ENV, [api(1, 1)], t * S)).toEqual([]);
      expect(r.serviceTasks(ENV, [api(0, 1)], (t + 1) * S)).toEqual([]);
      expect(r.tick((t + 5) * S)).toEqual([]);
    }
  });

  it('a service that disappears (removed, scaled away) resolves', () => {
    const r = rules({ belowDesiredSeconds: 1 });
    r.serviceTasks(ENV, [api(0)], 0);
    r.tick(1 * S);
    expect(brief(r.serviceTasks(ENV, [], 2 * S))).toEqual([
      'resolve service-below-desired shop_api',
    ]);
  });
});

describe('seeded alerts (open when the console restarted)', () => {
  it('resolve once their condition is seen gone', () => {
    const r = rules();
    const alert = {
      id: 1,
      environmentId: ENV,
      kind: 'host-unreachable' as const,
      severity: 'critical' as const,
      subject: { type: 'host' as const, id: '3', name: 'drvlab3', stack: null },
      message: 'drvlab3 is unreachable',
      state: 'open' as const,
      since: new Date(0).toISOString(),
      raisedAt: new Date(15 * S).toISOString(),
      resolvedAt: null,
      acknowledgedAt: null,
      acknowledgedBy: null,
    };
    r.seed(alert, 100 * S);
    expect(r.tick(200 * S)).toEqual([]);
    expect(r.host(host('unreachable'), 201 * S)).toEqual([]); // still down: no second raise
    expect(r.host(host('connected'), 202 * S)).toMatchObject([
      { type: 'resolve', kind: 'host-unreachable', message: 'drvlab3 is unreachable' },
    ]);
  });
});
