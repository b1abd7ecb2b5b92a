import { create } from 'zustand';
import { alertNotice, type Alert, type AlertChanged } from '../../shared/alerts';
import { api } from '../lib/api';
import { errorMessage } from '../lib/errors';
import { useEnvironments } from './environments';
import type { LoadStatus } from './status';
import { toast } from './toasts';

/** The newest alerts of every environment kept in the list (raises are rare: this is weeks). */
export const ALERTS_LOADED = 2000;

interface AlertsState {
  /** Newest first, unique by id, every environment. */
  alerts: Alert[];
  status: LoadStatus;
  error: string | null;
  load(): Promise<void>;
  receive(change: AlertChanged): void;
  acknowledge(ids: number[]): Promise<void>;
}

function upsert(list: Alert[], alert: Alert): Alert[] {
  const index = list.findIndex((a) => a.id === alert.id);
  if (index === -1) return [alert, ...list].sort((a, b) => b.id - a.id);
  const next = list.slice();
  next[index] = alert;
  return next;
}

export const useAlerts = create<AlertsState>()((set, get) => ({
  alerts: [],
  status: 'idle',
  error: null,

  async load() {
    set((s) => ({ status: s.status === 'ready' ? 'ready' : 'loading', error: null }));
    try {
      const alerts = await api.invoke('alert.list', { limit: ALERTS_LOADED });
      set({ alerts, status: 'ready', error: null });
    } catch (error) {
      set({ status: get().status === 'ready' ? 'ready' : 'error', error: errorMessage(error) });
    }
  },

  receive({ change, alert }) {
    set((s) => ({ alerts: upsert(s.alerts, alert) }));
    if (change === 'acknowledged') return;
    // In-app notification, in every shell (the desktop one comes from the main process too).
    const { title, body: text } = alertNotice(change, alert);
    // An alert of another environment than the one shown says which.
    const { currentId, items } = useEnvironments.getState();
    const elsewhere =
      alert.environmentId !== currentId
        ? items.find((e) => e.id === alert.environmentId)?.name
        : undefined;
    const body = elsewhere ? `${elsewhere} · ${text}` : text;
    toast(
      {
        tone: change === 'resolved' ? 'ok' : alert.severity === 'critical' ? 'error' : 'warn',
        title,
        body,
        href: '#/alerts',
        onFollow: () => useEnvironments.getState().select(alert.environmentId),
      },
      change === 'resolved' ? 6_000 : 12_000,
    );
  },

  async acknowledge(ids) {
    const acked = await api.invoke('alert.acknowledge', { ids });
    set((s) => ({ alerts: acked.reduce(upsert, s.alerts) }));
  },
}));

/** Open alerts nobody acknowledged yet, in one environment: the count on the nav item. */
export function useUnseenCount(environmentId: number | undefined): number {
  return useAlerts(
    (s) =>
      s.alerts.filter(
        (a) => a.environmentId === environmentId && a.state === 'open' && !a.acknowledgedAt,
      ).length,
  );
}
