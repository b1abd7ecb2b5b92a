import { hrefFor } from '../../lib/router';
import { ButtonLink } from '../../components/Button';
import { EmptyState } from '../../components/EmptyState';
import { PlusIcon, StacksIcon } from '../../components/Icons';
import { LoadState } from '../../components/LoadState';
import { plural } from '../../lib/format';
import { refreshList, useStackList } from '../../stores/stacks';
import { EnvironmentPage } from '../../components/EnvironmentPage';
import { NoHostsYet } from '../../components/NoHostsYet';
import { useEnvironmentScope } from '../../stores/environmentScope';
import { TopologyView } from '../topology';
import { Deferred } from '../../components/Deferred';
import { parseSection } from './routes';
import { StackDetail } from './StackDetail';
import { StackEditor } from './StackEditor';
import { StackList } from './StackList';
import './stacks.css';

export function StacksPage({ section }: { section: string | null }) {
  const { environment, hosts, status, error, retry } = useEnvironmentScope();
  const name = environment?.name ?? '…';
  const managers = hosts.filter((h) => h.role === 'manager').length;
  const route = parseSection(section);
  const usable = status === 'ready' && hosts.length > 0 && managers > 0;
  const list = useStackList(usable ? environment?.id : undefined);

  return (
    <EnvironmentPage
      title="Stacks"
      description="Groups of services described by a Compose file, deployed onto the environment’s Swarm."
      actions={
        usable && route.view === 'list' ? (
          <ButtonLink
            href={hrefFor('stacks', '~new')}
            variant="primary"
            icon={<PlusIcon size={16} />}
          >
            New stack
          </ButtonLink>
        ) : null
      }
    >
      <div className="surface">
        <LoadState status={status} error={error} what="the environment" onRetry={retry}>
          {hosts.length === 0 ? (
            <NoHostsYet
              environmentName={name}
              icon={<StacksIcon size={28} />}
              reason="stacks run on the environment’s Swarm"
            />
          ) : managers === 0 || !environment ? (
            <EmptyState icon={<StacksIcon size={28} />} title={`${name} has no Swarm manager yet`}>
              <p>
                Stacks are deployed through a Swarm manager. None of {name}’s{' '}
                {plural(hosts.length, 'host')} is a manager yet.
              </p>
            </EmptyState>
          ) : route.view === 'new' ? (
            <StackEditor environmentId={environment.id} environmentName={name} />
          ) : route.view === 'stack' ? (
            <StackDetail
              key={route.name}
              environmentId={environment.id}
              environmentName={name}
              name={route.name}
              tab={route.tab}
            />
          ) : (
            <div className="stacks-body">
              <nav className="tabs" aria-label="Stacks views">
                <a
                  href={hrefFor('stacks')}
                  className={`tabs__tab${route.tab === 'stacks' ? ' is-current' : ''}`}
                  aria-current={route.tab === 'stacks' ? 'page' : undefined}
                >
                  List
                </a>
                <a
                  href={hrefFor('stacks', '~topology')}
                  className={`tabs__tab${route.tab === 'topology' ? ' is-current' : ''}`}
                  aria-current={route.tab === 'topology' ? 'page' : undefined}
                >
                  Topology
                </a>
              </nav>
              {route.tab === 'topology' ? (
                <Deferred what="the topology">
                  <TopologyView environmentId={environment.id} />
                </Deferred>
              ) : (
                <LoadState
                  status={list.status}
                  error={list.error}
                  what="the stacks"
                  onRetry={() => void refreshList(environment.id)}
                >
                  <StackList stacks={list.data ?? []} environmentName={name} />
                </LoadState>
              )}
            </div>
          )}
        </LoadState>
      </div>
    </EnvironmentPage>
  );
}
