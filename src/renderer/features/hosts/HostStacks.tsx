// "Containers by stack" on a host card: live from the shared containers store; when the host's
// containers are not followed live, it says so instead of counting what it cannot vouch for.
import { useMemo } from 'react';
import type { Host } from '../../../shared/types';
import { plural } from '../../lib/format';
import { useEnvironmentContainers } from '../../stores/containers';
import { unknownSince } from '../../lib/hostState';
import { groupByStack } from './hostStacks';

export function HostStacks({ host }: { host: Host }) {
  const entry = useEnvironmentContainers(host.environmentId);
  const groups = useMemo(() => groupByStack(entry.items ?? [], host.id), [entry.items, host.id]);
  const status = entry.hosts?.find((h) => h.hostId === host.id);
  if (!entry.items || status?.state === 'loading')
    return <p className="host-card__none">Loading its containers…</p>;
  return (
    <>
      {status?.state === 'unknown' ? (
        <p className="host-card__none" data-testid="host-stacks-unknown">
          {unknownSince(status.lastSeenAt)}
          {groups.length > 0 ? '; as last seen:' : ''}
        </p>
      ) : groups.length === 0 ? (
        <p className="host-card__none">No containers on this host.</p>
      ) : null}
      {groups.map((g) => (
        <div key={g.stack ?? ''} className="host-card__stack" data-testid="host-stack">
          <div className="host-card__stack-name">
            {g.stack ?? 'Other containers'} · {plural(g.total, 'container')}
          </div>
          <ul className="host-card__stack-services">
            {g.services.map((s) => (
              <li key={s.name}>
                {s.name}: {s.running} running
                {Object.entries(s.others).map(([state, n]) => `, ${n} ${state}`)}
              </li>
            ))}
          </ul>
        </div>
      ))}
    </>
  );
}
