// The lab start of the first-run path, outside any component: its hosts appear one by one and
// the empty state they replace goes away, while the progress must stay on screen.
import { create } from 'zustand';
import { api } from '../../lib/api';
import { errorMessage } from '../../lib/errors';
import { plural } from '../../lib/format';
import { newOperationId, watchOperation, type StepView } from '../../lib/operations';
import { useHosts } from '../../stores/hosts';

interface LabRun {
  environmentId: number | null;
  steps: StepView[];
  error: string | null;
  done: string | null;
  running: boolean;
  start(environmentId: number): Promise<void>;
  dismiss(): void;
}

const idle = { environmentId: null, steps: [], error: null, done: null, running: false };

export const useLabRun = create<LabRun>()((set, get) => ({
  ...idle,
  async start(environmentId) {
    if (get().running) return;
    const operationId = newOperationId();
    set({ ...idle, environmentId, running: true });
    const stop = watchOperation(operationId, (steps) => set({ steps }));
    try {
      const result = await api.invoke('lab.start', { environmentId, operationId });
      set({
        done:
          result.added.length > 0
            ? `Added ${plural(result.added.length, 'lab host')}: ${result.added.join(', ')}.`
            : 'The lab’s hosts were already here.',
      });
    } catch (failure) {
      set({ error: errorMessage(failure) });
    } finally {
      stop();
      set({ running: false });
      void useHosts.getState().load();
    }
  },
  dismiss: () => set(idle),
}));
