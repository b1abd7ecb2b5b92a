import { PassThrough } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { EventBus } from '../events/bus.js';
import type { HostConnections } from '../hosts/connections.js';
import type { HostRepository } from '../hosts/repository.js';
import { ContainerEventMonitor, type ContainerEvent } from './events.js';

/** One host whose Docker event streams the test writes to. */
function fakeHost() {
  const streams: PassThrough[] = [];
  const filters: unknown[] = [];
  const host = {
    state: 'connected',
    streams,
    filters,
    docker: {
      getEvents: (options: { filters: unknown }) => {
        filters.push(options.filters);
        const stream = new PassThrough();
        streams.push(stream);
        return Promise.resolve(stream);
      },
    },
  };
  const connections = {
    get: () => ({ status: { state: host.state }, docker: () => host.docker }),
  } as unknown as HostConnections;
  const hosts = { get: () => ({ environmentId: 5 }) } as unknown as HostRepository;
  return { host, connections, hosts };
}

const line = (Action: string, id = 'c1', labels: Record<string, string> = {}) =>
  JSON.stringify({ Type: 'container', Action, Actor: { ID: id, Attributes: labels } }) + '\n';

/** A monitor watching one fake host, with what it published and passed on. */
function watchedHost() {
  const { host, connections, hosts } = fakeHost();
  const bus = new EventBus();
  const published: unknown[] = [];
  bus.subscribe((e) => published.push(e));
  const monitor = new ContainerEventMonitor(connections, hosts, bus, { debounceMs: 200 });
  const raw: ContainerEvent[] = [];
  monitor.subscribe((e) => raw.push(e));
  monitor.watch(1);
  return { host, published, monitor, raw };
}

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe('ContainerEventMonitor', () => {
  it('passes events on as they come and gathers notifications into one per environment', async () => {
    const { host, published, monitor, raw } = watchedHost();
    const streams: unknown[] = [];
    monitor.subscribeStreams((change) => streams.push(change));
    await vi.advanceTimersByTimeAsync(0);
    expect(host.filters[0]).toMatchObject({ type: ['container', 'service'] });
    expect(streams).toEqual([{ hostId: 1, open: true }]);

    const stream = host.streams[0]!;
    // Split mid-line, as a channel may deliver it.
    const burst =
      line('die') + line('destroy') + line('create', 'c2') + line('start', 'c2', { a: 'b' });
    stream.write(burst.slice(0, 30));
    stream.write(burst.slice(30));
    stream.write(line('exec_start: sh'));
    stream.write(line('health_status: healthy', 'c2'));
    // The model applies the events, then notifies, as often as it likes.
    for (const e of raw) monitor.notify(e.hostId);
    await vi.advanceTimersByTimeAsync(150);
    expect(published).toEqual([]);
    await vi.advanceTimersByTimeAsync(100);
    expect(published).toEqual([{ event: 'container.changed', payload: { environmentId: 5 } }]);
    expect(raw.map((e) => e.action)).toEqual([
      'die',
      'destroy',
      'create',
      'start',
      'health_status',
    ]);
    expect(raw[3]).toEqual({ hostId: 1, action: 'start', containerId: 'c2', labels: { a: 'b' } });
    // The engine's time of the event (nanoseconds) is kept: a 'die' says when it stopped.
    stream.write(
      JSON.stringify({
        Type: 'container',
        Action: 'die',
        Actor: { ID: 'c2', Attributes: {} },
        timeNano: 1_764_000_000_123_000_000,
      }) + '\n',
    );
    expect(raw.at(-1)?.at).toBe('2025-11-24T16:00:00.123Z');
    monitor.close();
  });

  it('passes kill and service events on (for alerts) without a container.changed', async () => {
    const { host, published, monitor, raw } = watchedHost();
    await vi.advanceTimersByTimeAsync(250);
    expect(host.filters[0]).toMatchObject({
      type: ['container', 'service'],
      event: expect.arrayContaining(['kill', 'die', 'update', 'remove']),
    });
    const services: string[] = [];
    monitor.subscribeServices((hostId, name) => services.push(`${hostId}:${name}`));
    published.length = 0;
    host.streams[0]!.write(line('kill', 'c1', { signal: '15' }));
    host.streams[0]!.write(
      JSON.stringify({
        Type: 'service',
        Action: 'update',
        Actor: { ID: 's1', Attributes: { name: 'shop_db' } },
      }) + '\n',
    );
    await vi.advanceTimersByTimeAsync(300);
    expect(raw.map((e) => e.action)).toEqual(['kill']);
    expect(services).toEqual(['1:shop_db']);
    expect(published).toEqual([]);
    monitor.close();
  });

  it('reopens a stream that ends while the host stays connected, not after it went away', async () => {
    const { host, connections, hosts } = fakeHost();
    const monitor = new ContainerEventMonitor(connections, hosts, new EventBus(), {
      retryMs: 1_000,
    });
    monitor.watch(1);
    await vi.advanceTimersByTimeAsync(0);
    const streams: unknown[] = [];
    monitor.subscribeStreams((change) => streams.push(change));
    host.streams[0]!.end();
    host.streams[0]!.resume();
    await vi.advanceTimersByTimeAsync(1_100);
    expect(host.streams).toHaveLength(2);
    // Events may have been missed between the two: the model is told, to list the host again.
    expect(streams).toEqual([
      { hostId: 1, open: false, error: 'event stream ended' },
      { hostId: 1, open: true },
    ]);

    host.state = 'unreachable';
    host.streams[1]!.destroy();
    await vi.advanceTimersByTimeAsync(5_000);
    expect(host.streams).toHaveLength(2);
    // The reconnect calls watch() again.
    host.state = 'connected';
    monitor.watch(1);
    await vi.advanceTimersByTimeAsync(0);
    expect(host.streams).toHaveLength(3);
    monitor.close();
    expect(host.streams[2]!.destroyed).toBe(true);
  });
});
