// The Swarm tasks of the container's slot, newest first: what ran here before and how it ended.
import type { ContainerDetails } from '../../../shared/container-details';
import { formatDateTime } from '../../lib/format';

export function TaskHistory({ details }: { details: ContainerDetails }) {
  if (details.tasks === null)
    return <p className="muted">Not a Swarm task: it has no task history.</p>;
  return (
    <>
      {details.tasksError ? (
        <p className="muted" role="note">
          The task history could not be read: {details.tasksError}
        </p>
      ) : null}
      {details.tasks.length > 0 ? (
        <div className="table-wrap">
          <table className="table" data-testid="task-history">
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">State</th>
                <th scope="col">Desired</th>
                <th scope="col">Message</th>
                <th scope="col">Container</th>
              </tr>
            </thead>
            <tbody>
              {details.tasks.map((t) => (
                <tr key={t.id} className={t.containerId === details.id ? 'is-current' : undefined}>
                  <td className="tabular">{t.timestamp ? formatDateTime(t.timestamp) : '—'}</td>
                  <td>{t.state}</td>
                  <td className="muted">{t.desiredState}</td>
                  <td>
                    {t.message}
                    {t.error ? <span className="task-history__error"> · {t.error}</span> : null}
                  </td>
                  <td className="mono">
                    {t.containerId === details.id
                      ? 'this one'
                      : (t.containerId?.slice(0, 12) ?? '—')}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : details.tasksError ? null : (
        <p className="muted">Swarm keeps no earlier task of this slot.</p>
      )}
    </>
  );
}
