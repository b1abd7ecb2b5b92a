// Containers of the environment, from the shared containers store (container.list, refreshed on
// container.changed, host changes and reconnects). Tasks moving also refresh it here:
// stack.changed, operation.progress. Null until the first list arrives; the topology then uses
// stack.get's tasks.
import { useEffect } from 'react';
import type { ContainerSummary } from '../../../shared/types';
import { api } from '../../lib/api';
import { invalidateContainers, useEnvironmentContainers } from '../../stores/containers';

export function useContainers(environmentId: number): ContainerSummary[] | null {
  const { items } = useEnvironmentContainers(environmentId);
  useEffect(() => {
    const stops = [
      api.on('stack.changed', (env) => env === environmentId && invalidateContainers(env)),
      api.on('operation.progress', () => invalidateContainers(environmentId)),
    ];
    return () => stops.forEach((stop) => stop());
  }, [environmentId]);
  return items;
}
