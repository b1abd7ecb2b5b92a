import { EmptyState } from '../../components/EmptyState';
import { ContainersIcon } from '../../components/Icons';
import { LoadState } from '../../components/LoadState';
import { PageHeader } from '../../components/PageHeader';
import { plural } from '../../lib/format';
import { EnvironmentEyebrow } from '../environments/EnvironmentEyebrow';
import { NoHostsYet } from '../environments/NoHostsYet';
import { useEnvironmentScope } from '../environments/useEnvironmentScope';

export function ContainersPage() {
  const { environment, hosts, status, error, retry } = useEnvironmentScope();
  const name = environment?.name ?? '…';
  const connected = hosts.filter((h) => h.state === 'connected').length;

  return (
    <div className="page">
      <PageHeader
        eyebrow={<EnvironmentEyebrow />}
        title="Containers"
        description="The containers running on the environment’s hosts, with their logs, shell and stats."
      />
      <div className="surface">
        <LoadState status={status} error={error} what="the environment" onRetry={retry}>
          {hosts.length === 0 ? (
            <NoHostsYet
              environmentName={name}
              icon={<ContainersIcon size={28} />}
              reason="containers run on the environment’s hosts"
            />
          ) : (
            <EmptyState
              icon={<ContainersIcon size={28} />}
              title="Containers aren’t listed in this version yet"
            >
              <p>
                {connected} of {plural(hosts.length, 'host')} in {name}{' '}
                {connected === 1 ? 'is' : 'are'} connected. Their containers will be listed here.
              </p>
            </EmptyState>
          )}
        </LoadState>
      </div>
    </div>
  );
}
