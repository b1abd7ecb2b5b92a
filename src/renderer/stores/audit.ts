import { create } from 'zustand';
import type { AuditEntry } from '../../shared/types';
import { api } from '../lib/api';
import { errorMessage } from '../lib/errors';
import type { LoadStatus } from './status';

/** Entries fetched per page; the newest page on start, older pages as the list is scrolled. */
export const AUDIT_PAGE_SIZE = 500;

interface AuditState {
  /** Newest first, unique by id. */
  entries: AuditEntry[];
  status: LoadStatus;
  error: string | null;
  loadingOlder: boolean;
  olderError: string | null;
  /** True once a page came back short: there is nothing older to fetch. */
  reachedEnd: boolean;
  /** Only this principal's entries (its name; its tokens' included); null: everyone's. */
  principal: string | null;
  setPrincipal(principal: string | null): Promise<void>;
  load(): Promise<void>;
  loadOlder(): Promise<void>;
  receive(entry: AuditEntry): void;
}

/** Merges two newest-first lists by id (new entries win). */
function merge(current: AuditEntry[], incoming: AuditEntry[]): AuditEntry[] {
  if (incoming.length === 0) return current;
  const byId = new Map<number, AuditEntry>();
  for (const entry of current) byId.set(entry.id, entry);
  for (const entry of incoming) byId.set(entry.id, entry);
  return [...byId.values()].sort((a, b) => b.id - a.id);
}

/** Whether an entry is the principal's: its name, or its name with a token ("alice (token #3)"). */
const actedAs = (actor: string, principal: string | null) =>
  principal === null || actor === principal || actor.startsWith(`${principal} (token #`);

// Live entries can arrive in bursts; they are applied once per frame, not once per message.
let buffered: AuditEntry[] = [];
let flushScheduled = false;

function flush(): void {
  flushScheduled = false;
  const batch = buffered;
  buffered = [];
  const { entries } = useAudit.getState();
  const newest = entries[0]?.id ?? 0;
  // Fast path: everything is newer than what is shown, so prepend without re-sorting.
  const next = batch.every((e) => e.id > newest)
    ? [...batch.sort((a, b) => b.id - a.id), ...entries]
    : merge(entries, batch);
  useAudit.setState({ entries: next });
}

export const useAudit = create<AuditState>()((set, get) => ({
  entries: [],
  status: 'idle',
  error: null,
  loadingOlder: false,
  olderError: null,
  reachedEnd: false,
  principal: null,

  async setPrincipal(principal) {
    if (principal === get().principal) return;
    buffered = [];
    set({ principal, entries: [], status: 'loading', reachedEnd: false, olderError: null });
    await get().load();
  },

  async load() {
    set((s) => ({ status: s.status === 'ready' ? 'ready' : 'loading', error: null }));
    const principal = get().principal ?? undefined;
    try {
      const page = await api.invoke('audit.list', { limit: AUDIT_PAGE_SIZE, principal });
      if ((get().principal ?? undefined) !== principal) return; // another filter took over
      set((s) => ({
        entries: merge(s.entries, page),
        status: 'ready',
        error: null,
        reachedEnd: s.status === 'ready' ? s.reachedEnd : page.length < AUDIT_PAGE_SIZE,
      }));
    } catch (error) {
      set({ status: get().status === 'ready' ? 'ready' : 'error', error: errorMessage(error) });
    }
  },

  async loadOlder() {
    const { entries, loadingOlder, reachedEnd, status } = get();
    if (loadingOlder || reachedEnd || status !== 'ready') return;
    const oldest = entries[entries.length - 1];
    if (!oldest) return;
    set({ loadingOlder: true, olderError: null });
    const principal = get().principal ?? undefined;
    try {
      const page = await api.invoke('audit.list', {
        limit: AUDIT_PAGE_SIZE,
        beforeId: oldest.id,
        principal,
      });
      if ((get().principal ?? undefined) !== principal) return set({ loadingOlder: false });
      set((s) => ({
        entries: merge(s.entries, page),
        loadingOlder: false,
        reachedEnd: page.length < AUDIT_PAGE_SIZE,
      }));
    } catch (error) {
      set({ loadingOlder: false, olderError: errorMessage(error) });
    }
  },

  receive(entry) {
    if (!actedAs(entry.actor, get().principal)) return;
    buffered.push(entry);
    if (flushScheduled) return;
    flushScheduled = true;
    if (typeof requestAnimationFrame === 'function' && document.visibilityState === 'visible') {
      requestAnimationFrame(flush);
    } else {
      setTimeout(flush, 50);
    }
  },
}));
