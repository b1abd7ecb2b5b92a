// How the console words a host whose containers it cannot vouch for (container.list's states),
// the same on the Containers page, the topology and the host card.
import type { ContainerHostStatus } from '../../shared/types';
import { formatTime } from './format';

/** "State unknown since 14:05" (or without a time when never seen). */
export function unknownSince(lastSeenAt: string | null): string {
  return `State unknown${lastSeenAt ? ` since ${formatTime(lastSeenAt)}` : ''}`;
}

/** The hosts whose containers are shown as last seen rather than live. */
export const notLive = (hosts: readonly ContainerHostStatus[] | null): ContainerHostStatus[] =>
  (hosts ?? []).filter((h) => h.state === 'unknown');
