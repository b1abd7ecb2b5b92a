import { EmptyState } from '../../components/EmptyState';
import { StacksIcon } from '../../components/Icons';
import { LoadState } from '../../components/LoadState';
import { PageHeader } from '../../components/PageHeader';
import { plural } from '../../lib/format';
import { EnvironmentEyebrow } from '../environments/EnvironmentEyebrow';
import { NoHostsYet } from '../environments/NoHostsYet';
import { useEnvironmentScope } from '../environments/useEnvironmentScope';

export function StacksPage() {
  const { environment, hosts, status, error, retry } = useEnvironmentScope();
  const name = environment?.name ?? '…';
  const managers = hosts.filter((h) => h.role === 'manager').length;

  return (
    <div className="page">
      <PageHeader
        eyebrow={<EnvironmentEyebrow />}
        title="Stacks"
        description="Groups of services described by a Compose file, deployed onto the environment’s Swarm."
      />
      <div className="surface">
        <LoadState status={status} error={error} what="the environment" onRetry={retry}>
          {hosts.length === 0 ? (
            <NoHostsYet
              environmentName={name}
              icon={<StacksIcon size={28} />}
              reason="stacks run on the environment’s Swarm"
            />
          ) : managers === 0 ? (
            <EmptyState icon={<StacksIcon size={28} />} title={`${name} has no Swarm manager yet`}>
              <p>
                Stacks are deployed through a Swarm manager. None of {name}’s{' '}
                {plural(hosts.length, 'host')} is a manager yet.
              </p>
            </EmptyState>
          ) : (
            <EmptyState
              icon={<StacksIcon size={28} />}
              title="Stacks aren’t listed in this version yet"
            >
              <p>
                {name}’s Swarm has {plural(managers, 'manager')} among{' '}
                {plural(hosts.length, 'host')}. Its stacks — including those deployed with{' '}
                <code>docker stack deploy</code> — will be listed here.
              </p>
            </EmptyState>
          )}
        </LoadState>
      </div>
    </div>
  );
}
