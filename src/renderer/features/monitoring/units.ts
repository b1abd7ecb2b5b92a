// How metric values read on screen.
import type { ContainerPoint, TopMetric } from '../../../shared/metrics';
import { formatBytes, formatRate } from '../../lib/format';

export const percent = (v: number) => `${v.toFixed(v >= 10 ? 0 : 1)}%`;
export const cores = (v: number) => `${v.toFixed(2)} CPU`;
export const bytes = (v: number) => formatBytes(v);
export const rate = (v: number) => formatRate(v);
export const perSecond = (v: number) => `${v < 10 ? v.toFixed(1) : Math.round(v)}/s`;

const MiB = 1024 * 1024;

/**
 * The figure a "top consumers" list ranks by, and how it reads. A bar is the value over the
 * largest one, but never over less than `barScale`: idle consumers (0.00 CPU) get no full bar.
 */
export const TOP_METRICS: Record<
  TopMetric,
  {
    label: string;
    score(p: ContainerPoint): number;
    format(v: number): string;
    field: string;
    barScale: number;
  }
> = {
  cpu: { label: 'CPU', score: (p) => p.cpuCores, format: cores, field: 'cpuCores', barScale: 1 },
  memory: {
    label: 'Memory',
    score: (p) => p.memUsage,
    format: bytes,
    field: 'memUsage',
    barScale: 256 * MiB,
  },
  network: {
    label: 'Network',
    score: (p) => p.netRx + p.netTx,
    format: rate,
    field: 'netRx',
    barScale: MiB,
  },
  disk: {
    label: 'Disk I/O',
    score: (p) => p.blkRead + p.blkWrite,
    format: rate,
    field: 'blkWrite',
    barScale: MiB,
  },
};

/** A consumer's bar length in % of the list's scale. */
export function barPercent(metric: TopMetric, value: number, largest: number): number {
  const scale = Math.max(largest, TOP_METRICS[metric].barScale);
  return Math.min(100, Math.max(0, (value / scale) * 100));
}
