// Charts for metrics: time charts with a legend for detail views (sparklines: Sparkline.tsx).
// No animation (a new point every tick would restart it) and memoized on the points array, which
// the store replaces once per tick. Straight segments between samples (a curve would invent
// values between sparse points) and a lifted pen where samples are missing.
import { memo, useId, useMemo } from 'react';
import {
  Area,
  AreaChart,
  CartesianGrid,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import type { SeriesPoint } from '../../../shared/metrics';
import { formatDateTime, formatDay, formatTime } from '../../lib/format';
import { isDayStep, needsSeconds, timeTicks, withGaps } from './time-axis';
import './monitoring.css';

export type Formatter = (value: number) => string;

const valueOf = (point: SeriesPoint, field: string): number =>
  (point as unknown as Record<string, number>)[field] ?? 0;

export interface ChartSeries {
  field: string;
  label: string;
  color: string;
}

/** A value-axis label on one line: recharts' own tick wraps text wider than the axis. */
function ValueTick({
  x,
  y,
  payload,
  format,
}: {
  x?: number;
  y?: number;
  payload?: { value: number };
  format: Formatter;
}) {
  return (
    <text x={x} y={y} dy="0.32em" textAnchor="end" fill="var(--color-text-subtle)" fontSize={11}>
      {format(payload?.value ?? 0)}
    </text>
  );
}

/** A time chart of one or more fields, with its own heading and legend. */
export const TimeChart = memo(function TimeChart({
  title,
  points,
  series,
  format,
  max,
  stepSeconds,
  window,
}: {
  title: string;
  points: readonly SeriesPoint[];
  series: readonly ChartSeries[];
  format: Formatter;
  max?: number;
  /** Seconds between samples: a longer silence is drawn as a gap. */
  stepSeconds: number;
  /** The time range shown (epoch ms); the data's own extent when absent (live). */
  window?: { from: number; to: number };
}) {
  const titleId = useId();
  const last = points[points.length - 1];
  const from = window?.from ?? points[0]?.t ?? 0;
  const to = window?.to ?? last?.t ?? 0;
  const data = useMemo(() => withGaps(points, stepSeconds), [points, stepSeconds]);
  const axis = useMemo(() => timeTicks(from, to), [from, to]);
  const timeLabel = (t: number) => {
    if (isDayStep(axis.stepMs)) return formatDay(t);
    const midnight = new Date(t).setHours(0, 0, 0, 0) === t;
    if (to - from > 86_400_000 && midnight) return formatDay(t);
    return formatTime(t, needsSeconds(axis.stepMs));
  };
  return (
    <figure className="time-chart" aria-labelledby={titleId}>
      <figcaption className="time-chart__head">
        <span id={titleId} className="time-chart__title">
          {title}
        </span>
        <span className="time-chart__legend">
          {series.map((s) => (
            <span key={s.field} className="time-chart__key">
              <span
                className="time-chart__swatch"
                style={{ background: s.color }}
                aria-hidden="true"
              />
              {s.label}
              <span className="tabular time-chart__now">
                {last ? format(valueOf(last, s.field)) : '—'}
              </span>
            </span>
          ))}
        </span>
      </figcaption>
      <div className="time-chart__plot">
        {points.length < 2 ? (
          <p className="time-chart__empty">Collecting data…</p>
        ) : (
          <ResponsiveContainer width="100%" height="100%">
            <AreaChart
              data={data as SeriesPoint[]}
              // Room above the top value-axis label, which is centred on its grid line.
              margin={{ top: 10, right: 12, bottom: 0, left: 0 }}
            >
              <CartesianGrid stroke="var(--color-border-subtle)" vertical={false} />
              <XAxis
                dataKey="t"
                type="number"
                scale="time"
                domain={[from, to]}
                allowDataOverflow
                ticks={axis.ticks}
                tickFormatter={timeLabel}
                stroke="var(--color-text-subtle)"
                fontSize={11}
                minTickGap={8}
              />
              <YAxis
                width={76}
                domain={[0, max ?? 'auto']}
                tick={<ValueTick format={format} />}
                stroke="var(--color-text-subtle)"
              />
              <Tooltip
                isAnimationActive={false}
                labelFormatter={(t) => formatDateTime(Number(t))}
                formatter={(value) => format(Number(value))}
                contentStyle={{
                  background: 'var(--color-surface-raised)',
                  border: '1px solid var(--color-border)',
                  fontSize: 12,
                }}
              />
              {series.map((s) => (
                <Area
                  key={s.field}
                  type="linear"
                  dataKey={s.field}
                  name={s.label}
                  stroke={s.color}
                  fill={s.color}
                  fillOpacity={0.12}
                  strokeWidth={1.5}
                  dot={false}
                  isAnimationActive={false}
                />
              ))}
            </AreaChart>
          </ResponsiveContainer>
        )}
      </div>
    </figure>
  );
});
