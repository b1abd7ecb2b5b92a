// The path of a sparkline: x by time (so a silence takes the width it lasted), y by value, and
// the pen lifted across a gap longer than GAP_STEPS sampling intervals (the usual interval is the
// median spacing of the points), as the detail charts do.
import type { SeriesPoint } from '../../../shared/metrics';
import { GAP_STEPS } from './time-axis';

export interface SparkBox {
  width: number;
  height: number;
  /** Fixed top of the scale (e.g. 100 for %); otherwise the largest value. */
  max?: number;
  /** Room kept above and below the line so a flat line at 0 or at the top stays visible. */
  inset?: number;
}

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
};

/** An SVG path ("M x y L x y ... M ..."), or '' with fewer than two points. */
export function sparklinePath(
  points: readonly SeriesPoint[],
  field: string,
  box: SparkBox,
): string {
  if (points.length < 2) return '';
  const value = (p: SeriesPoint) => (p as unknown as Record<string, number>)[field] ?? 0;
  const first = points[0]!.t;
  const span = points[points.length - 1]!.t - first || 1;
  const top = box.max ?? Math.max(...points.map(value));
  const inset = box.inset ?? 2;
  const usable = box.height - 2 * inset;
  const gapMs = GAP_STEPS * median(points.slice(1).map((p, i) => p.t - points[i]!.t));
  const parts: string[] = [];
  points.forEach((point, i) => {
    const x = ((point.t - first) / span) * box.width;
    const ratio = top > 0 ? Math.min(1, Math.max(0, value(point) / top)) : 0;
    const y = inset + (1 - ratio) * usable;
    const lifted = i === 0 || point.t - points[i - 1]!.t > gapMs;
    parts.push(`${lifted ? 'M' : 'L'}${x.toFixed(1)} ${y.toFixed(1)}`);
  });
  return parts.join(' ');
}
