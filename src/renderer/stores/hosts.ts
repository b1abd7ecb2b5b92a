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
  /** Applies a mutation's answer at once; the host.changed event that follows replaces it. */
  upsert(host: Host): void;
  setLabels(id: number, set: Record<string, string>, remove: string[]): Promise<Host>;
  setRole(id: number, role: 'manager' | 'worker'): Promise<Host>;
  setAvailability(id: number, availability: 'active' | 'drain'): Promise<Host>;
  rerunPreflight(id: number): Promise<Host>;
  repin(id: number, hostKey: string): Promise<Host>;
  /** Drains, takes out of the Swarm and forgets the host; progress comes as operation.progress. */
  remove(id: number, operationId: string): Promise<void>;
}

// Secrets (passwords, passphrases, keys) never pass through this store: the Add Host wizard
// sends them straight to the core and keeps them only in its own component state.

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

  upsert(host) {
    const { items } = get();
    set({
      items: items.some((h) => h.id === host.id)
        ? items.map((h) => (h.id === host.id ? host : h))
        : sortHosts([...items, host]),
    });
  },

  async setLabels(id, labels, remove) {
    const host = await api.invoke('host.label', { id, set: labels, remove });
    get().upsert(host);
    return host;
  },

  async setRole(id, role) {
    const host = await api.invoke('host.setRole', { id, role });
    get().upsert(host);
    return host;
  },

  async setAvailability(id, availability) {
    const host = await api.invoke('host.setAvailability', { id, availability });
    get().upsert(host);
    return host;
  },

  async rerunPreflight(id) {
    const host = await api.invoke('host.preflight', { id });
    get().upsert(host);
    return host;
  },

  async repin(id, hostKey) {
    const host = await api.invoke('host.repin', { id, hostKey });
    get().upsert(host);
    return host;
  },

  async remove(id, operationId) {
    await api.invoke('host.remove', { id, operationId });
    set({ items: get().items.filter((h) => h.id !== id) });
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
