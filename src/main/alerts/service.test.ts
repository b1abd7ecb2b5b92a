// The alert service on a real database, fed the way the console feeds it: host.changed events,
import type Docker from 'dockerode';
// raw container events, services' task counts and host usage samples shaped like the sampler's.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { AlertChanged } from '../../shared/alerts.js';
import type { ContainerEvent } from '../containers/events.js';
import { EnvironmentRepository } from '../environments/repository.js';
import { EventBus } from '../events/bus.js';
import { HostRepository } from '../hosts/repository.js';
import { SettingsRepository } from '../settings/repository.js';
import { openDatabase, type Database } from '../store/database.js';
import { TempDirs } from '../test-support.js';
import type { HostUsageSource } from './inputs.js';
import type { HostUsage, ServiceTasks } from './rules.js';
import { AlertService, type Notifier } from './service.js';
import { AlertStore } from './store.js';

const dirs = new TempDirs();
let db: Database;
let bus: EventBus;
let hosts: HostRepository;
let settings: SettingsRepository;
let environmentId: number;
let hostId: number;
let service: AlertService;
let changes: AlertChanged[];
let notices: string[];
let tasks: ServiceTasks[];
let usageListener: ((hostId: number, usage: HostUsage) => void) | undefined;
let containerListener: ((e: ContainerEvent) => void) | undefined;
let serviceListener: ((hostId: number, service: string) => void) | undefined;
let serviceTasksOverride: (() => Promise<ServiceTasks[]>) | undefined;

const usage: HostUsageSource = {
  subscribe(listener) {
    usageListener = listener;
    return () => (usageListener = undefined);
  },
};
const notifier: Notifier = { notify: ({ title }) => notices.push(title) };

function start(store = new AlertStore(db)) {
  service = new AlertService({
    store,
    events: bus,
    hosts,
    thresholds: (id) => settings.alertThresholds(id),
    containerEvents: {
      subscribe(listener) {
        containerListener = listener;
        return () => (containerListener = undefined);
      },
      subscribeServices(listener) {
        serviceListener = listener;
        return () => (serviceListener = undefined);
      },
    },
    swarmEnvironments: () => [environmentId],
    // No cluster in a unit test: the manager is never called, the tasks read are the test's.
    swarm: { manager: () => ({}) as Docker },
    readServiceTasks: () => serviceTasksOverride?.() ?? Promise.resolve(tasks),
    usage,
    notifier,
    serviceRecheckMs: 5_000,
  });
  service.start();
}

function setHostState(state: 'connected' | 'unreachable', error: string | null = null) {
  hosts.setState(hostId, state, error);
  bus.publish('host.changed', hosts.list());
}

const event = (action: string, containerId: string, labels: Record<string, string> = {}) =>
  containerListener?.({ hostId, action, containerId, labels });

beforeEach(() => {
  vi.useFakeTimers({ now: Date.parse('2026-11-25T10:00:00Z') });
  db = openDatabase(dirs.make('drover-alerts-'));
  bus = new EventBus();
  const environments = new EnvironmentRepository(db);
  environments.ensureDefault();
  environmentId = environments.list()[0]!.id;
  hosts = new HostRepository(db);
  settings = new SettingsRepository(db);
  hostId = hosts.insert({
    environmentId,
    name: 'drvlab3',
    address: '10.77.0.13',
    port: 22,
    user: 'root',
    auth: { kind: 'agent' },
    secret: null,
    hostKey: 'SHA256:YX46axqwuEBnhUURmdI/2KkvvHBoAOFL+WJTwF3wBW0',
    jump: null,
  }).id;
  hosts.setState(hostId, 'connected', null);
  changes = [];
  notices = [];
  tasks = [];
  serviceTasksOverride = undefined;
  bus.subscribe((e) => {
    if (e.event === 'alert.changed') changes.push(e.payload);
  });
});

afterEach(() => {
  service?.close();
  db.close();
  vi.useRealTimers();
  dirs.cleanup();
});

describe('AlertService', () => {
  it('raises "quorum at risk" at once when 1 of 3 managers is unreachable, resolves when back', () => {
    const managers = ['drvlab3', 'drvlab4', 'drvlab5'].map((name, i) => {
      const id =
        i === 0
          ? hostId
          : hosts.insert({
              environmentId,
              name,
              address: `10.77.0.1${4 + i}`,
              port: 22,
              user: 'root',
              auth: { kind: 'agent' },
              secret: null,
              hostKey: `SHA256:test-${i}`,
              jump: null,
            }).id;
      hosts.setMembership(id, { nodeId: `node-${i}`, role: 'manager' });
      hosts.setState(id, i === 0 ? 'connected' : 'connecting', null);
      return id;
    });
    start();
    // Managers still connecting say nothing yet.
    expect(changes).toEqual([]);
    for (const id of managers) hosts.setState(id, 'connected', null);
    bus.publish('host.changed', hosts.list());
    expect(changes).toEqual([]);

    hosts.setState(managers[1]!, 'unreachable', 'The SSH connection was lost');
    bus.publish('host.changed', hosts.list());
    expect(changes.map((c) => [c.change, c.alert.kind])).toEqual([['raised', 'quorum-at-risk']]);
    expect(changes[0]!.alert).toMatchObject({
      severity: 'critical',
      subject: { type: 'swarm', id: 'swarm' },
      message:
        'drvlab4 is unreachable: 2 of 3 managers answer; one more manager failure loses quorum. Bring it back or promote another host.',
    });

    hosts.setState(managers[1]!, 'connected', null);
    bus.publish('host.changed', hosts.list());
    expect(changes.map((c) => [c.change, c.alert.kind])).toEqual([
      ['raised', 'quorum-at-risk'],
      ['resolved', 'quorum-at-risk'],
    ]);
  });

  it('raises "host unreachable" after the grace period, stores it, notifies, resolves', async () => {
    settings.setAlertThresholds(environmentId, { hostUnreachableSeconds: 15 });
    start();
    setHostState('unreachable', 'The SSH connection was lost');
    await vi.advanceTimersByTimeAsync(14_900);
    expect(changes).toEqual([]);
    await vi.advanceTimersByTimeAsync(200);
    expect(changes.map((c) => c.change)).toEqual(['raised']);
    expect(changes[0]!.alert).toMatchObject({
      kind: 'host-unreachable',
      state: 'open',
      since: '2026-11-25T10:00:00.000Z',
      raisedAt: '2026-11-25T10:00:15.000Z',
      message: 'drvlab3 is unreachable: The SSH connection was lost',
      subject: { type: 'host', id: String(hostId), name: 'drvlab3' },
    });
    expect(notices).toEqual(['Host unreachable: drvlab3']);
    expect(service.list({ state: 'open', limit: 10 })).toHaveLength(1);

    await vi.advanceTimersByTimeAsync(30_000);
    setHostState('connected');
    expect(changes.map((c) => c.change)).toEqual(['raised', 'resolved']);
    expect(notices).toEqual(['Host unreachable: drvlab3', 'Resolved: Host unreachable']);
    expect(service.list({ state: 'open', limit: 10 })).toEqual([]);
    expect(service.list({ state: 'resolved', limit: 10 })).toMatchObject([
      { state: 'resolved', resolvedAt: '2026-11-25T10:00:45.100Z' },
    ]);
  });

  it('counts only failures: a stop (kill, die) or a finished job (exit 0) is not a crash', async () => {
    settings.setAlertThresholds(environmentId, { restartCount: 3, restartWindowSeconds: 60 });
    start();
    const labels = (n: number) => ({
      'com.docker.swarm.service.name': 'shop_api',
      'com.docker.stack.namespace': 'shop',
      name: `shop_api.1.t${n}`,
      exitCode: '1',
    });
    // Scaling down stops three tasks: kill then die each.
    for (const n of [1, 2, 3]) {
      event('kill', `c${n}`, { ...labels(n), signal: '15' });
      event('die', `c${n}`, { ...labels(n), exitCode: '143' });
    }
    // Three job tasks that finish (exit code 0) are not failures either.
    for (const n of [7, 8, 9]) event('die', `c${n}`, { ...labels(n), exitCode: '0' });
    expect(changes).toEqual([]);
    // A crashing task: start, die, replaced by a new container every 5 s.
    for (const n of [4, 5, 6]) {
      event('start', `c${n}`, labels(n));
      event('die', `c${n}`, labels(n));
      await vi.advanceTimersByTimeAsync(5_000);
    }
    expect(changes).toMatchObject([
      {
        change: 'raised',
        alert: {
          kind: 'container-restarting',
          subject: { type: 'service', id: 'shop_api', stack: 'shop' },
          message:
            'shop_api: 3 or more task exits within 60 s (last: shop_api.1.t6 on drvlab3, exit code 1)',
        },
      },
    ]);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(changes.map((c) => c.change)).toEqual(['raised', 'resolved']);
  });

  it('re-reads a service below its count until it raises, and after it recovers', async () => {
    settings.setAlertThresholds(environmentId, { belowDesiredSeconds: 20 });
    tasks = [
      { name: 'shop_api', stack: 'shop', running: 0, desired: 2, updating: false, problem: null },
    ];
    start();
    await vi.advanceTimersByTimeAsync(19_000);
    expect(changes).toEqual([]);
    await vi.advanceTimersByTimeAsync(2_000);
    expect(changes).toMatchObject([
      { change: 'raised', alert: { kind: 'service-below-desired', severity: 'critical' } },
    ]);
    // Recovers without any event reaching the service: the re-reads see it.
    tasks = [
      { name: 'shop_api', stack: 'shop', running: 2, desired: 2, updating: false, problem: null },
    ];
    await vi.advanceTimersByTimeAsync(20_000);
    expect(changes.map((c) => c.change)).toEqual(['raised', 'resolved']);
  });

  it('re-reads services when a manager reports a service change (no container event needed)', async () => {
    settings.setAlertThresholds(environmentId, { belowDesiredSeconds: 10 });
    start();
    await vi.advanceTimersByTimeAsync(1_000); // the first read: nothing below
    // A service whose tasks cannot be placed: created, but no container ever starts.
    tasks = [
      { name: 'shop_db', stack: 'shop', running: 0, desired: 1, updating: false, problem: null },
    ];
    await vi.advanceTimersByTimeAsync(30_000);
    expect(changes).toEqual([]); // nothing told the service to look
    serviceListener!(hostId, 'shop_db');
    await vi.advanceTimersByTimeAsync(11_000);
    expect(changes).toMatchObject([
      { change: 'raised', alert: { kind: 'service-below-desired', subject: { id: 'shop_db' } } },
    ]);
  });

  it('a trigger brings a scheduled re-read forward; one during a read asks for another', async () => {
    settings.setAlertThresholds(environmentId, { belowDesiredSeconds: 1 });
    let reads = 0;
    let release: (() => void) | undefined;
    tasks = [
      { name: 'shop_api', stack: 'shop', running: 0, desired: 1, updating: false, problem: null },
    ];
    serviceTasksOverride = () => {
      reads += 1;
      return new Promise((resolve) => (release = () => resolve(tasks)));
    };
    start();
    await vi.advanceTimersByTimeAsync(0);
    expect(reads).toBe(1);
    serviceListener!(hostId, 'shop_api'); // during the read
    release!();
    await vi.advanceTimersByTimeAsync(600);
    expect(reads).toBe(2); // asked again, 500 ms later
    release!();
    await vi.advanceTimersByTimeAsync(1_000); // below: the next re-read is 5 s out
    expect(reads).toBe(2);
    serviceListener!(hostId, 'shop_api'); // brought forward to 500 ms
    await vi.advanceTimersByTimeAsync(600);
    expect(reads).toBe(3);
  });

  it('takes CPU and memory from the usage source, per host, with the thresholds', async () => {
    settings.setAlertThresholds(environmentId, { cpuPercent: 80, cpuSeconds: 10 });
    start();
    for (let i = 0; i < 8; i++) {
      usageListener!(hostId, { cpuPercent: 93.5, memoryPercent: 41, at: Date.now() });
      await vi.advanceTimersByTimeAsync(2_000);
    }
    expect(changes).toMatchObject([
      {
        change: 'raised',
        alert: {
          kind: 'host-cpu',
          message: 'drvlab3: CPU above 80 % for 10 s (94 %)',
        },
      },
    ]);
    // Samples of a host the console does not know are ignored.
    usageListener!(999, { cpuPercent: 100, memoryPercent: 100, at: Date.now() });
  });

  it('acknowledges: who and when, once, pushed to every shell', async () => {
    settings.setAlertThresholds(environmentId, { hostUnreachableSeconds: 1 });
    start();
    setHostState('unreachable');
    await vi.advanceTimersByTimeAsync(1_000);
    const id = changes[0]!.alert.id;
    const [acked] = service.acknowledge([id], 'alice');
    expect(acked).toMatchObject({ id, acknowledgedBy: 'alice', state: 'open' });
    expect(changes.at(-1)).toMatchObject({ change: 'acknowledged', alert: { id } });
    expect(service.acknowledge([id], 'bob')).toEqual([]);
    expect(service.list({ limit: 5 })[0]!.acknowledgedBy).toBe('alice');
    expect(() => service.acknowledge([id + 100], 'bob')).toThrow(/No alert/);
  });

  it('after a restart of the console an open alert resolves when its condition is gone', async () => {
    settings.setAlertThresholds(environmentId, { hostUnreachableSeconds: 1 });
    start();
    setHostState('unreachable');
    await vi.advanceTimersByTimeAsync(1_000);
    service.close();
    changes.length = 0;
    start(); // the stored state says unreachable: still open, not raised twice
    await vi.advanceTimersByTimeAsync(5_000);
    expect(changes).toEqual([]);
    setHostState('connected');
    expect(changes.map((c) => c.change)).toEqual(['resolved']);
    expect(service.list({ limit: 5 })).toHaveLength(1);
  });

  it('a host removed from the console resolves its alert', async () => {
    settings.setAlertThresholds(environmentId, { hostUnreachableSeconds: 1 });
    start();
    setHostState('unreachable');
    await vi.advanceTimersByTimeAsync(1_000);
    hosts.remove(hostId);
    bus.publish('host.changed', hosts.list());
    expect(changes.map((c) => c.change)).toEqual(['raised', 'resolved']);
  });
});
