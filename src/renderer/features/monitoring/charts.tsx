// Charts for metrics: a sparkline for cards and nodes, and a time chart with a legend for detail
// views. No animation (a new point every tick would restart it) and memoized on the points array,
// which the store replaces once per tick.
import { memo, useId } from 'react';
import {
  Area,
  AreaChart,
  CartesianGrid,
  Line,
  LineChart,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import type { SeriesPoint } from '../../../shared/metrics';
import './monitoring.css';

export type Formatter = (value: number) => string;

const valueOf = (point: SeriesPoint, field: string): number =>
  (point as unknown as Record<string, number>)[field] ?? 0;

/** A small line of one field over the recent points; the label names it for screen readers. */
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
  label: string;
  /** Fixed top of the scale (e.g. 100 for %); otherwise the largest value. */
  max?: number;
  width?: number;
  height?: number;
}) {
  return (
    <span className="sparkline" role="img" aria-label={label} style={{ width, height }}>
      {points.length > 1 ? (
        <LineChart
          width={width}
          height={height}
          data={points as SeriesPoint[]}
          margin={{ top: 2, bottom: 2, left: 0, right: 0 }}
        >
          <YAxis hide domain={[0, max ?? 'auto']} />
          <Line
            type="monotone"
            dataKey={field}
            stroke="var(--chart-1)"
            strokeWidth={1.5}
            dot={false}
            isAnimationActive={false}
          />
        </LineChart>
      ) : null}
    </span>
  );
});

export interface ChartSeries {
  field: string;
  label: string;
  color: string;
}

const clock = new Intl.DateTimeFormat(undefined, {
  hour: '2-digit',
  minute: '2-digit',
  hour12: false,
});
const day = new Intl.DateTimeFormat(undefined, { month: 'short', day: 'numeric' });

/** A time chart of one or more fields, with its own heading and legend. */
export const TimeChart = memo(function TimeChart({
  title,
  points,
  series,
  format,
  max,
  spanDays = false,
}: {
  title: string;
  points: readonly SeriesPoint[];
  series: readonly ChartSeries[];
  format: Formatter;
  max?: number;
  /** Label the time axis with dates (7 days). */
  spanDays?: boolean;
}) {
  const titleId = useId();
  const last = points[points.length - 1];
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
              data={points as SeriesPoint[]}
              margin={{ top: 4, right: 8, bottom: 0, left: 0 }}
            >
              <CartesianGrid stroke="var(--color-border-subtle)" vertical={false} />
              <XAxis
                dataKey="t"
                type="number"
                scale="time"
                domain={['dataMin', 'dataMax']}
                tickFormatter={(t: number) => (spanDays ? day : clock).format(t)}
                stroke="var(--color-text-subtle)"
                fontSize={11}
                minTickGap={48}
              />
              <YAxis
                width={64}
                domain={[0, max ?? 'auto']}
                tickFormatter={format}
                stroke="var(--color-text-subtle)"
                fontSize={11}
              />
              <Tooltip
                isAnimationActive={false}
                labelFormatter={(t) => new Date(Number(t)).toLocaleString()}
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
                  type="monotone"
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
