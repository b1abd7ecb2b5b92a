// Stacks of the environments on screen: the list (stack.list) and the details of open stacks
// (stack.get), fetched while a view watches them and again on stack.changed, and — throttled —
// on container.changed, while operations report progress (tasks starting, moving) and while a
// service shown has not converged (the engine sends no event for a refused pull). Scaling is optimistic: the wanted
// count shows at once and goes back if the core refuses.
import { useEffect, useMemo } from 'react';
import { create } from 'zustand';
import type { Stack, StackDetail, StackServiceInfo } from '../../shared/types';
import { api } from '../lib/api';
import type { ErrorCode } from '../../shared/errors';
import { errorCode, errorMessage } from '../lib/errors';
import type { LoadStatus } from './status';

export interface Entry<T> {
  data: T | null;
  status: LoadStatus;
  error: string | null;
  /** The contract code of the last error (NOT_FOUND: the stack is not on the Swarm). */
  errorCode: ErrorCode | null;
}

interface StacksState {
  lists: Record<number, Entry<Stack[]>>;
  details: Record<string, Entry<StackDetail>>;
  /** Replicas asked for and not yet confirmed, by Swarm service name. */
  pendingScale: Record<string, number>;
  /** Scales the service; the wanted count shows at once and is undone if the core refuses. */
  scale(environmentId: number, service: string, replicas: number): Promise<StackServiceInfo>;
}

const idle = { data: null, status: 'idle' as LoadStatus, error: null, errorCode: null };
export const detailKey = (environmentId: number, name: string) => `${environmentId}/${name}`;

export const useStacks = create<StacksState>()((set) => ({
  lists: {},
  details: {},
  pendingScale: {},

  async scale(environmentId, service, replicas) {
    set((s) => ({ pendingScale: { ...s.pendingScale, [service]: replicas } }));
    const clear = () =>
      set((s) => {
        if (s.pendingScale[service] !== replicas) return s;
        const { [service]: _gone, ...rest } = s.pendingScale;
        return { pendingScale: rest };
      });
    try {
      const info = await api.invoke('service.scale', { environmentId, service, replicas });
      invalidateStacks(environmentId, true);
      return info;
    } finally {
      clear();
    }
  },
}));

function patchList(environmentId: number, change: Partial<Entry<Stack[]>>): void {
  useStacks.setState((s) => ({
    lists: { ...s.lists, [environmentId]: { ...(s.lists[environmentId] ?? idle), ...change } },
  }));
}

function patchDetail(key: string, change: Partial<Entry<StackDetail>>): void {
  useStacks.setState((s) => ({
    details: { ...s.details, [key]: { ...(s.details[key] ?? idle), ...change } },
  }));
}

// What is on screen: list watchers by environment, detail watchers by key.
const listWatchers = new Map<number, number>();
const detailWatchers = new Map<string, number>();
const inFlight = new Set<string>();
const dirty = new Set<string>();

async function once(key: string, work: () => Promise<void>): Promise<void> {
  if (inFlight.has(key)) {
    dirty.add(key);
    return;
  }
  inFlight.add(key);
  try {
    await work();
  } finally {
    inFlight.delete(key);
    if (dirty.delete(key)) void once(key, work);
  }
}

export function refreshList(environmentId: number): Promise<void> {
  return once(`list:${environmentId}`, async () => {
    const entry = useStacks.getState().lists[environmentId];
    if (!entry?.data) patchList(environmentId, { status: 'loading' });
    try {
      const data = await api.invoke('stack.list', { environmentId });
      patchList(environmentId, { data, status: 'ready', error: null, errorCode: null });
    } catch (error) {
      patchList(environmentId, {
        status: entry?.data ? 'ready' : 'error',
        error: errorMessage(error),
        errorCode: errorCode(error),
      });
    }
  });
}

export function refreshDetail(environmentId: number, name: string): Promise<void> {
  const key = detailKey(environmentId, name);
  return once(`detail:${key}`, async () => {
    const entry = useStacks.getState().details[key];
    if (!entry?.data) patchDetail(key, { status: 'loading' });
    try {
      const data = await api.invoke('stack.get', { environmentId, name });
      patchDetail(key, { data, status: 'ready', error: null, errorCode: null });
      if (data.serviceDetails.some(unsettled)) recheckSoon(environmentId);
    } catch (error) {
      patchDetail(key, {
        // A stack that was removed is gone, not stale.
        data: null,
        status: 'error',
        error: errorMessage(error),
        errorCode: errorCode(error),
      });
    }
  });
}

/** Wanted tasks not all running: Swarm reports a refused pull or placement by no event. */
const unsettled = (s: StackServiceInfo) => s.problem !== null || s.runningTasks < s.desiredTasks;
const RECHECK_MS = 2000;
const rechecks = new Set<number>();

/** Reads an environment's stacks on screen again in a moment, while a service is unsettled. */
function recheckSoon(environmentId: number): void {
  if (rechecks.has(environmentId)) return;
  rechecks.add(environmentId);
  setTimeout(() => {
    rechecks.delete(environmentId);
    invalidateStacks(environmentId, false);
  }, RECHECK_MS);
}

let timer: ReturnType<typeof setTimeout> | null = null;
const dirtyEnvironments = new Set<number | 'all'>();

/** Something changed: refresh what is on screen, at most every 300 ms (1 s while deploying). */
export function invalidateStacks(environmentId: number | 'all', soon = true): void {
  dirtyEnvironments.add(environmentId);
  if (timer !== null) return;
  timer = setTimeout(
    () => {
      timer = null;
      const all = dirtyEnvironments.has('all');
      const wanted = new Set([...dirtyEnvironments].filter((e) => e !== 'all'));
      dirtyEnvironments.clear();
      for (const env of listWatchers.keys()) {
        if (all || wanted.has(env)) void refreshList(env);
      }
      for (const key of detailWatchers.keys()) {
        const [env, ...rest] = key.split('/');
        const id = Number(env);
        if (all || wanted.has(id)) void refreshDetail(id, rest.join('/'));
      }
    },
    soon ? 300 : 1000,
  );
}

let started = false;
/** Subscribes once to the events that move stacks (called by startSync). */
export function startStacksSync(): () => void {
  if (started) return () => undefined;
  started = true;
  const stops = [
    api.on('stack.changed', (environmentId) => invalidateStacks(environmentId)),
    // A task's container started, died or went away: its service's counts and errors moved.
    api.on('container.changed', ({ environmentId }) => invalidateStacks(environmentId, false)),
    // Progress carries no environment: refresh whatever is on screen, at most once a second.
    api.on('operation.progress', () => invalidateStacks('all', false)),
  ];
  return () => {
    started = false;
    stops.forEach((stop) => stop());
  };
}

function watch<K>(map: Map<K, number>, key: K): () => void {
  map.set(key, (map.get(key) ?? 0) + 1);
  return () => {
    const left = (map.get(key) ?? 1) - 1;
    if (left > 0) map.set(key, left);
    else map.delete(key);
  };
}

/** The environment's stacks, kept fresh while the calling component is mounted. */
export function useStackList(environmentId: number | undefined): Entry<Stack[]> {
  useEffect(() => {
    if (environmentId === undefined) return;
    const stop = watch(listWatchers, environmentId);
    void refreshList(environmentId);
    return stop;
  }, [environmentId]);
  return useStacks((s) => (environmentId === undefined ? idle : (s.lists[environmentId] ?? idle)));
}

/** One stack with its services and tasks, kept fresh while the calling component is mounted. */
export function useStackDetail(
  environmentId: number | undefined,
  name: string | null,
): Entry<StackDetail> {
  const key = environmentId === undefined || !name ? null : detailKey(environmentId, name);
  useEffect(() => {
    if (environmentId === undefined || !name) return;
    const stop = watch(detailWatchers, detailKey(environmentId, name));
    void refreshDetail(environmentId, name);
    return stop;
  }, [environmentId, name]);
  return useStacks((s) => (key ? (s.details[key] ?? idle) : idle));
}

/** Forgets a shown-but-unconfirmed count (another action on the service supersedes it). */
export function clearPendingReplicas(service: string): void {
  useStacks.setState((s) => {
    if (!(service in s.pendingScale)) return s;
    const { [service]: _gone, ...rest } = s.pendingScale;
    return { pendingScale: rest };
  });
}

/** Shows `replicas` for a service while `work` runs (stop: 0 at once). */
export async function withPendingReplicas<T>(
  service: string,
  replicas: number,
  work: Promise<T>,
): Promise<T> {
  useStacks.setState((s) => ({ pendingScale: { ...s.pendingScale, [service]: replicas } }));
  try {
    return await work;
  } finally {
    useStacks.setState((s) => {
      if (s.pendingScale[service] !== replicas) return s;
      const { [service]: _gone, ...rest } = s.pendingScale;
      return { pendingScale: rest };
    });
  }
}

/** Replicas to show for a service: the pending wish while a scale runs, else the spec's. */
export function useShownReplicas(
  service: Pick<StackServiceInfo, 'name' | 'replicas'>,
): number | null {
  const pending = useStacks((s) => s.pendingScale[service.name]);
  return pending ?? service.replicas;
}

/** Several stacks' details at once (the environment-wide topology), each kept fresh. */
export function useStackDetails(
  environmentId: number | undefined,
  names: readonly string[],
): Entry<StackDetail>[] {
  const joined = names.join('\n');
  useEffect(() => {
    if (environmentId === undefined || !joined) return;
    const list = joined.split('\n');
    const stops = list.map((name) => watch(detailWatchers, detailKey(environmentId, name)));
    for (const name of list) void refreshDetail(environmentId, name);
    return () => stops.forEach((stop) => stop());
  }, [environmentId, joined]);
  const details = useStacks((s) => s.details);
  return useMemo(
    () =>
      environmentId === undefined
        ? []
        : names.map((name) => details[detailKey(environmentId, name)] ?? idle),
    // names is represented by joined.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [details, environmentId, joined],
  );
}
