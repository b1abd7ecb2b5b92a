// The environment's stacks: name, source, services, running/desired tasks, version. Live.
import type { Stack } from '../../../shared/types';
import { Badge } from '../../components/Badge';
import { ButtonLink } from '../../components/Button';
import { EmptyState } from '../../components/EmptyState';
import { PlusIcon, StacksIcon } from '../../components/Icons';
import { HealthBar } from './HealthBar';
import { stackHref } from './routes';
import { hrefFor } from '../../lib/router';

export function StackList({
  stacks,
  environmentName,
}: {
  stacks: Stack[];
  environmentName: string;
}) {
  if (stacks.length === 0) {
    return (
      <EmptyState
        icon={<StacksIcon size={28} />}
        title={`No stacks on ${environmentName} yet`}
        actions={
          <ButtonLink
            href={hrefFor('stacks', '~new')}
            variant="primary"
            icon={<PlusIcon size={16} />}
          >
            New stack
          </ButtonLink>
        }
      >
        <p>
          A stack is a group of services described by a compose file. Paste one, start from a
          template, or build it service by service. Stacks deployed with{' '}
          <code>docker stack deploy</code> show up here too.
        </p>
      </EmptyState>
    );
  }
  return (
    <div className="table-wrap">
      <table className="table stack-table">
        <caption className="visually-hidden">Stacks of {environmentName}</caption>
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Source</th>
            <th scope="col" className="table__cell--end">
              Services
            </th>
            <th scope="col">Tasks running</th>
            <th scope="col" className="table__cell--end">
              Version
            </th>
          </tr>
        </thead>
        <tbody>
          {stacks.map((s) => (
            <tr key={s.name}>
              <th scope="row">
                <a className="stack-table__name" href={stackHref(s.name)}>
                  {s.name}
                </a>
              </th>
              <td>
                <Badge tone={s.source === 'drover' ? 'accent' : 'neutral'}>
                  {s.source === 'drover' ? 'Drover' : 'docker CLI'}
                </Badge>
              </td>
              <td className="table__cell--end tabular">{s.services}</td>
              <td>
                <HealthBar running={s.runningTasks} desired={s.desiredTasks} />
              </td>
              <td className="table__cell--end tabular">{s.version ?? '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
