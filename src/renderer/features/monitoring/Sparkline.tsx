// A small line of one field over the recent points, drawn as plain SVG: cards and topology nodes
// show many of them, and the first screen should not load a charting library for them.
import { memo } from 'react';
import type { SeriesPoint } from '../../../shared/metrics';
import { sparklinePath } from './sparkline-path';
import './monitoring.css';

export const Sparkline = memo(function Sparkline({
  points,
  field,
  label,
  max,
  width = 96,
  height = 24,
}: {
  points: readonly SeriesPoint[];
  field: string;
  /** Names the line for screen readers. */
  label: string;
  /** Fixed top of the scale (e.g. 100 for %); otherwise the largest value. */
  max?: number;
  width?: number;
  height?: number;
}) {
  const path = sparklinePath(points, field, { width, height, max });
  return (
    <span className="sparkline" role="img" aria-label={label} style={{ width, height }}>
      {path ? (
        <svg width={width} height={height} viewBox={`0 0 ${width} ${height}`} aria-hidden="true">
          <path d={path} fill="none" stroke="var(--chart-1)" strokeWidth={1.5} />
        </svg>
      ) : null}
    </span>
  );
});
