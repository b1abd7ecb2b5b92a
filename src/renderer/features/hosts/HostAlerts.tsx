// A host's alerts on its page: about the host itself (unreachable, CPU, memory) or one of its
// containers, open ones first, newest first.
import { useMemo } from 'react';
import { alertKindLabels } from '../../../shared/alerts';
import type { Host } from '../../../shared/types';
import { formatDateTime } from '../../lib/format';
import { useAlerts } from '../../stores/alerts';
import { useEnvironmentContainers } from '../../stores/containers';
import { AlertStatus, subjectHref } from '../alerts';

const SHOWN = 20;

export function HostAlerts({ host }: { host: Host }) {
  const alerts = useAlerts((s) => s.alerts);
  const status = useAlerts((s) => s.status);
  const entry = useEnvironmentContainers(host.environmentId);
  const mine = useMemo(() => {
    const names = new Set(
      (entry.items ?? []).filter((c) => c.hostId === host.id).map((c) => c.name),
    );
    return alerts
      .filter(
        (a) =>
          a.environmentId === host.environmentId &&
          ((a.subject.type === 'host' && a.subject.id === String(host.id)) ||
            (a.subject.type === 'container' && names.has(a.subject.name))),
      )
      .sort((a, b) => (a.state === b.state ? b.id - a.id : a.state === 'open' ? -1 : 1));
  }, [alerts, entry.items, host.id, host.environmentId]);

  if (status !== 'ready') return <p className="muted">Loading its alerts…</p>;
  if (mine.length === 0) return <p className="muted">No alerts about this host.</p>;
  return (
    <ul className="host-alerts" data-testid="host-alerts">
      {mine.slice(0, SHOWN).map((a) => (
        <li key={a.id} className="host-alerts__item">
          <AlertStatus alert={a} />
          <span className="host-alerts__what">
            <a href={subjectHref(a)}>{alertKindLabels[a.kind]}</a> · {a.message}
          </span>
          <span className="subtle tabular">
            {formatDateTime(a.raisedAt)}
            {a.resolvedAt ? ` – resolved ${formatDateTime(a.resolvedAt)}` : ''}
          </span>
        </li>
      ))}
      {mine.length > SHOWN ? (
        <li className="subtle">
          {mine.length - SHOWN} older on the <a href="#/events">Events</a> page
        </li>
      ) : null}
    </ul>
  );
}
