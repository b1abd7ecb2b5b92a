// The Swarm as the environment's managers see it (env.cluster): node counts, the leader, and
// quorum advice. Fetched for the environments a page is showing, and again (debounced) whenever
// hosts or environments change, since those events don't carry it.
import { useMemo } from 'react';
import type { ClusterSummary } from '../../shared/types';
import { api } from '../lib/api';
import type { LoadStatus } from './status';
import { watchedResource } from './watched';

export interface ClusterEntry {
  /** The last summary that arrived; kept while a refresh runs so nothing jumps. */
  summary: ClusterSummary | null;
  status: LoadStatus;
  /** Why the last refresh failed (e.g. no manager connected); the old summary stays shown. */
  error: string | null;
}

const clusters = watchedResource<number, ClusterSummary>({
  id: String,
  fetch: (environmentId) => api.invoke('env.cluster', { environmentId }),
  debounceMs: 400,
  // The summary bar says "not current" on an error, over the summary it still shows.
  onError: 'error',
});

/** Hosts or environments changed: refresh what is on screen, at most every 400 ms. */
export function invalidateClusters(): void {
  clusters.invalidate();
}

/** The cluster summary of one environment, kept fresh while the calling component is mounted. */
export function useClusterSummary(environmentId: number | undefined): ClusterEntry | undefined {
  const entry = clusters.use(environmentId);
  return useMemo(
    () =>
      environmentId === undefined || entry.status === 'idle'
        ? undefined
        : { summary: entry.data, status: entry.status, error: entry.error },
    [entry, environmentId],
  );
}
