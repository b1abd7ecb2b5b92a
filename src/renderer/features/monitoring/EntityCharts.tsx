// CPU, memory, network and storage charts of one host, container, service or stack, over a range
// the user picks (live 5 minutes from the ring, 1 h / 24 h / 7 d or a custom span from the rollups).
import { useState } from 'react';
import type { EntityRef, MetricsRange, MetricsWindow } from '../../../shared/metrics';
import { Segmented } from '../../components/Segmented';
import { useSeries } from '../../stores/metrics';
import { TimeChart, type ChartSeries } from './charts';
import { CustomRange } from './CustomRange';
import { bytes, cores, percent, perSecond, rate } from './units';

const RANGES: [MetricsRange, string][] = [
  ['live', 'Live 5 min'],
  ['1h', '1 hour'],
  ['24h', '24 hours'],
  ['7d', '7 days'],
  ['custom', 'Custom'],
];

/** What the custom form starts with: the last three hours. */
const lastHours = (hours: number): MetricsWindow => {
  const to = Date.now();
  return { from: to - hours * 3_600_000, to };
};

const c1 = 'var(--chart-1)';
const c2 = 'var(--chart-2)';
const c3 = 'var(--chart-3)';

const s = (field: string, label: string, color: string): ChartSeries => ({ field, label, color });

interface ChartSpec {
  title: string;
  series: ChartSeries[];
  format: (v: number) => string;
  max?: number;
}

const HOST_CHARTS: ChartSpec[] = [
  { title: 'CPU', series: [s('cpuPct', 'Busy', c1)], format: percent, max: 100 },
  {
    title: 'Memory',
    series: [s('memUsed', 'Used', c1), s('memCache', 'Cache', c2), s('swapUsed', 'Swap', c3)],
    format: bytes,
  },
  { title: 'Network', series: [s('netRx', 'Received', c1), s('netTx', 'Sent', c2)], format: rate },
  {
    title: 'Disk I/O',
    series: [s('diskRead', 'Read', c1), s('diskWrite', 'Written', c2)],
    format: rate,
  },
  {
    title: 'Disk operations',
    series: [s('diskReadOps', 'Reads', c1), s('diskWriteOps', 'Writes', c2)],
    format: perSecond,
  },
  { title: 'Storage', series: [s('fsUsed', 'Used', c1), s('fsSize', 'Size', c3)], format: bytes },
];

const CONTAINER_CHARTS: ChartSpec[] = [
  { title: 'CPU', series: [s('cpuCores', 'In use', c1)], format: cores },
  {
    title: 'Memory',
    // Not the limit: mostly the host's whole memory, it would flatten the usage to the axis.
    series: [s('memUsage', 'Used', c1), s('memCache', 'Cache', c2)],
    format: bytes,
  },
  { title: 'Network', series: [s('netRx', 'Received', c1), s('netTx', 'Sent', c2)], format: rate },
  {
    title: 'Block I/O',
    series: [s('blkRead', 'Read', c1), s('blkWrite', 'Written', c2)],
    format: rate,
  },
];

export function EntityCharts({
  environmentId,
  entity,
}: {
  environmentId: number;
  entity: EntityRef;
}) {
  const [range, setRange] = useState<MetricsRange>('live');
  const [custom, setCustom] = useState<MetricsWindow>(() => lastHours(3));
  const { points, step, window: span, error } = useSeries(environmentId, entity, range, custom);
  const charts = entity.kind === 'host' ? HOST_CHARTS : CONTAINER_CHARTS;
  return (
    <div className="entity-charts">
      <div className="toolbar">
        <Segmented<MetricsRange>
          label="Time range"
          name={`range-${entity.kind}-${entity.id}`}
          options={RANGES}
          value={range}
          onChange={setRange}
        />
        {error ? (
          <p className="toolbar__count" role="alert">
            {error}
          </p>
        ) : range !== 'live' && points.length === 0 ? (
          <p className="toolbar__count">No history for this range yet.</p>
        ) : null}
      </div>
      {range === 'custom' ? <CustomRange value={custom} onApply={setCustom} /> : null}
      <div className="entity-charts__grid">
        {charts.map((chart) => (
          <TimeChart
            key={chart.title}
            title={chart.title}
            points={points}
            series={chart.series}
            format={chart.format}
            max={chart.max}
            stepSeconds={step}
            window={range === 'live' ? undefined : span}
          />
        ))}
      </div>
    </div>
  );
}
