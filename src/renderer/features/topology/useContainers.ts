// Containers of the environment, from the shared containers store (container.list, refreshed on
// container.changed, host changes and reconnects). Tasks moving also refresh it here:
// stack.changed, operation.progress. Items are null until the first list arrives; the topology
// then uses stack.get's tasks. Hosts say how current each host's containers are.
import { useEffect, useMemo } from 'react';
import { api } from '../../lib/api';
import {
  invalidateContainers,
  useEnvironmentContainers,
  type ContainersEntry,
} from '../../stores/containers';

export function useContainers(environmentId: number): Pick<ContainersEntry, 'items' | 'hosts'> {
  const { items, hosts } = useEnvironmentContainers(environmentId);
  useEffect(() => {
    const stops = [
      api.on('stack.changed', (env) => env === environmentId && invalidateContainers(env)),
      api.on('operation.progress', () => invalidateContainers(environmentId)),
    ];
    return () => stops.forEach((stop) => stop());
  }, [environmentId]);
  return useMemo(() => ({ items, hosts }), [items, hosts]);
}
