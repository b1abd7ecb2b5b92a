import { create } from 'zustand';
import type { ArgsOf } from '../../shared/contract';
import type { Environment } from '../../shared/types';
import { api } from '../lib/api';
import { errorMessage } from '../lib/errors';
import type { LoadStatus } from './status';

const CURRENT_KEY = 'drover.currentEnvironment';

interface EnvironmentsState {
  items: Environment[];
  status: LoadStatus;
  error: string | null;
  /** The environment the pages show; follows `items` (falls back to the first one). */
  currentId: number | null;
  load(): Promise<void>;
  /** Replaces the list with the core's state (the env.changed payload). */
  receive(items: Environment[]): void;
  select(id: number): void;
  create(args: ArgsOf<'env.create'>): Promise<Environment>;
  update(args: ArgsOf<'env.update'>): Promise<Environment>;
  remove(id: number): Promise<void>;
}

function storedCurrentId(): number | null {
  try {
    const raw = localStorage.getItem(CURRENT_KEY);
    const id = raw === null ? NaN : Number(raw);
    return Number.isInteger(id) ? id : null;
  } catch {
    return null;
  }
}

function storeCurrentId(id: number | null): void {
  try {
    if (id === null) localStorage.removeItem(CURRENT_KEY);
    else localStorage.setItem(CURRENT_KEY, String(id));
  } catch {
    // Storage may be unavailable (private mode); the choice then lasts for this session.
  }
}

function sortEnvironments(items: Environment[]): Environment[] {
  return [...items].sort((a, b) => a.id - b.id);
}

/** Keeps the chosen environment when it still exists, else the first (the default one). */
function resolveCurrent(items: Environment[], preferred: number | null): number | null {
  if (preferred !== null && items.some((env) => env.id === preferred)) return preferred;
  return items[0]?.id ?? null;
}

/** Bumped on every pushed list, so a slower env.list answer never overwrites newer state. */
let eventSeq = 0;

export const useEnvironments = create<EnvironmentsState>()((set, get) => ({
  items: [],
  status: 'idle',
  error: null,
  currentId: storedCurrentId(),

  async load() {
    const seq = eventSeq;
    set((s) => ({ status: s.status === 'ready' ? 'ready' : 'loading', error: null }));
    try {
      const items = await api.invoke('env.list', {});
      if (seq !== eventSeq) return;
      apply(items);
    } catch (error) {
      set({ status: get().status === 'ready' ? 'ready' : 'error', error: errorMessage(error) });
    }
  },

  receive(items) {
    eventSeq += 1;
    apply(items);
  },

  select(id) {
    if (!get().items.some((env) => env.id === id)) return;
    storeCurrentId(id);
    set({ currentId: id });
  },

  async create(args) {
    const created = await api.invoke('env.create', args);
    upsert(created);
    return created;
  },

  async update(args) {
    const updated = await api.invoke('env.update', args);
    upsert(updated);
    return updated;
  },

  async remove(id) {
    await api.invoke('env.remove', { id });
    const items = get().items.filter((env) => env.id !== id);
    set({ items, currentId: resolveCurrent(items, get().currentId) });
  },
}));

function apply(items: Environment[]): void {
  const sorted = sortEnvironments(items);
  const currentId = resolveCurrent(sorted, useEnvironments.getState().currentId);
  useEnvironments.setState({ items: sorted, currentId, status: 'ready', error: null });
}

/** Applies a mutation's answer at once; the env.changed event that follows replaces it anyway. */
function upsert(env: Environment): void {
  const { items, currentId } = useEnvironments.getState();
  const next = items.some((e) => e.id === env.id)
    ? items.map((e) => (e.id === env.id ? env : e))
    : sortEnvironments([...items, env]);
  useEnvironments.setState({ items: next, currentId: resolveCurrent(next, currentId) });
}

/** The environment the pages show, or undefined before the first load. */
export function useCurrentEnvironment(): Environment | undefined {
  return useEnvironments((s) => s.items.find((env) => env.id === s.currentId));
}
