// Containers of the environments on screen (container.list, answered from the core's model),
// across all their hosts, with each host's state (live, loading, unknown since when). Fetched
// while a view watches an environment, and again — debounced — on container.changed, when hosts
// change (one may have connected) and after a reconnect. No polling. The last list stays shown
// while a refresh runs, so nothing jumps. Every view of containers reads this one store.
import { useEffect } from 'react';
import { create } from 'zustand';
import type { ContainerHostStatus, ContainerSummary } from '../../shared/types';
import { api } from '../lib/api';
import { errorMessage } from '../lib/errors';
import type { LoadStatus } from './status';

export interface ContainersEntry {
  items: ContainerSummary[] | null;
  /** How current each host's containers are; null until the first list arrives. */
  hosts: ContainerHostStatus[] | null;
  status: LoadStatus;
  /** Why the last refresh failed; an older list stays shown. */
  error: string | null;
  /** When the list last arrived (ms). */
  updatedAt: number | null;
}

interface ContainersState {
  byEnvironment: Record<number, ContainersEntry>;
}

export const useContainers = create<ContainersState>()(() => ({ byEnvironment: {} }));

const idle: ContainersEntry = {
  items: null,
  hosts: null,
  status: 'idle',
  error: null,
  updatedAt: null,
};
const watchers = new Map<number, number>();
const inFlight = new Set<number>();
const dirty = new Set<number>();
const timers = new Map<number, ReturnType<typeof setTimeout>>();
const DEBOUNCE_MS = 250;

function patch(environmentId: number, change: Partial<ContainersEntry>): void {
  useContainers.setState((s) => ({
    byEnvironment: {
      ...s.byEnvironment,
      [environmentId]: { ...(s.byEnvironment[environmentId] ?? idle), ...change },
    },
  }));
}

/** Keeps the same object for containers that did not change, so rows don't re-render. */
function reuse(previous: ContainerSummary[] | null, next: ContainerSummary[]): ContainerSummary[] {
  if (!previous) return next;
  const old = new Map(previous.map((c) => [`${c.hostId}/${c.id}`, c]));
  return next.map((c) => {
    const before = old.get(`${c.hostId}/${c.id}`);
    return before && sameContainer(before, c) ? before : c;
  });
}

function sameContainer(a: ContainerSummary, b: ContainerSummary): boolean {
  return (
    a.name === b.name &&
    a.state === b.state &&
    a.status === b.status &&
    a.startedAt === b.startedAt &&
    a.image === b.image &&
    a.hostName === b.hostName &&
    a.stack === b.stack &&
    a.service === b.service &&
    a.taskSlot === b.taskSlot
  );
}

export async function refreshContainers(environmentId: number): Promise<void> {
  if (inFlight.has(environmentId)) {
    dirty.add(environmentId);
    return;
  }
  inFlight.add(environmentId);
  const entry = useContainers.getState().byEnvironment[environmentId];
  if (!entry?.items) patch(environmentId, { status: 'loading', error: null });
  try {
    const { containers, hosts } = await api.invoke('container.list', { environmentId });
    const previous = useContainers.getState().byEnvironment[environmentId]?.items ?? null;
    patch(environmentId, {
      items: reuse(previous, containers),
      hosts,
      status: 'ready',
      error: null,
      updatedAt: Date.now(),
    });
  } catch (error) {
    const current = useContainers.getState().byEnvironment[environmentId];
    patch(environmentId, {
      status: current?.items ? 'ready' : 'error',
      error: errorMessage(error),
    });
  } finally {
    inFlight.delete(environmentId);
    if (dirty.delete(environmentId) && watchers.has(environmentId)) {
      void refreshContainers(environmentId);
    }
  }
}

/** Refetches (debounced) the watched environments, or one of them. */
export function invalidateContainers(environmentId?: number): void {
  const targets = environmentId === undefined ? [...watchers.keys()] : [environmentId];
  for (const id of targets) {
    if (!watchers.has(id) || timers.has(id)) continue;
    timers.set(
      id,
      setTimeout(() => {
        timers.delete(id);
        void refreshContainers(id);
      }, DEBOUNCE_MS),
    );
  }
}

/** Subscribes to the core's container events; returns the unsubscribe. */
export function startContainersSync(): () => void {
  return api.on('container.changed', ({ environmentId }) => invalidateContainers(environmentId));
}

/** The containers of one environment, kept fresh while the calling component is mounted. */
export function useEnvironmentContainers(environmentId: number | undefined): ContainersEntry {
  useEffect(() => {
    if (environmentId === undefined) return;
    watchers.set(environmentId, (watchers.get(environmentId) ?? 0) + 1);
    void refreshContainers(environmentId);
    return () => {
      const left = (watchers.get(environmentId) ?? 1) - 1;
      if (left > 0) watchers.set(environmentId, left);
      else watchers.delete(environmentId);
    };
  }, [environmentId]);
  return useContainers((s) =>
    environmentId === undefined ? idle : (s.byEnvironment[environmentId] ?? idle),
  );
}
