// Stacks of the environments on screen: the list (stack.list) and the details of open stacks
// (stack.get), fetched while a view watches them and again on stack.changed, and — throttled —
// on container.changed, while operations report progress (tasks starting, moving) and while a
// service shown has not converged (the engine sends no event for a refused pull). Scaling is optimistic: the wanted
// count shows at once and goes back if the core refuses.
import { useEffect, useMemo } from 'react';
import { create } from 'zustand';
import type { Stack, StackDetail, StackServiceInfo } from '../../shared/types';
import { api } from '../lib/api';
import { watchedResource, idleEntry, type Watched } from './watched';

export type Entry<T> = Watched<T>;

interface StacksState {
  /** Replicas asked for and not yet confirmed, by Swarm service name. */
  pendingScale: Record<string, number>;
  /** Scales the service; the wanted count shows at once and is undone if the core refuses. */
  scale(environmentId: number, service: string, replicas: number): Promise<StackServiceInfo>;
}

export const detailKey = (environmentId: number, name: string) => `${environmentId}/${name}`;
type DetailRef = { environmentId: number; name: string };

export const useStacks = create<StacksState>()(() => ({
  pendingScale: {},
  async scale(environmentId, service, replicas) {
    const info = await withPendingReplicas(
      service,
      replicas,
      api.invoke('service.scale', { environmentId, service, replicas }),
    );
    invalidateStacks(environmentId, true);
    return info;
  },
}));

export const stackLists = watchedResource<number, Stack[]>({
  id: String,
  fetch: (environmentId) => api.invoke('stack.list', { environmentId }),
  debounceMs: 300,
  onError: 'stale',
});

export const stackDetails = watchedResource<DetailRef, StackDetail>({
  id: (ref) => detailKey(ref.environmentId, ref.name),
  fetch: (ref) => api.invoke('stack.get', ref),
  debounceMs: 300,
  // A stack that was removed is gone, not stale.
  onError: 'drop',
  arrived: (ref, data) => {
    if (data.serviceDetails.some(unsettled)) recheckSoon(ref.environmentId);
  },
});

export const refreshList = (environmentId: number): Promise<void> =>
  stackLists.refresh(environmentId);

export const refreshDetail = (environmentId: number, name: string): Promise<void> =>
  stackDetails.refresh({ environmentId, name });

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

/** Something changed: refresh what is on screen, at most every 300 ms (1 s while deploying). */
export function invalidateStacks(environmentId: number | 'all', soon = true): void {
  const delay = soon ? 300 : 1000;
  const wanted = (id: number) => environmentId === 'all' || id === environmentId;
  stackLists.invalidate(wanted, delay);
  stackDetails.invalidate((ref) => wanted(ref.environmentId), delay);
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

/** The environment's stacks, kept fresh while the calling component is mounted. */
export const useStackList = (environmentId: number | undefined): Entry<Stack[]> =>
  stackLists.use(environmentId);

/** One stack with its services and tasks, kept fresh while the calling component is mounted. */
export function useStackDetail(
  environmentId: number | undefined,
  name: string | null,
): Entry<StackDetail> {
  return stackDetails.use(
    environmentId === undefined || !name ? undefined : { environmentId, name },
  );
}

function dropPending(service: string, replicas?: number): void {
  useStacks.setState((s) => {
    if (!(service in s.pendingScale)) return s;
    if (replicas !== undefined && s.pendingScale[service] !== replicas) return s;
    const { [service]: _gone, ...rest } = s.pendingScale;
    return { pendingScale: rest };
  });
}

/** Forgets a shown-but-unconfirmed count (another action on the service supersedes it). */
export function clearPendingReplicas(service: string): void {
  dropPending(service);
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
    // A later wish for the same service stays.
    dropPending(service, replicas);
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
    const stops = joined.split('\n').map((name) => stackDetails.watch({ environmentId, name }));
    return () => stops.forEach((stop) => stop());
  }, [environmentId, joined]);
  const all = stackDetails.store((s) => s);
  return useMemo(
    () =>
      environmentId === undefined
        ? []
        : names.map((name) => all[detailKey(environmentId, name)] ?? idleEntry),
    // names is represented by joined.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [all, environmentId, joined],
  );
}
