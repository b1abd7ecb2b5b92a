// A host's containers on its page, by stack and service, each a link to its own page. When the
// host's containers are not followed live it says so and shows them as last seen.
import { useMemo } from 'react';
import { StatusDot } from '../../components/Badge';
import { plural } from '../../lib/format';
import { unknownSince } from '../../lib/hostState';
import { containerHref } from '../../lib/router';
import { useEnvironmentContainers } from '../../stores/containers';
import type { Host } from '../../../shared/types';
import { containerStateLabel, containerStateTone } from '../containers';
import { groupByStack } from './hostStacks';

export function HostContainers({ host }: { host: Host }) {
  const entry = useEnvironmentContainers(host.environmentId);
  const groups = useMemo(() => groupByStack(entry.items ?? [], host.id), [entry.items, host.id]);
  const status = entry.hosts?.find((h) => h.hostId === host.id);
  if (!entry.items || status?.state === 'loading')
    return <p className="muted">Loading its containers…</p>;
  return (
    <div className="host-containers">
      {status?.state === 'unknown' ? (
        <p className="muted" data-testid="host-containers-unknown">
          {unknownSince(status.lastSeenAt)}
          {status.error ? ` (${status.error})` : ''}
          {groups.length > 0 ? '. As last seen:' : '.'}
        </p>
      ) : groups.length === 0 ? (
        <p className="muted">No containers on this host.</p>
      ) : null}
      {groups.map((g) => (
        <section key={g.stack ?? ''} className="host-containers__stack" data-testid="host-stack">
          <h3 className="host-containers__title">
            {g.stack ?? 'Other containers'}{' '}
            <span className="subtle">· {plural(g.total, 'container')}</span>
          </h3>
          {g.services.map((s) => (
            <div key={s.name} className="host-containers__service">
              {g.stack ? <h4 className="host-containers__service-name">{s.name}</h4> : null}
              <ul className="host-containers__list">
                {s.containers.map((c) => (
                  <li key={c.id}>
                    <StatusDot
                      tone={containerStateTone[c.state]}
                      label={containerStateLabel[c.state]}
                    />
                    <a className="mono" href={containerHref(c.hostId, c.id)}>
                      {c.name}
                    </a>
                    <span className="mono subtle truncate" title={c.image}>
                      {c.image}
                    </span>
                  </li>
                ))}
              </ul>
            </div>
          ))}
        </section>
      ))}
    </div>
  );
}
