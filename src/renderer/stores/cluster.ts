// The Swarm as the environment's managers see it (env.cluster): node counts, the leader, and
// quorum advice. Fetched for the environments a page is showing, and again (debounced) whenever
// hosts or environments change, since those events don't carry it.
import { useEffect } from 'react';
import { create } from 'zustand';
import type { ClusterSummary } from '../../shared/types';
import { api } from '../lib/api';
import { errorMessage } from '../lib/errors';
import type { LoadStatus } from './status';

export interface ClusterEntry {
  /** The last summary that arrived; kept while a refresh runs so nothing jumps. */
  summary: ClusterSummary | null;
  status: LoadStatus;
  /** Why the last refresh failed (e.g. no manager connected); the old summary stays shown. */
  error: string | null;
}

interface ClusterState {
  byEnvironment: Record<number, ClusterEntry>;
}

export const useCluster = create<ClusterState>()(() => ({ byEnvironment: {} }));

const watchers = new Map<number, number>();
const inFlight = new Set<number>();
const dirty = new Set<number>();
let timer: ReturnType<typeof setTimeout> | null = null;

function patch(environmentId: number, change: Partial<ClusterEntry>): void {
  const current = useCluster.getState().byEnvironment[environmentId] ?? {
    summary: null,
    status: 'idle',
    error: null,
  };
  useCluster.setState((s) => ({
    byEnvironment: { ...s.byEnvironment, [environmentId]: { ...current, ...change } },
  }));
}

async function refresh(environmentId: number): Promise<void> {
  if (inFlight.has(environmentId)) {
    dirty.add(environmentId);
    return;
  }
  inFlight.add(environmentId);
  const entry = useCluster.getState().byEnvironment[environmentId];
  if (!entry?.summary) patch(environmentId, { status: 'loading' });
  try {
    const summary = await api.invoke('env.cluster', { environmentId });
    patch(environmentId, { summary, status: 'ready', error: null });
  } catch (error) {
    patch(environmentId, { status: 'error', error: errorMessage(error) });
  } finally {
    inFlight.delete(environmentId);
    if (dirty.delete(environmentId) && watchers.has(environmentId)) void refresh(environmentId);
  }
}

/** Hosts or environments changed: refresh what is on screen, at most every 400 ms. */
export function invalidateClusters(): void {
  if (timer !== null) return;
  timer = setTimeout(() => {
    timer = null;
    for (const environmentId of watchers.keys()) void refresh(environmentId);
  }, 400);
}

/** The cluster summary of one environment, kept fresh while the calling component is mounted. */
export function useClusterSummary(environmentId: number | undefined): ClusterEntry | undefined {
  useEffect(() => {
    if (environmentId === undefined) return;
    watchers.set(environmentId, (watchers.get(environmentId) ?? 0) + 1);
    void refresh(environmentId);
    return () => {
      const left = (watchers.get(environmentId) ?? 1) - 1;
      if (left > 0) watchers.set(environmentId, left);
      else watchers.delete(environmentId);
    };
  }, [environmentId]);
  return useCluster((s) =>
    environmentId === undefined ? undefined : s.byEnvironment[environmentId],
  );
}
