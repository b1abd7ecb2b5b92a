import { create } from 'zustand';
import type { AppInfo } from '../../shared/types';
import { api } from '../lib/api';
import { errorMessage } from '../lib/errors';
import type { LoadStatus } from './status';

interface AppInfoState {
  info: AppInfo | null;
  status: LoadStatus;
  error: string | null;
  load(): Promise<void>;
}

export const useAppInfo = create<AppInfoState>()((set) => ({
  info: null,
  status: 'idle',
  error: null,
  async load() {
    set((s) => ({ status: s.info ? s.status : 'loading', error: null }));
    try {
      const info = await api.invoke('app.info', {});
      set({ info, status: 'ready', error: null });
    } catch (error) {
      set({ status: 'error', error: errorMessage(error) });
    }
  },
}));
