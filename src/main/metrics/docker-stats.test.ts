// The stats-API fallback's rates, from one-shot stats as Docker 20.10 (cgroup v1) and 24
// (cgroup v2) return them, trimmed to the fields read.
import { describe, expect, it } from 'vitest';
import { rateFromStats, type DockerStats } from './docker-stats';

const v1 = (read: string, cpu: number, rx: number, blk: number): DockerStats => ({
  read,
  cpu_stats: { cpu_usage: { total_usage: cpu }, online_cpus: 2 },
  memory_stats: {
    usage: 220_000_000,
    limit: 536_870_912,
    stats: { total_cache: 8_000_000, total_inactive_file: 4_000_000, cache: 8_000_000 },
  },
  networks: { eth0: { rx_bytes: rx, tx_bytes: rx / 2 } },
  blkio_stats: {
    io_service_bytes_recursive: [
      { op: 'Read', value: blk },
      { op: 'Write', value: blk * 2 },
      { op: 'Total', value: blk * 3 },
    ],
  },
});

describe('Docker stats fallback', () => {
  it('turns two one-shot readings into the same figures the sampler gives', () => {
    const r = rateFromStats(
      'abc',
      v1('2026-11-25T10:00:02.000Z', 3e9, 3_000_000, 4096),
      v1('2026-11-25T10:00:00.000Z', 1e9, 1_000_000, 0),
      5000,
    )!;
    expect(r.point).toMatchObject({
      t: 5000,
      cpuCores: 1,
      cpuPct: 50,
      memUsage: 216_000_000,
      memCache: 8_000_000,
      memLimit: 536_870_912,
      netRx: 1_000_000,
      netTx: 500_000,
      blkRead: 2048,
      blkWrite: 4096,
    });
    expect(r.hostNetwork).toBe(false);
  });

  it('reads cgroup v2 field names (inactive_file, file, lower-case ops)', () => {
    const v2 = (read: string, cpu: number): DockerStats => ({
      read,
      cpu_stats: { cpu_usage: { total_usage: cpu }, online_cpus: 4 },
      memory_stats: { usage: 10_000, limit: 20_000, stats: { inactive_file: 1_000, file: 3_000 } },
      blkio_stats: { io_service_bytes_recursive: [{ op: 'read', value: 10 }] },
    });
    const r = rateFromStats(
      'x',
      v2('2026-01-01T00:00:04Z', 4e9),
      v2('2026-01-01T00:00:00Z', 0),
      1,
    )!;
    expect(r.point).toMatchObject({ cpuCores: 1, cpuPct: 25, memUsage: 9_000, memCache: 3_000 });
    // No networks: it shares the host's namespace (or has none).
    expect(r.hostNetwork).toBe(true);
  });
});
