// Metrics: every host's live figures (and how they are read), the top consumers across the
// environment, and charts of whichever host, container, service or stack is picked.
import { memo, useMemo, useState } from 'react';
import type {
  ContainerMetrics,
  EntityRef,
  GroupMetrics,
  HostMetrics,
  HostSourceInfo,
  MetricsBatch,
  TopMetric,
} from '../../../shared/metrics';
import type { Host } from '../../../shared/types';
import { Badge } from '../../components/Badge';
import { MonitoringIcon } from '../../components/Icons';
import { LoadState } from '../../components/LoadState';
import { Panel } from '../../components/Panel';
import { SearchField } from '../../components/SearchField';
import { Segmented } from '../../components/Segmented';
import { useLatestMetrics, useRecentPoints } from '../../stores/metrics';
import { EnvironmentPage } from '../../components/EnvironmentPage';
import { NoHostsYet } from '../../components/NoHostsYet';
import { useEnvironmentScope } from '../../stores/environmentScope';
import { Sparkline } from './Sparkline';
import { EntityCharts } from './EntityCharts';
import { barPercent, bytes, percent, rate, TOP_METRICS } from './units';

type TopKind = 'container' | 'service' | 'stack';

const SOURCE_LABEL: Record<HostSourceInfo['source'], string> = {
  sampler: 'SSH sampler',
  'docker-api': 'Docker stats API',
  none: 'Not sampled',
};

export function SourceBadge({ source }: { source: HostSourceInfo | undefined }) {
  if (!source) return null;
  const tone =
    source.source === 'sampler' ? 'ok' : source.source === 'docker-api' ? 'warn' : 'neutral';
  return (
    <Badge tone={tone} title={source.detail}>
      {SOURCE_LABEL[source.source]}
    </Badge>
  );
}

const HostTile = memo(function HostTile({
  environmentId,
  host,
  metrics,
  source,
  selected,
  onSelect,
}: {
  environmentId: number;
  host: Host;
  metrics: HostMetrics | undefined;
  source: HostSourceInfo | undefined;
  selected: boolean;
  onSelect(): void;
}) {
  const points = useRecentPoints(environmentId, `host:${host.id}`);
  const p = metrics?.point;
  return (
    <li className={`host-tile${selected ? ' is-selected' : ''}`}>
      <button
        type="button"
        className="host-tile__button"
        onClick={onSelect}
        aria-pressed={selected}
      >
        <span className="host-tile__head">
          <span className="host-tile__name">{host.name}</span>
          <SourceBadge source={source} />
        </span>
        {p ? (
          <dl className="host-tile__figures">
            <div>
              <dt>CPU</dt>
              <dd className="tabular">{percent(p.cpuPct)}</dd>
              <Sparkline points={points} field="cpuPct" max={100} label={`CPU of ${host.name}`} />
            </div>
            <div>
              <dt>Memory</dt>
              <dd className="tabular">
                {bytes(p.memUsed)} <span className="muted">of {bytes(p.memTotal)}</span>
              </dd>
              <Sparkline
                points={points}
                field="memUsed"
                max={p.memTotal}
                label={`Memory of ${host.name}`}
              />
            </div>
            <div>
              <dt>Network</dt>
              <dd className="tabular">
                ↓ {rate(p.netRx)} ↑ {rate(p.netTx)}
              </dd>
            </div>
            <div>
              <dt>Disk</dt>
              <dd className="tabular">
                R {rate(p.diskRead)} W {rate(p.diskWrite)}
              </dd>
            </div>
          </dl>
        ) : (
          <span className="host-tile__waiting">
            {host.state === 'connected'
              ? (source?.detail ?? 'Waiting for samples…')
              : `Host is ${host.state}`}
          </span>
        )}
      </button>
    </li>
  );
});

type TopRow = (ContainerMetrics | GroupMetrics) & { key: string; label: string; where: string };

/** The ten biggest; with a query, every match (up to 50) so any one can be charted. */
function topRows(
  batch: MetricsBatch | undefined,
  kind: TopKind,
  metric: TopMetric,
  query: string,
): TopRow[] {
  if (!batch) return [];
  const { score } = TOP_METRICS[metric];
  const rows: TopRow[] =
    kind === 'container'
      ? batch.containers.map((c) => ({
          ...c,
          key: `container:${c.id}`,
          label: c.name,
          where: c.service ? `${c.hostName} · ${c.service}` : c.hostName,
        }))
      : (kind === 'service' ? batch.services : batch.stacks).map((g) => ({
          ...g,
          key: `${kind}:${g.name}`,
          label: g.name,
          where: `${g.containers} container${g.containers === 1 ? '' : 's'}`,
        }));
  const q = query.trim().toLowerCase();
  const shown = q ? rows.filter((r) => `${r.label} ${r.where}`.toLowerCase().includes(q)) : rows;
  return shown.sort((a, b) => score(b.point) - score(a.point)).slice(0, q ? 50 : 10);
}

const TopRowView = memo(function TopRowView({
  environmentId,
  row,
  metric,
  max,
  selected,
  onSelect,
}: {
  environmentId: number;
  row: TopRow;
  metric: TopMetric;
  max: number;
  selected: boolean;
  onSelect(): void;
}) {
  const spec = TOP_METRICS[metric];
  const points = useRecentPoints(environmentId, row.key);
  const value = spec.score(row.point);
  return (
    <li className={`top-row${selected ? ' is-selected' : ''}`}>
      <button type="button" className="top-row__button" onClick={onSelect} aria-pressed={selected}>
        <span className="top-row__name truncate" title={row.label}>
          {row.label}
        </span>
        <span className="top-row__where truncate">{row.where}</span>
        <span className="top-row__bar" aria-hidden="true">
          <span style={{ width: `${barPercent(metric, value, max)}%` }} />
        </span>
        <span className="top-row__value tabular">{spec.format(value)}</span>
        <Sparkline points={points} field={spec.field} label={`${spec.label} of ${row.label}`} />
      </button>
    </li>
  );
});

function TopConsumers({
  environmentId,
  batch,
  selected,
  onSelect,
}: {
  environmentId: number;
  batch: MetricsBatch | undefined;
  selected: string | undefined;
  onSelect(ref: EntityRef, label: string): void;
}) {
  const [kind, setKind] = useState<TopKind>('container');
  const [metric, setMetric] = useState<TopMetric>('cpu');
  const [query, setQuery] = useState('');
  const rows = useMemo(() => topRows(batch, kind, metric, query), [batch, kind, metric, query]);
  const max = rows.length > 0 ? TOP_METRICS[metric].score(rows[0]!.point) : 0;
  return (
    <Panel
      title="Top consumers"
      titleId="top-title"
      description="The ten biggest right now across every host of the environment; search to chart any other."
    >
      <div className="toolbar">
        <SearchField
          label="Find a consumer"
          placeholder="Find by name, host or service…"
          value={query}
          onChange={setQuery}
          small
        />
        <Segmented<TopKind>
          label="Consumers"
          name="top-kind"
          options={[
            ['container', 'Containers'],
            ['service', 'Services'],
            ['stack', 'Stacks'],
          ]}
          value={kind}
          onChange={setKind}
        />
        <Segmented<TopMetric>
          label="Ranked by"
          name="top-metric"
          options={(Object.keys(TOP_METRICS) as TopMetric[]).map((m) => [m, TOP_METRICS[m].label])}
          value={metric}
          onChange={setMetric}
        />
      </div>
      {rows.length === 0 ? (
        <p className="muted">
          {!batch
            ? 'Waiting for the first samples…'
            : query
              ? `No ${kind} matches “${query}”.`
              : `No ${kind}s with figures yet.`}
        </p>
      ) : (
        <ol className="top-list" aria-labelledby="top-title">
          {rows.map((row) => (
            <TopRowView
              key={row.key}
              environmentId={environmentId}
              row={row}
              metric={metric}
              max={max}
              selected={selected === row.key}
              onSelect={() =>
                onSelect(
                  { kind, id: 'id' in row ? row.id : row.name },
                  kind === 'container' ? row.label : `${kind} ${row.label}`,
                )
              }
            />
          ))}
        </ol>
      )}
    </Panel>
  );
}

export function MonitoringPage() {
  const { environment, hosts, status, error, retry } = useEnvironmentScope();
  const batch = useLatestMetrics(environment?.id);
  const [picked, setPicked] = useState<{ ref: EntityRef; label: string } | null>(null);
  const byHost = useMemo(() => new Map(batch?.hosts.map((h) => [h.hostId, h])), [batch]);
  const sources = useMemo(() => new Map(batch?.sources.map((s) => [s.hostId, s])), [batch]);
  const firstHost = hosts[0];
  const shown =
    picked ??
    (firstHost
      ? { ref: { kind: 'host' as const, id: String(firstHost.id) }, label: firstHost.name }
      : null);
  const shownKey = shown ? `${shown.ref.kind}:${shown.ref.id}` : undefined;

  return (
    <EnvironmentPage
      title="Metrics"
      description="CPU, memory, network and storage of the environment’s hosts and containers, read over SSH without agents."
    >
      <LoadState status={status} error={error} what="the environment" onRetry={retry}>
        {hosts.length === 0 || !environment ? (
          <div className="surface">
            <NoHostsYet
              environmentName={environment?.name ?? '…'}
              icon={<MonitoringIcon size={28} />}
              reason="monitoring charts the environment’s hosts and their containers"
            />
          </div>
        ) : (
          <>
            <Panel
              title="Hosts"
              titleId="hosts-title"
              description="Live, every tick. Pick one to chart it."
            >
              <ul className="host-tiles" aria-labelledby="hosts-title">
                {hosts.map((host) => (
                  <HostTile
                    key={host.id}
                    environmentId={environment.id}
                    host={host}
                    metrics={byHost.get(host.id)}
                    source={sources.get(host.id)}
                    selected={shownKey === `host:${host.id}`}
                    onSelect={() =>
                      setPicked({ ref: { kind: 'host', id: String(host.id) }, label: host.name })
                    }
                  />
                ))}
              </ul>
            </Panel>
            <TopConsumers
              environmentId={environment.id}
              batch={batch}
              selected={shownKey}
              onSelect={(ref, label) => setPicked({ ref, label })}
            />
            {shown ? (
              <Panel title={`Charts of ${shown.label}`} titleId="charts-title">
                <EntityCharts key={shownKey} environmentId={environment.id} entity={shown.ref} />
              </Panel>
            ) : null}
          </>
        )}
      </LoadState>
    </EnvironmentPage>
  );
}
