// The environment's stacks: name, source, services, running/desired tasks, version. Live, with
// a search by stack, service or image name.
import { useDeferredValue, useMemo, useState } from 'react';
import type { Stack } from '../../../shared/types';
import { Badge } from '../../components/Badge';
import { ButtonLink } from '../../components/Button';
import { EmptyState } from '../../components/EmptyState';
import { PlusIcon, StacksIcon } from '../../components/Icons';
import { SearchField } from '../../components/SearchField';
import { plural } from '../../lib/format';
import { HealthBar } from './HealthBar';
import { indexStacks } from './stackSearch';
import { stackHref } from './routes';
import { hrefFor } from '../../lib/router';

export function StackList({
  stacks,
  environmentName,
}: {
  stacks: Stack[];
  environmentName: string;
}) {
  const [query, setQuery] = useState('');
  // Typing stays responsive on big lists: the table follows the query when React has time.
  const deferred = useDeferredValue(query);
  const index = useMemo(() => indexStacks(stacks), [stacks]);
  const hits = useMemo(() => index.search(deferred), [index, deferred]);
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
    <div className="stack-list">
      <div className="stack-list__toolbar">
        <SearchField
          pageSearch
          label="Search stacks"
          placeholder="Search stacks, services, images"
          value={query}
          onChange={setQuery}
          onKeyDown={(e) => {
            if (e.key === 'Escape' && query) {
              e.preventDefault();
              e.stopPropagation();
              setQuery('');
            }
          }}
        />
        <span className="muted tabular" role="status">
          {deferred.trim()
            ? `${hits.length} of ${plural(stacks.length, 'stack')}`
            : plural(stacks.length, 'stack')}
        </span>
      </div>
      {hits.length === 0 ? (
        <p className="stack-list__none">
          No stack, service or image matches “{deferred.trim()}”.{' '}
          <button type="button" className="link-button" onClick={() => setQuery('')}>
            Clear the search
          </button>
        </p>
      ) : (
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
              {hits.map(({ stack: s, via }) => (
                <tr key={s.name}>
                  <th scope="row">
                    <a className="stack-table__name" href={stackHref(s.name)}>
                      {s.name}
                    </a>
                    {via.length ? (
                      <span className="stack-table__via muted">{via.join(' · ')}</span>
                    ) : null}
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
      )}
    </div>
  );
}
