// Containers of the environment from container.list, re-fetched (at most once a second) when
// tasks move: stack.changed, operation.progress, container.changed. Null while the core does not
// offer container.list; the topology then uses stack.get's tasks.
import { useEffect, useState } from 'react';
import { api } from '../../lib/api';
import {
  invokeComing,
  isKnownMissing,
  isNotYet,
  onContainerChanged,
  type ContainerInfo,
} from '../stacks/coming';

export function useContainers(environmentId: number): ContainerInfo[] | null {
  const [items, setItems] = useState<ContainerInfo[] | null>(null);
  useEffect(() => {
    if (isKnownMissing('container.list')) return;
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | null = null;
    let running = false;
    let again = false;
    const load = async () => {
      if (running) {
        again = true;
        return;
      }
      running = true;
      try {
        const list = await invokeComing('container.list', { environmentId });
        if (!stopped) setItems(list);
      } catch (error) {
        if (isNotYet(error)) stopAll();
      } finally {
        running = false;
        if (again && !stopped) {
          again = false;
          void load();
        }
      }
    };
    const soon = () => {
      if (timer) return;
      timer = setTimeout(() => {
        timer = null;
        void load();
      }, 700);
    };
    const stops = [
      api.on('stack.changed', (env) => env === environmentId && soon()),
      api.on('operation.progress', soon),
      onContainerChanged((env) => env === environmentId && soon()),
    ];
    const stopAll = () => {
      stopped = true;
      stops.forEach((s) => s());
      if (timer) clearTimeout(timer);
    };
    void load();
    return stopAll;
  }, [environmentId]);
  return items;
}
