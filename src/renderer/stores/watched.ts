// The "watched resource" of the keyed stores (containers, stacks, the Swarm summary, registry
// logins): a value per key (an environment, a stack) fetched while some view watches that key,
// fetched again — debounced — when an event says it moved, never two fetches of one key at once
// (a change during a fetch fetches once more after it), and the last value kept on screen while a
// refresh runs, so nothing jumps.
import { useEffect } from 'react';
import { create, type StoreApi, type UseBoundStore } from 'zustand';
import type { ErrorCode } from '../../shared/errors';
import { errorCode, errorMessage } from '../lib/errors';
import type { LoadStatus } from './status';

export interface Watched<T> {
  /** The last value that arrived; null before the first one (or after a `drop` error). */
  data: T | null;
  status: LoadStatus;
  /** Why the last fetch failed; with data still shown, it is stale. */
  error: string | null;
  /** The contract code of that error (NOT_FOUND: the thing is gone). */
  errorCode: ErrorCode | null;
  /** When the value last arrived (ms). */
  updatedAt: number | null;
}

export const idleEntry: Watched<never> = {
  data: null,
  status: 'idle',
  error: null,
  errorCode: null,
  updatedAt: null,
};

export interface WatchedOptions<K, T> {
  /** The store's name for a key. */
  id(key: K): string;
  fetch(key: K): Promise<T>;
  /** Wait after an invalidation, so a burst of events costs one fetch. */
  debounceMs: number;
  /**
   * After a failed fetch: `stale` keeps the value shown (status stays ready once there is one),
   * `error` keeps it but says error, `drop` forgets it (a removed stack is gone, not stale).
   */
  onError: 'stale' | 'error' | 'drop';
  /** The value to keep from the previous one and the one that arrived (row identity). */
  merge?(previous: T | null, next: T): T;
  /** Called with every value that arrived. */
  arrived?(key: K, data: T): void;
}

export interface WatchedResource<K, T> {
  store: UseBoundStore<StoreApi<Record<string, Watched<T>>>>;
  entry(key: K): Watched<T>;
  /** Fetches now (or once more after the fetch under way). */
  refresh(key: K): Promise<void>;
  /** Fetches the watched keys that `which` selects (all by default) after the debounce. */
  invalidate(which?: (key: K) => boolean, delayMs?: number): void;
  /** Counts a view on the key and fetches it; returns the function that stops watching. */
  watch(key: K): () => void;
  /** The entry of a key, watched while the calling component is mounted. */
  use(key: K | undefined): Watched<T>;
}

export function watchedResource<K, T>(options: WatchedOptions<K, T>): WatchedResource<K, T> {
  const store = create<Record<string, Watched<T>>>()(() => ({}));
  const watchers = new Map<string, { key: K; count: number }>();
  const inFlight = new Set<string>();
  const dirty = new Set<string>();
  const timers = new Map<string, ReturnType<typeof setTimeout>>();

  const entry = (key: K): Watched<T> => store.getState()[options.id(key)] ?? idleEntry;
  const patch = (id: string, change: Partial<Watched<T>>) =>
    store.setState((s) => ({ [id]: { ...(s[id] ?? idleEntry), ...change } }));

  async function refresh(key: K): Promise<void> {
    const id = options.id(key);
    if (inFlight.has(id)) {
      dirty.add(id);
      return;
    }
    inFlight.add(id);
    if (!entry(key).data) patch(id, { status: 'loading', error: null, errorCode: null });
    try {
      const next = await options.fetch(key);
      const data = options.merge ? options.merge(entry(key).data, next) : next;
      patch(id, { data, status: 'ready', error: null, errorCode: null, updatedAt: Date.now() });
      options.arrived?.(key, next);
    } catch (error) {
      const kept = options.onError !== 'drop' && entry(key).data !== null;
      patch(id, {
        ...(options.onError === 'drop' ? { data: null } : {}),
        status: kept && options.onError === 'stale' ? 'ready' : 'error',
        error: errorMessage(error),
        errorCode: errorCode(error),
      });
    } finally {
      inFlight.delete(id);
      if (dirty.delete(id) && watchers.has(id)) void refresh(key);
    }
  }

  function invalidate(which: (key: K) => boolean = () => true, delayMs = options.debounceMs) {
    for (const [id, { key }] of watchers) {
      if (timers.has(id) || !which(key)) continue;
      timers.set(
        id,
        setTimeout(() => {
          timers.delete(id);
          void refresh(key);
        }, delayMs),
      );
    }
  }

  function watch(key: K): () => void {
    const id = options.id(key);
    const watcher = watchers.get(id) ?? { key, count: 0 };
    watcher.count++;
    watchers.set(id, watcher);
    void refresh(key);
    let stopped = false;
    return () => {
      if (stopped) return;
      stopped = true;
      if (--watcher.count === 0) watchers.delete(id);
    };
  }

  function use(key: K | undefined): Watched<T> {
    const id = key === undefined ? undefined : options.id(key);
    useEffect(() => {
      if (key === undefined) return;
      return watch(key);
      // The id stands for the key (a new object with the same id is the same key).
      // eslint-disable-next-line react-hooks/exhaustive-deps
    }, [id]);
    return store((s) => (id === undefined ? idleEntry : (s[id] ?? idleEntry)));
  }

  return { store, entry, refresh, invalidate, watch, use };
}
