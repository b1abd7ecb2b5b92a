// A container's inspect in readable form: what runs (image, digest, command), its state and
// health, environment, ports (published ones are links), mounts, networks, labels, task history.
import type { ContainerDetails } from '../../../shared/container-details';
import type { Host } from '../../../shared/types';
import { PortLink } from '../../components/PortLink';
import { FactsGrid } from '../../components/FactsGrid';
import { Panel } from '../../components/Panel';
import { formatDateTime } from '../../lib/format';
import { webUrl } from '../../lib/links';
import { ContainerEnv } from './ContainerEnv';
import { TaskHistory } from './TaskHistory';

const none = <span className="subtle">—</span>;
// Plain words read best; arguments with spaces or quotes show as Docker's exec form (a JSON
// array), which keeps each argument whole.
const simple = (arg: string) => /^[\w@%+=:,./-]+$/.test(arg);
const words = (list: string[]) =>
  list.length ? (
    <span className="mono">{list.every(simple) ? list.join(' ') : JSON.stringify(list)}</span>
  ) : (
    none
  );

export function ContainerDetailsView({
  details: d,
  host,
}: {
  details: ContainerDetails;
  host: Host | undefined;
}) {
  const health = d.health;
  return (
    <div className="container-details">
      <Panel title="Overview" titleId="container-overview-title">
        <FactsGrid
          items={[
            ['Image', <span className="mono">{d.image}</span>],
            ['Digest', d.imageDigest ? <span className="mono">{d.imageDigest}</span> : none],
            ['Entrypoint', words(d.entrypoint)],
            ['Command', words(d.command)],
            [
              'Working directory',
              d.workingDir ? <span className="mono">{d.workingDir}</span> : none,
            ],
            ['User', d.user ? <span className="mono">{d.user}</span> : none],
            ['Created', formatDateTime(d.createdAt)],
            ['Started', d.startedAt ? formatDateTime(d.startedAt) : none],
            [
              'Finished',
              d.finishedAt ? `${formatDateTime(d.finishedAt)} (exit ${d.exitCode ?? '?'})` : none,
            ],
            ['Restarts', <span className="tabular">{d.restartCount}</span>],
            [
              'Health',
              health ? (
                <span data-testid="container-health">
                  {health.status}
                  {health.failingStreak > 0 ? ` · failing ${health.failingStreak} in a row` : ''}
                </span>
              ) : (
                <span className="subtle">No health check</span>
              ),
            ],
            ['Container id', <span className="mono">{d.id.slice(0, 12)}</span>],
          ]}
        />
        {health?.lastOutput ? (
          <div className="container-details__probe">
            <h3 className="container-details__subtitle">
              Last probe{health.lastAt ? ` · ${formatDateTime(health.lastAt)}` : ''}
              {health.lastExitCode !== null ? ` · exit ${health.lastExitCode}` : ''}
            </h3>
            <pre className="container-details__output">{health.lastOutput}</pre>
          </div>
        ) : null}
      </Panel>
      <Panel title="Environment" titleId="container-env-title">
        <ContainerEnv env={d.env} />
      </Panel>
      <div className="container-details__columns">
        <Panel title="Ports" titleId="container-ports-title">
          {d.ports.length === 0 ? (
            <p className="muted">No ports.</p>
          ) : (
            <ul className="plain-list" data-testid="container-ports">
              {d.ports.map((p) => {
                const label = `${p.hostPort ?? '—'} → ${p.containerPort}/${p.protocol}`;
                const address = p.hostIp ?? host?.address;
                return (
                  <li key={`${p.containerPort}/${p.protocol}/${p.hostIp}/${p.hostPort}`}>
                    {p.hostPort && p.protocol === 'tcp' && address ? (
                      <PortLink url={webUrl(address, p.hostPort)}>{label}</PortLink>
                    ) : (
                      <span className="mono">{label}</span>
                    )}
                    {p.hostPort === null ? <span className="subtle"> exposed only</span> : null}
                  </li>
                );
              })}
            </ul>
          )}
        </Panel>
        <Panel title="Networks" titleId="container-networks-title">
          {d.networks.length === 0 ? (
            <p className="muted">No networks.</p>
          ) : (
            <ul className="plain-list">
              {d.networks.map((n) => (
                <li key={n.name}>
                  <span className="mono">{n.name}</span>{' '}
                  <span className="mono muted">
                    {[n.ipv4, n.ipv6].filter(Boolean).join(', ') || '—'}
                  </span>
                  {n.aliases.length ? (
                    <span className="subtle"> · aliases {n.aliases.join(', ')}</span>
                  ) : null}
                </li>
              ))}
            </ul>
          )}
        </Panel>
      </div>
      <Panel title="Mounts" titleId="container-mounts-title">
        {d.mounts.length === 0 ? (
          <p className="muted">No mounts.</p>
        ) : (
          <ul className="plain-list">
            {d.mounts.map((m) => (
              <li key={m.destination}>
                <span className="mono">{m.source || '(anonymous)'}</span> →{' '}
                <span className="mono">{m.destination}</span>{' '}
                <span className="subtle">
                  {m.type}
                  {m.readOnly ? ', read-only' : ''}
                </span>
              </li>
            ))}
          </ul>
        )}
      </Panel>
      <Panel title="Task history" titleId="container-tasks-title">
        <TaskHistory details={d} />
      </Panel>
      <Panel title="Labels" titleId="container-labels-title">
        {Object.keys(d.labels).length === 0 ? (
          <p className="muted">No labels.</p>
        ) : (
          <table className="kv-table">
            <tbody>
              {Object.entries(d.labels)
                .sort(([a], [b]) => a.localeCompare(b))
                .map(([k, v]) => (
                  <tr key={k}>
                    <th scope="row" className="mono">
                      {k}
                    </th>
                    <td className="mono">{v}</td>
                  </tr>
                ))}
            </tbody>
          </table>
        )}
      </Panel>
    </div>
  );
}
