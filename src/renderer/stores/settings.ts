import { create } from 'zustand';
import type { Settings, ThemePreference } from '../../shared/types';
import { api } from '../lib/api';
import { errorMessage } from '../lib/errors';
import { cachedTheme } from '../lib/theme';
import type { LoadStatus } from './status';

interface SettingsState {
  settings: Settings;
  status: LoadStatus;
  error: string | null;
  /** The theme being saved, shown at once (optimistic) until the core answers. */
  pendingTheme: ThemePreference | null;
  saveError: string | null;
  load(): Promise<void>;
  receive(settings: Settings): void;
  setTheme(theme: ThemePreference): Promise<void>;
}

let eventSeq = 0;
let saveSeq = 0;

export const useSettings = create<SettingsState>()((set, get) => ({
  settings: { theme: cachedTheme() },
  status: 'idle',
  error: null,
  pendingTheme: null,
  saveError: null,

  async load() {
    const seq = eventSeq;
    set((s) => ({ status: s.status === 'ready' ? 'ready' : 'loading', error: null }));
    try {
      const settings = await api.invoke('settings.get', {});
      if (seq !== eventSeq) return;
      set({ settings, status: 'ready', error: null });
    } catch (error) {
      set({ status: get().status === 'ready' ? 'ready' : 'error', error: errorMessage(error) });
    }
  },

  receive(settings) {
    eventSeq += 1;
    set({ settings, status: 'ready', error: null });
  },

  async setTheme(theme) {
    const mine = ++saveSeq;
    set({ pendingTheme: theme, saveError: null });
    try {
      const settings = await api.invoke('settings.update', { theme });
      eventSeq += 1;
      // A later click supersedes this answer; keep showing what was chosen last.
      set(mine === saveSeq ? { settings, pendingTheme: null } : { settings });
    } catch (error) {
      if (mine === saveSeq) set({ pendingTheme: null, saveError: errorMessage(error) });
    }
  },
}));

/** The theme on screen: the one being saved, else the stored one. */
export function useEffectiveTheme(): ThemePreference {
  return useSettings((s) => s.pendingTheme ?? s.settings.theme);
}
