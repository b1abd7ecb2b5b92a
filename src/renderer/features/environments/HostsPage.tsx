import { useEffect } from 'react';
import { EmptyState } from '../../components/EmptyState';
import { HostsIcon } from '../../components/Icons';
import { LoadState } from '../../components/LoadState';
import { PageHeader } from '../../components/PageHeader';
import { Panel } from '../../components/Panel';
import { plural } from '../../lib/format';
import { EnvironmentEyebrow } from './EnvironmentEyebrow';
import { EnvironmentsPanel } from './EnvironmentsPanel';
import { HostsTable } from './HostsTable';
import { useEnvironmentScope } from './useEnvironmentScope';

export function HostsPage({ section }: { section: string | null }) {
  const { environment, hosts, status, error, retry } = useEnvironmentScope();

  // "#/hosts/environments" (from the environment menu) lands on the environments panel.
  useEffect(() => {
    if (section !== 'environments') return;
    const heading = document.getElementById('environments-title');
    heading?.scrollIntoView({ block: 'start' });
    heading?.focus({ preventScroll: true });
  }, [section]);

  const name = environment?.name ?? '…';

  return (
    <div className="page">
      <PageHeader
        eyebrow={<EnvironmentEyebrow />}
        title="Environments & Hosts"
        description="The Linux hosts of the current environment, and the environments this console manages."
      />
      <Panel
        titleId="hosts-title"
        title={`Hosts in ${name}`}
        description={[
          environment?.description,
          hosts.length > 0
            ? `${plural(hosts.length, 'host')}, together forming ${name}’s Docker Swarm.`
            : null,
        ]
          .filter(Boolean)
          .join(' · ')}
        flush
      >
        <LoadState status={status} error={error} what="hosts" onRetry={retry}>
          {hosts.length > 0 ? (
            <HostsTable hosts={hosts} environmentName={name} />
          ) : (
            <EmptyState level={3} icon={<HostsIcon size={28} />} title={`No hosts in ${name} yet`}>
              <p>
                A host is a Linux machine with Docker and an SSH server. Drover reaches each host’s
                Docker over SSH — there is no agent to install — and joins the hosts of an
                environment into one Docker Swarm.
              </p>
              <p>
                Hosts are added over SSH: an address, a user, and an identity (your SSH agent, a key
                file or a password). The host key is pinned on first contact.
              </p>
            </EmptyState>
          )}
        </LoadState>
      </Panel>
      <EnvironmentsPanel />
    </div>
  );
}
