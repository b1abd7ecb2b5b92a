import { describe, expect, it } from 'vitest';
import type { ContainerSummary } from '../../shared/types.js';
import type { ContainerEvent } from './events.js';
import { ContainerModel, type HostView } from './model.js';

const host: HostView = { id: 1, name: 'drvlab4', connection: 'connected', connectionError: null };
const other: HostView = { id: 2, name: 'drvlab5', connection: 'connected', connectionError: null };

const container = (id: string, over: Partial<ContainerSummary> = {}): ContainerSummary => ({
  id,
  name: `web_nginx.${id}`,
  hostId: 1,
  hostName: 'drvlab4',
  stack: 'web',
  service: 'web_nginx',
  taskSlot: 1,
  state: 'running',
  status: 'Up',
  image: 'nginx:lab',
  createdAt: '2025-11-24T16:00:00.000Z',
  startedAt: '2025-11-24T16:00:01.000Z',
  ...over,
});

/** Events as ContainerEventMonitor passes them on: Docker's Actor.Attributes as labels. */
const event = (action: string, containerId: string, labels: Record<string, string> = {}) =>
  ({ hostId: 1, action, containerId, labels }) satisfies ContainerEvent;

function clock() {
  let t = Date.parse('2025-11-24T17:00:00.000Z');
  return { now: () => new Date(t), advance: (ms: number) => (t += ms) };
}

function liveModel(...containers: ContainerSummary[]) {
  const time = clock();
  const model = new ContainerModel(time.now);
  model.beginReconcile(1);
  model.reconciled(1, containers);
  return { model, time };
}

const ids = (model: ContainerModel, hosts = [host]) =>
  model.view(hosts).containers.map((c) => `${c.id}:${c.state}`);

describe('ContainerModel', () => {
  it('is loading until the first list of a connected host, then live', () => {
    const model = new ContainerModel(clock().now);
    model.beginReconcile(1);
    expect(model.view([host]).hosts[0]).toMatchObject({ state: 'loading', lastSeenAt: null });
    model.reconciled(1, [container('a')]);
    expect(model.view([host])).toMatchObject({
      containers: [{ id: 'a' }],
      hosts: [{ hostId: 1, hostName: 'drvlab4', state: 'live', error: null }],
    });
  });

  it('keeps the last known containers of a host whose list failed, unknown since then', () => {
    const { model, time } = liveModel(container('a'), container('b'));
    time.advance(60_000);
    model.lost(1, 'drvlab4: socket hang up');
    time.advance(60_000);
    // A new list starts and fails too: still what was last seen, never an empty list.
    model.beginReconcile(1);
    model.lost(1, 'drvlab4: socket hang up');
    const view = model.view([host]);
    expect(view.containers.map((c) => c.id)).toEqual(['a', 'b']);
    expect(view.hosts[0]).toEqual({
      hostId: 1,
      hostName: 'drvlab4',
      state: 'unknown',
      lastSeenAt: '2025-11-24T17:01:00.000Z',
      error: 'drvlab4: socket hang up',
    });
  });

  it('shows a disconnected host as unknown with its containers and the connection error', () => {
    const { model } = liveModel(container('a'));
    const down: HostView = { ...host, connection: 'unreachable', connectionError: 'timed out' };
    const view = model.view([down, other]);
    expect(view.containers.map((c) => c.id)).toEqual(['a']);
    expect(view.hosts).toEqual([
      {
        hostId: 1,
        hostName: 'drvlab4',
        state: 'unknown',
        lastSeenAt: '2025-11-24T17:00:00.000Z',
        error: 'drvlab4 is unreachable: timed out',
      },
      { hostId: 2, hostName: 'drvlab5', state: 'loading', lastSeenAt: null, error: null },
    ]);
  });

  it('reconciles on reconnect: adds containers it missed and drops removed ones', () => {
    const { model } = liveModel(container('a'), container('b'));
    model.lost(1, 'drvlab4: event stream ended');
    // Events while not followed are not trusted; the list decides.
    expect(model.apply(event('destroy', 'a'))).toEqual({ kind: 'ignored' });
    model.beginReconcile(1);
    model.reconciled(1, [container('b'), container('c')]);
    expect(ids(model)).toEqual(['b:running', 'c:running']);
    expect(model.view([host]).hosts[0]?.state).toBe('live');
  });

  it('applies events that came during the list on top of it, in order', () => {
    const { model } = liveModel(container('a'));
    model.beginReconcile(1);
    expect(model.apply(event('die', 'a', { exitCode: '137' }))).toEqual({ kind: 'queued' });
    model.apply(event('destroy', 'a'));
    model.apply(event('create', 'd'));
    // The list was taken before the events: it still has a, not d yet.
    const inspects = model.reconciled(1, [container('a')]);
    expect(ids(model)).toEqual([]);
    expect(inspects).toEqual([{ kind: 'inspect', containerId: 'd', version: 1 }]);
  });

  it('updates a container from die, rename, pause and destroy events without a list', () => {
    const { model } = liveModel(container('a'), container('b'));
    expect(
      model.apply({
        ...event('die', 'a', { exitCode: '137', name: 'x' }),
        at: '2025-11-24T16:59:58.000Z',
      }),
    ).toEqual({ kind: 'applied' });
    model.apply(event('rename', 'b', { name: 'renamed', oldName: '/web_nginx.b' }));
    model.apply(event('pause', 'b'));
    expect(model.view([host]).containers).toMatchObject([
      { id: 'b', name: 'renamed', state: 'paused', status: 'Up (Paused)' },
      // When it stopped is the engine's time of the event, for the status to age from.
      {
        id: 'a',
        state: 'exited',
        status: 'Exited (137)',
        startedAt: null,
        finishedAt: '2025-11-24T16:59:58.000Z',
      },
    ]);
    model.apply(event('kill', 'b', { signal: '15' }));
    model.apply(event('destroy', 'a'));
    expect(ids(model)).toEqual(['b:paused']);
  });

  it('asks to inspect only the container a create or start names, and drops stale answers', () => {
    const { model } = liveModel(container('a'));
    const created = model.apply(event('create', 'n'));
    expect(created).toEqual({ kind: 'inspect', containerId: 'n', version: 1 });
    const started = model.apply(event('start', 'n'));
    expect(started).toEqual({ kind: 'inspect', containerId: 'n', version: 2 });
    // The answer to the create's inspect comes last: the start's (newer) one stands.
    expect(model.inspected(1, 'n', 2, container('n', { startedAt: '2025-11-24T17:00:05Z' }))).toBe(
      true,
    );
    expect(model.inspected(1, 'n', 1, container('n', { state: 'created' }))).toBe(false);
    expect(model.view([host]).containers.find((c) => c.id === 'n')).toMatchObject({
      state: 'running',
      startedAt: '2025-11-24T17:00:05Z',
    });
    // A 404 on inspect: the container is gone.
    const again = model.apply(event('restart', 'a'));
    expect(again.kind).toBe('inspect');
    model.inspected(1, 'a', (again as { version: number }).version, null);
    expect(ids(model)).toEqual(['n:running']);
  });

  it('keeps each host to its own containers', () => {
    const { model } = liveModel(container('a'));
    model.beginReconcile(2);
    model.reconciled(2, [container('z', { hostId: 2, hostName: 'drvlab5' })]);
    model.lost(2, 'drvlab5: socket hang up');
    expect(model.view([host]).containers.map((c) => c.id)).toEqual(['a']);
    expect(model.view([host, other]).hosts.map((h) => h.state)).toEqual(['live', 'unknown']);
  });
});
