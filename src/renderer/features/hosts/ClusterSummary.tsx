import type { Environment, Host } from '../../../shared/types';
import { Alert } from '../../components/Alert';
import { Spinner } from '../../components/Spinner';
import { formatNumber } from '../../lib/format';
import type { ClusterEntry } from '../../stores/cluster';

/**
 * The environment's Swarm at a glance (from env.cluster): its id, managers and workers, the
 * leader, and the quorum/membership advice as warnings. Refreshed whenever hosts change.
 */
export function ClusterSummaryBar({
  environment,
  hosts,
  entry,
}: {
  environment: Environment;
  hosts: readonly Host[];
  entry: ClusterEntry | undefined;
}) {
  const summary = entry?.summary?.environmentId === environment.id ? entry.summary : null;
  const swarmId = summary?.swarmId ?? environment.swarmId;
  if (!swarmId && hosts.length === 0) return null;

  const nodes = summary?.nodes ?? [];
  const fromNodes = nodes.length > 0;
  const managers = fromNodes
    ? nodes.filter((n) => n.role === 'manager').length
    : hosts.filter((h) => h.role === 'manager').length;
  const workers = fromNodes
    ? nodes.filter((n) => n.role === 'worker').length
    : hosts.filter((h) => h.role === 'worker').length;
  const down = nodes.filter((n) => n.state !== 'ready').length;
  const leader = nodes.find((n) => n.leader);
  const leaderName = leader
    ? (hosts.find((h) => h.id === leader.hostId)?.name ?? leader.hostname)
    : null;

  return (
    <section className="cluster" aria-label={`Swarm of ${environment.name}`}>
      <dl className="cluster__stats">
        <div className="cluster__stat">
          <dt>Swarm</dt>
          <dd>
            {swarmId ? (
              <span className="mono" title={swarmId}>
                {swarmId.slice(0, 12)}
              </span>
            ) : (
              <span className="subtle">Not formed yet</span>
            )}
          </dd>
        </div>
        <div className="cluster__stat">
          <dt>Managers</dt>
          <dd className="tabular">{formatNumber(managers)}</dd>
        </div>
        <div className="cluster__stat">
          <dt>Workers</dt>
          <dd className="tabular">{formatNumber(workers)}</dd>
        </div>
        <div className="cluster__stat">
          <dt>Leader</dt>
          <dd>{leaderName ?? <span className="subtle">—</span>}</dd>
        </div>
        {down > 0 ? (
          <div className="cluster__stat">
            <dt>Not ready</dt>
            <dd className="cluster__down tabular">{formatNumber(down)}</dd>
          </div>
        ) : null}
        <div className="cluster__status" aria-live="polite">
          {entry?.status === 'loading' ? (
            <span className="inline-status subtle">
              <Spinner size={12} /> Asking the managers…
            </span>
          ) : entry?.status === 'error' && entry.error ? (
            <span className="subtle" title={entry.error}>
              Swarm view not current: {entry.error}
            </span>
          ) : null}
        </div>
      </dl>
      {summary && summary.advice.length > 0 ? (
        <div className="cluster__advice">
          {summary.advice.map((line) => (
            <Alert key={line} tone="warn">
              {line}
            </Alert>
          ))}
        </div>
      ) : null}
    </section>
  );
}
