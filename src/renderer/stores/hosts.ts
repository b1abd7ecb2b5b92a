import { useMemo } from 'react';
import { create } from 'zustand';
import type { Host } from '../../shared/types';
import { api } from '../lib/api';
import { errorMessage } from '../lib/errors';
import type { LoadStatus } from './status';

interface HostsState {
  /** Every host of every environment (host.changed carries the full list). */
  items: Host[];
  status: LoadStatus;
  error: string | null;
  load(): Promise<void>;
  receive(items: Host[]): void;
}

let eventSeq = 0;

export const useHosts = create<HostsState>()((set, get) => ({
  items: [],
  status: 'idle',
  error: null,

  async load() {
    const seq = eventSeq;
    set((s) => ({ status: s.status === 'ready' ? 'ready' : 'loading', error: null }));
    try {
      const items = await api.invoke('host.list', {});
      if (seq !== eventSeq) return;
      set({ items: sortHosts(items), status: 'ready', error: null });
    } catch (error) {
      set({ status: get().status === 'ready' ? 'ready' : 'error', error: errorMessage(error) });
    }
  },

  receive(items) {
    eventSeq += 1;
    set({ items: sortHosts(items), status: 'ready', error: null });
  },
}));

function sortHosts(items: Host[]): Host[] {
  return [...items].sort((a, b) => a.name.localeCompare(b.name) || a.id - b.id);
}

/** Hosts of one environment, memoised on the store's list. */
export function useEnvironmentHosts(environmentId: number | undefined): Host[] {
  const items = useHosts((s) => s.items);
  return useMemo(
    () =>
      environmentId === undefined ? [] : items.filter((h) => h.environmentId === environmentId),
    [items, environmentId],
  );
}
