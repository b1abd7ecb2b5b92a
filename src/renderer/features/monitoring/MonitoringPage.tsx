import { EmptyState } from '../../components/EmptyState';
import { MonitoringIcon } from '../../components/Icons';
import { LoadState } from '../../components/LoadState';
import { PageHeader } from '../../components/PageHeader';
import { Panel } from '../../components/Panel';
import { formatBytes, formatNumber, plural } from '../../lib/format';
import { EnvironmentEyebrow } from '../environments/EnvironmentEyebrow';
import { NoHostsYet } from '../environments/NoHostsYet';
import { useEnvironmentScope } from '../environments/useEnvironmentScope';

function Stat({ label, value, detail }: { label: string; value: string; detail?: string }) {
  return (
    <div className="stat">
      <dt className="stat__label">{label}</dt>
      <dd className="stat__value">{value}</dd>
      {detail ? <dd className="stat__detail">{detail}</dd> : null}
    </div>
  );
}

export function MonitoringPage() {
  const { environment, hosts, status, error, retry } = useEnvironmentScope();
  const name = environment?.name ?? '…';
  const connected = hosts.filter((h) => h.state === 'connected').length;
  const withFacts = hosts.filter((h) => h.cpus !== null || h.memoryBytes !== null);
  const cpus = hosts.reduce((sum, h) => sum + (h.cpus ?? 0), 0);
  const memory = hosts.reduce((sum, h) => sum + (h.memoryBytes ?? 0), 0);
  const dockerVersions = [...new Set(hosts.map((h) => h.dockerVersion).filter(Boolean))];
  const unknownFacts = hosts.length - withFacts.length;

  return (
    <div className="page">
      <PageHeader
        eyebrow={<EnvironmentEyebrow />}
        title="Monitoring"
        description="CPU, memory, network and storage of the environment’s hosts and containers."
      />
      <LoadState status={status} error={error} what="the environment" onRetry={retry}>
        {hosts.length === 0 ? (
          <div className="surface">
            <NoHostsYet
              environmentName={name}
              icon={<MonitoringIcon size={28} />}
              reason="monitoring charts the environment’s hosts and their containers"
            />
          </div>
        ) : (
          <>
            <Panel
              title={`Capacity of ${name}`}
              titleId="capacity-title"
              description={
                unknownFacts > 0
                  ? `From the facts of ${plural(withFacts.length, 'host')}; ${plural(unknownFacts, 'host')} not inspected yet.`
                  : 'From the facts the console collected from each host.'
              }
            >
              <dl className="stats">
                <Stat
                  label="Hosts connected"
                  value={`${connected} / ${hosts.length}`}
                  detail={
                    connected === hosts.length
                      ? 'All reachable'
                      : `${hosts.length - connected} not connected`
                  }
                />
                <Stat label="CPUs" value={formatNumber(cpus)} />
                <Stat label="Memory" value={formatBytes(memory)} />
                <Stat
                  label="Docker"
                  value={dockerVersions.length === 0 ? '—' : dockerVersions.join(', ')}
                  detail={dockerVersions.length > 1 ? 'Mixed versions' : undefined}
                />
              </dl>
            </Panel>
            <div className="surface">
              <EmptyState
                compact
                level={2}
                icon={<MonitoringIcon size={24} />}
                title="Live charts aren’t in this version yet"
              >
                <p>
                  CPU, memory, network and storage over time, per host and per container, will be
                  charted here.
                </p>
              </EmptyState>
            </div>
          </>
        )}
      </LoadState>
    </div>
  );
}
