import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DroverError } from '../../shared/errors';
import { watchedResource, type WatchedOptions } from './watched';

/** A fetch whose answers the test releases one by one, in order. */
function gate<T>() {
  const calls: { key: number; resolve(v: T): void; reject(e: unknown): void }[] = [];
  const fetch = (key: number) =>
    new Promise<T>((resolve, reject) => calls.push({ key, resolve, reject }));
  return { calls, fetch };
}

const flush = () => new Promise<void>((resolve) => queueMicrotask(resolve));

function resource(
  options: Partial<WatchedOptions<number, string[]>> & {
    fetch: WatchedOptions<number, string[]>['fetch'];
  },
) {
  return watchedResource<number, string[]>({
    id: String,
    debounceMs: 250,
    onError: 'stale',
    ...options,
  });
}

describe('watched resource', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('fetches a key when a view starts watching it, loading until the first value', async () => {
    const { calls, fetch } = gate<string[]>();
    const r = resource({ fetch });
    r.watch(1);
    expect(r.entry(1).status).toBe('loading');
    calls[0]!.resolve(['a']);
    await flush();
    expect(r.entry(1)).toMatchObject({ data: ['a'], status: 'ready', error: null });
    expect(r.entry(1).updatedAt).not.toBeNull();
  });

  it('never runs two fetches of one key: a change during a fetch fetches once more after it', async () => {
    const { calls, fetch } = gate<string[]>();
    const r = resource({ fetch });
    r.watch(1);
    void r.refresh(1);
    void r.refresh(1);
    expect(calls).toHaveLength(1);
    calls[0]!.resolve(['old']);
    await flush();
    await flush();
    expect(calls).toHaveLength(2);
    calls[1]!.resolve(['new']);
    await flush();
    expect(r.entry(1).data).toEqual(['new']);
  });

  it('refetches only watched keys, once per burst of invalidations, after the debounce', async () => {
    const { calls, fetch } = gate<string[]>();
    const r = resource({ fetch });
    const stop = r.watch(1);
    r.watch(2);
    calls.splice(0).forEach((c) => c.resolve([]));
    await flush();
    stop();
    for (let i = 0; i < 5; i++) r.invalidate();
    vi.advanceTimersByTime(249);
    expect(calls).toHaveLength(0);
    vi.advanceTimersByTime(1);
    expect(calls.map((c) => c.key)).toEqual([2]);
    r.invalidate((key) => key === 3);
    vi.advanceTimersByTime(1000);
    expect(calls).toHaveLength(1);
  });

  it('keeps a key watched while another view still shows it', async () => {
    const { calls, fetch } = gate<string[]>();
    const r = resource({ fetch });
    const first = r.watch(1);
    const second = r.watch(1); // in flight: fetched once more after the first answer
    calls[0]!.resolve([]);
    await flush();
    await flush();
    calls[1]!.resolve([]);
    await flush();
    first();
    first(); // a second stop of the same view changes nothing
    r.invalidate();
    vi.advanceTimersByTime(250);
    expect(calls).toHaveLength(3);
    calls[2]!.resolve([]);
    await flush();
    second();
    r.invalidate();
    vi.advanceTimersByTime(250);
    expect(calls).toHaveLength(3);
  });

  it('stale: a failed refresh keeps the value shown and says why', async () => {
    const { calls, fetch } = gate<string[]>();
    const r = resource({ fetch, onError: 'stale' });
    r.watch(1);
    calls[0]!.resolve(['a']);
    await flush();
    void r.refresh(1);
    calls[1]!.reject(new DroverError('UNAVAILABLE', 'no manager connected'));
    await flush();
    expect(r.entry(1)).toMatchObject({
      data: ['a'],
      status: 'ready',
      error: 'no manager connected',
      errorCode: 'UNAVAILABLE',
    });
  });

  it('a failed first load is an error, with nothing to show', async () => {
    const { calls, fetch } = gate<string[]>();
    const r = resource({ fetch, onError: 'stale' });
    r.watch(1);
    calls[0]!.reject(new Error('boom'));
    await flush();
    expect(r.entry(1)).toMatchObject({ data: null, status: 'error', error: 'boom' });
  });

  it('error: keeps the value but the status says error; drop: forgets it', async () => {
    for (const onError of ['error', 'drop'] as const) {
      const { calls, fetch } = gate<string[]>();
      const r = resource({ fetch, onError });
      r.watch(1);
      calls[0]!.resolve(['a']);
      await flush();
      void r.refresh(1);
      calls[1]!.reject(new DroverError('NOT_FOUND', 'gone'));
      await flush();
      expect(r.entry(1)).toMatchObject({
        data: onError === 'drop' ? null : ['a'],
        status: 'error',
        errorCode: 'NOT_FOUND',
      });
    }
  });

  it('merges each value with the previous one and tells who wants to know', async () => {
    const { calls, fetch } = gate<string[]>();
    const arrived = vi.fn();
    const r = resource({
      fetch,
      merge: (previous, next) => [...(previous ?? []), ...next],
      arrived,
    });
    r.watch(7);
    calls[0]!.resolve(['a']);
    await flush();
    void r.refresh(7);
    calls[1]!.resolve(['b']);
    await flush();
    expect(r.entry(7).data).toEqual(['a', 'b']);
    expect(arrived).toHaveBeenLastCalledWith(7, ['b']);
  });
});
