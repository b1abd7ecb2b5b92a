// Services and stacks as the sum over their containers (on every host of the environment), from
// the Swarm labels each container carries.
import type { ContainerMetrics, ContainerPoint, GroupMetrics } from '../../shared/metrics.js';

function addInto(total: ContainerPoint, p: ContainerPoint): void {
  total.cpuCores += p.cpuCores;
  total.memUsage += p.memUsage;
  total.memCache += p.memCache;
  total.memLimit += p.memLimit;
  total.netRx += p.netRx;
  total.netTx += p.netTx;
  total.blkRead += p.blkRead;
  total.blkWrite += p.blkWrite;
}

/** Sums per key; a group's CPU % is its cores over the sum of its containers' CPU limits. */
export function groupBy(
  containers: readonly ContainerMetrics[],
  key: (c: ContainerMetrics) => string | null,
  t: number,
): GroupMetrics[] {
  const groups = new Map<
    string,
    { point: ContainerPoint; limitCores: number; count: number; stack: string | null }
  >();
  for (const c of containers) {
    const name = key(c);
    if (name === null) continue;
    let group = groups.get(name);
    if (!group) {
      group = { point: emptyPoint(t), limitCores: 0, count: 0, stack: c.stack };
      groups.set(name, group);
    }
    addInto(group.point, c.point);
    group.limitCores += c.cpuLimit;
    group.count++;
  }
  return [...groups].map(([name, g]) => ({
    name,
    stack: g.stack,
    containers: g.count,
    point: { ...g.point, cpuPct: g.limitCores > 0 ? (g.point.cpuCores / g.limitCores) * 100 : 0 },
  }));
}

export function emptyPoint(t: number): ContainerPoint {
  return {
    t,
    cpuCores: 0,
    cpuPct: 0,
    memUsage: 0,
    memCache: 0,
    memLimit: 0,
    netRx: 0,
    netTx: 0,
    blkRead: 0,
    blkWrite: 0,
  };
}
