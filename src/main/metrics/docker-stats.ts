// The fallback for hosts whose container cgroups the sampler cannot read (rootless Docker, a
// custom cgroup parent, an unknown layout): Docker's stats API, one-shot, per running container
// each tick, with bounded concurrency. It costs the daemon far more (see bench:metrics), so it is
// used only where the sampler reports no cgroups; host figures still come from the sampler.
import type Docker from 'dockerode';
import type { ContainerRate } from './rates.js';

/** The parts of GET /containers/{id}/stats this reads (cgroup v1 and v2 field names). */
export interface DockerStats {
  read: string;
  cpu_stats?: { cpu_usage?: { total_usage?: number }; online_cpus?: number };
  memory_stats?: { usage?: number; limit?: number; stats?: Record<string, number> };
  networks?: Record<string, { rx_bytes?: number; tx_bytes?: number }>;
  blkio_stats?: { io_service_bytes_recursive?: { op: string; value: number }[] | null };
}

const sumOf = (values: number[]) => values.reduce((a, b) => a + b, 0);

function counters(s: DockerStats) {
  const mem = s.memory_stats?.stats ?? {};
  const blk = s.blkio_stats?.io_service_bytes_recursive ?? [];
  const nets = Object.values(s.networks ?? {});
  return {
    at: Date.parse(s.read),
    cpuNs: s.cpu_stats?.cpu_usage?.total_usage ?? 0,
    cores: s.cpu_stats?.online_cpus ?? 1,
    // As `docker stats`: usage minus inactive file cache (v1: total_inactive_file).
    memUsage: Math.max(
      0,
      (s.memory_stats?.usage ?? 0) - (mem.total_inactive_file ?? mem.inactive_file ?? 0),
    ),
    memCache: mem.total_cache ?? mem.cache ?? mem.file ?? 0,
    memLimit: s.memory_stats?.limit ?? 0,
    rx: sumOf(nets.map((n) => n.rx_bytes ?? 0)),
    tx: sumOf(nets.map((n) => n.tx_bytes ?? 0)),
    blkRead: sumOf(blk.filter((e) => e.op.toLowerCase() === 'read').map((e) => e.value)),
    blkWrite: sumOf(blk.filter((e) => e.op.toLowerCase() === 'write').map((e) => e.value)),
  };
}

/** Rates between two one-shot stats of one container (undefined when they cover no time). */
export function rateFromStats(
  id: string,
  now: DockerStats,
  before: DockerStats,
  t: number,
): ContainerRate | undefined {
  const a = counters(before);
  const b = counters(now);
  const seconds = (b.at - a.at) / 1000;
  if (!(seconds > 0)) return undefined;
  const rate = (x: number, y: number) => (y >= x ? (y - x) / seconds : 0);
  const cpuCores = rate(a.cpuNs, b.cpuNs) / 1e9;
  return {
    id,
    hostNetwork: Object.keys(now.networks ?? {}).length === 0,
    cpuLimit: b.cores,
    point: {
      t,
      cpuCores,
      cpuPct: (cpuCores / Math.max(1, b.cores)) * 100,
      memUsage: b.memUsage,
      memCache: b.memCache,
      memLimit: b.memLimit,
      netRx: rate(a.rx, b.rx),
      netTx: rate(a.tx, b.tx),
      blkRead: rate(a.blkRead, b.blkRead),
      blkWrite: rate(a.blkWrite, b.blkWrite),
    },
  };
}

/** Polls the stats of the given containers; keeps the previous reading of each for rates. */
export class DockerStatsPoller {
  private previous = new Map<string, DockerStats>();
  private running = false;

  constructor(
    private readonly docker: () => Docker,
    private readonly concurrency = 8,
  ) {}

  /** One round; a round still running when the next tick comes is not doubled. */
  async poll(ids: readonly string[], t: number): Promise<ContainerRate[] | undefined> {
    if (this.running) return undefined;
    this.running = true;
    try {
      const docker = this.docker();
      const queue = [...ids];
      const next = new Map<string, DockerStats>();
      const rates: ContainerRate[] = [];
      const worker = async () => {
        for (let id = queue.shift(); id !== undefined; id = queue.shift()) {
          try {
            const stats = (await docker
              .getContainer(id)
              .stats({ stream: false, 'one-shot': true } as never)) as unknown as DockerStats;
            next.set(id, stats);
            const before = this.previous.get(id);
            const r = before ? rateFromStats(id, stats, before, t) : undefined;
            if (r) rates.push(r);
          } catch {
            // Gone meanwhile: the next round will not ask for it.
          }
        }
      };
      await Promise.all(Array.from({ length: this.concurrency }, worker));
      this.previous = next;
      return rates;
    } finally {
      this.running = false;
    }
  }
}
