// Containers of the environments on screen (container.list, answered from the core's model),
// across all their hosts, with each host's state (live, loading, unknown since when). Fetched
// while a view watches an environment, and again — debounced — on container.changed, when hosts
// change (one may have connected) and after a reconnect. No polling. The last list stays shown
// while a refresh runs, so nothing jumps. Every view of containers reads this one store.
import { useMemo } from 'react';
import type { ContainerHostStatus, ContainerSummary } from '../../shared/types';
import { api } from '../lib/api';
import type { LoadStatus } from './status';
import { watchedResource } from './watched';

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

type ContainerList = { containers: ContainerSummary[]; hosts: ContainerHostStatus[] };

export const containers = watchedResource<number, ContainerList>({
  id: String,
  fetch: (environmentId) => api.invoke('container.list', { environmentId }),
  debounceMs: 250,
  onError: 'stale',
  merge: (previous, next) => ({
    containers: reuse(previous?.containers ?? null, next.containers),
    hosts: next.hosts,
  }),
});

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

export const refreshContainers = (environmentId: number): Promise<void> =>
  containers.refresh(environmentId);

/** Refetches (debounced) the watched environments, or one of them. */
export function invalidateContainers(environmentId?: number): void {
  containers.invalidate(environmentId === undefined ? undefined : (id) => id === environmentId);
}

/** Subscribes to the core's container events; returns the unsubscribe. */
export function startContainersSync(): () => void {
  return api.on('container.changed', ({ environmentId }) => invalidateContainers(environmentId));
}

/** The containers of one environment, kept fresh while the calling component is mounted. */
export function useEnvironmentContainers(environmentId: number | undefined): ContainersEntry {
  const entry = containers.use(environmentId);
  return useMemo(
    () => ({
      items: entry.data?.containers ?? null,
      hosts: entry.data?.hosts ?? null,
      status: entry.status,
      error: entry.error,
      updatedAt: entry.updatedAt,
    }),
    [entry],
  );
}
