// The domain stores over the contract: a bridge in place of the preload answers the requests a
// test sets and sends the events it emits, as window.api does in Electron.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { DroverApi, EventMap, EventName, Method } from '../../shared/contract';
import { DroverError, encodeErrorMessage } from '../../shared/errors';
import type { ContainerSummary, StackDetail, StackServiceInfo } from '../../shared/types';

type Handler = (args: never) => unknown;
const handlers = new Map<Method, Handler>();
const listeners = new Map<string, Set<(payload: unknown) => void>>();
const calls: { method: Method; args: unknown }[] = [];

const bridge: DroverApi = {
  async invoke(method, args) {
    calls.push({ method, args });
    const handler = handlers.get(method);
    try {
      if (!handler) throw new DroverError('INTERNAL', `no answer for ${method}`);
      return (await handler(args as never)) as never;
    } catch (error) {
      // What crosses Electron's bridge: the encoded message only.
      throw new Error(encodeErrorMessage((error as DroverError).payload()));
    }
  },
  on(event, listener) {
    const set = listeners.get(event) ?? new Set();
    set.add(listener as (payload: unknown) => void);
    listeners.set(event, set);
    return () => set.delete(listener as (payload: unknown) => void);
  },
};

function emit<E extends EventName>(event: E, payload: EventMap[E]): void {
  for (const listener of listeners.get(event) ?? []) listener(payload);
}

const answer = <M extends Method>(method: M, handler: (args: never) => unknown) =>
  handlers.set(method, handler);
const callsOf = (method: Method) => calls.filter((c) => c.method === method);
const settle = async () => {
  for (let i = 0; i < 5; i++) await Promise.resolve();
};

vi.stubGlobal('window', { api: bridge });
const { containers, startContainersSync } = await import('./containers');
const stacks = await import('./stacks');
const registries = await import('./registries');

const container = (id: string, state: ContainerSummary['state']): ContainerSummary => ({
  id,
  name: `web.1.${id}`,
  hostId: 1,
  hostName: 'drvlab1',
  stack: 'shop',
  service: 'shop_web',
  taskSlot: 1,
  state,
  status: state === 'running' ? 'Up 1 minute' : 'Exited (0)',
  image: 'nginx:1',
  createdAt: '2026-12-07T00:00:00Z',
  startedAt: null,
});

const service = (running: number, desired: number): StackServiceInfo =>
  ({ name: 'shop_web', runningTasks: running, desiredTasks: desired, problem: null }) as never;

describe('renderer stores', () => {
  const stops: (() => void)[] = [];
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => {
    stops.splice(0).forEach((stop) => stop());
    handlers.clear();
    calls.length = 0;
    vi.useRealTimers();
  });

  it('containers: an event refetches the environment shown; unchanged rows keep their object', async () => {
    let list = [container('a', 'running'), container('b', 'running')];
    answer('container.list', () => ({ containers: list, hosts: [] }));
    stops.push(startContainersSync(), containers.watch(1));
    await settle();
    const [a, b] = containers.entry(1).data!.containers;
    list = [container('a', 'running'), container('b', 'exited')];
    emit('container.changed', { environmentId: 2 } as never);
    emit('container.changed', { environmentId: 1 } as never);
    emit('container.changed', { environmentId: 1 } as never);
    vi.advanceTimersByTime(250);
    await settle();
    expect(callsOf('container.list')).toHaveLength(2);
    const [a2, b2] = containers.entry(1).data!.containers;
    expect(a2).toBe(a);
    expect(b2).not.toBe(b);
    expect(b2!.state).toBe('exited');
  });

  it('stacks: a stack.changed refreshes that environment only; a removed stack is gone, not stale', async () => {
    answer('stack.list', () => []);
    const detail = { serviceDetails: [service(1, 1)] } as unknown as StackDetail;
    let removed = false;
    answer('stack.get', () => {
      if (removed) throw new DroverError('NOT_FOUND', 'No stack "shop"');
      return detail;
    });
    stops.push(
      stacks.startStacksSync(),
      stacks.stackLists.watch(1),
      stacks.stackLists.watch(2),
      stacks.stackDetails.watch({ environmentId: 1, name: 'shop' }),
    );
    await settle();
    expect(stacks.stackDetails.entry({ environmentId: 1, name: 'shop' }).data).toBe(detail);
    calls.length = 0;
    removed = true;
    emit('stack.changed', 1);
    vi.advanceTimersByTime(300);
    await settle();
    expect(callsOf('stack.list').map((c) => c.args)).toEqual([{ environmentId: 1 }]);
    expect(stacks.stackDetails.entry({ environmentId: 1, name: 'shop' })).toMatchObject({
      data: null,
      status: 'error',
      errorCode: 'NOT_FOUND',
    });
  });

  it('stacks: a service short of its tasks is read again, since Swarm sends no event for it', async () => {
    let running = 0;
    answer('stack.get', () => ({ serviceDetails: [service(running, 2)] }));
    stops.push(stacks.stackDetails.watch({ environmentId: 3, name: 'shop' }));
    await settle();
    running = 2;
    vi.advanceTimersByTime(2000 + 1000);
    await settle();
    expect(callsOf('stack.get')).toHaveLength(2);
    vi.advanceTimersByTime(10_000);
    await settle();
    expect(callsOf('stack.get')).toHaveLength(2);
  });

  it('scale: the wanted count shows at once and goes back when the core refuses', async () => {
    answer('service.scale', () => {
      throw new DroverError('CONFLICT', 'the service is being updated');
    });
    const scaling = stacks.useStacks.getState().scale(1, 'shop_web', 5);
    expect(stacks.useStacks.getState().pendingScale).toEqual({ shop_web: 5 });
    await expect(scaling).rejects.toMatchObject({ code: 'CONFLICT' });
    expect(stacks.useStacks.getState().pendingScale).toEqual({});
  });

  it('registries: the logins shown are read again when the core says they changed', async () => {
    let logins = [{ id: 1, address: 'registry.example:5000' }];
    answer('registry.list', () => logins);
    stops.push(registries.startRegistriesSync(), registries.registryLogins.watch(5));
    await settle();
    expect(registries.registryLogins.entry(5).data).toEqual(logins);
    logins = [{ id: 2, address: 'other.example' }];
    emit('registry.changed', 6); // not shown: not fetched
    emit('registry.changed', 5);
    vi.advanceTimersByTime(0);
    await settle();
    expect(callsOf('registry.list').map((c) => c.args)).toEqual([
      { environmentId: 5 },
      { environmentId: 5 },
    ]);
    expect(registries.registryLogins.entry(5).data).toEqual(logins);
  });
});
