// A host's containers grouped by stack and service, for its card and page: counts by state and
// the containers themselves, containers outside any stack last under "Other containers".
import type { ContainerState, ContainerSummary } from '../../../shared/types';

export interface ServiceGroup {
  name: string;
  total: number;
  running: number;
  /** Containers in other states, e.g. { exited: 2 }. */
  others: Partial<Record<ContainerState, number>>;
  /** By name (task slot order for a service's tasks). */
  containers: ContainerSummary[];
}

export interface StackGroup {
  /** null: "Other containers". */
  stack: string | null;
  services: ServiceGroup[];
  total: number;
}

export function groupByStack(
  containers: readonly ContainerSummary[],
  hostId: number,
): StackGroup[] {
  const stacks = new Map<string | null, Map<string, ServiceGroup>>();
  for (const c of containers) {
    if (c.hostId !== hostId) continue;
    const services = stacks.get(c.stack) ?? new Map<string, ServiceGroup>();
    stacks.set(c.stack, services);
    const key = c.stack ? (c.service ?? c.name) : c.name;
    const name = c.stack && key.startsWith(`${c.stack}_`) ? key.slice(c.stack.length + 1) : key;
    const group = services.get(name) ?? { name, total: 0, running: 0, others: {}, containers: [] };
    services.set(name, group);
    group.total += 1;
    group.containers.push(c);
    if (c.state === 'running') group.running += 1;
    else group.others[c.state] = (group.others[c.state] ?? 0) + 1;
  }
  return [...stacks.entries()]
    .map(([stack, services]) => {
      const list = [...services.values()].sort((a, b) => a.name.localeCompare(b.name));
      for (const group of list) group.containers.sort((a, b) => a.name.localeCompare(b.name));
      return { stack, services: list, total: list.reduce((n, s) => n + s.total, 0) };
    })
    .sort((a, b) =>
      a.stack === null ? 1 : b.stack === null ? -1 : a.stack.localeCompare(b.stack),
    );
}
