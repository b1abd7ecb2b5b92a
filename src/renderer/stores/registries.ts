// Private registry logins per environment (no passwords ever arrive here). Loaded for the
// environment a page shows, and again when the core says that environment's logins changed.
import { create } from 'zustand';
import type { RegistryCredential } from '../../shared/types';
import { api } from '../lib/api';
import { errorMessage } from '../lib/errors';
import type { LoadStatus } from './status';

export interface RegistriesEntry {
  items: RegistryCredential[];
  status: LoadStatus;
  error: string | null;
}

interface RegistriesState {
  byEnvironment: Record<number, RegistriesEntry>;
  load(environmentId: number): Promise<void>;
}

export const emptyRegistries: RegistriesEntry = { items: [], status: 'idle', error: null };

export const useRegistries = create<RegistriesState>()((set, get) => {
  const patch = (environmentId: number, change: Partial<RegistriesEntry>) =>
    set((s) => ({
      byEnvironment: {
        ...s.byEnvironment,
        [environmentId]: { ...(s.byEnvironment[environmentId] ?? emptyRegistries), ...change },
      },
    }));
  return {
    byEnvironment: {},
    async load(environmentId) {
      // The list stays on screen while it refreshes; only a first load shows as loading.
      if (!get().byEnvironment[environmentId]?.items.length)
        patch(environmentId, { status: 'loading' });
      try {
        const items = await api.invoke('registry.list', { environmentId });
        patch(environmentId, { items, status: 'ready', error: null });
      } catch (error) {
        patch(environmentId, { status: 'error', error: errorMessage(error) });
      }
    },
  };
});

/** Reloads the environments already shown when their logins change (or after a reconnect). */
export function startRegistriesSync(): () => void {
  return api.on('registry.changed', (environmentId) => {
    if (useRegistries.getState().byEnvironment[environmentId])
      void useRegistries.getState().load(environmentId);
  });
}

export function invalidateRegistries(): void {
  const { byEnvironment, load } = useRegistries.getState();
  for (const id of Object.keys(byEnvironment)) void load(Number(id));
}
