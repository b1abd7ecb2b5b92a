// How metric values read on screen.
import type { ContainerPoint, TopMetric } from '../../../shared/metrics';
import { formatBytes, formatRate } from '../../lib/format';

export const percent = (v: number) => `${v.toFixed(v >= 10 ? 0 : 1)}%`;
export const cores = (v: number) => `${v.toFixed(2)} CPU`;
export const bytes = (v: number) => formatBytes(v);
export const rate = (v: number) => formatRate(v);
export const perSecond = (v: number) => `${v < 10 ? v.toFixed(1) : Math.round(v)}/s`;

/** The figure a "top consumers" list ranks by, and how it reads. */
export const TOP_METRICS: Record<
  TopMetric,
  { label: string; score(p: ContainerPoint): number; format(v: number): string; field: string }
> = {
  cpu: { label: 'CPU', score: (p) => p.cpuCores, format: cores, field: 'cpuCores' },
  memory: { label: 'Memory', score: (p) => p.memUsage, format: bytes, field: 'memUsage' },
  network: { label: 'Network', score: (p) => p.netRx + p.netTx, format: rate, field: 'netRx' },
  disk: {
    label: 'Disk I/O',
    score: (p) => p.blkRead + p.blkWrite,
    format: rate,
    field: 'blkWrite',
  },
};
