import { useState } from 'react';
import type { Environment, Host } from '../../../shared/types';
import { Button } from '../../components/Button';
import { EmptyState } from '../../components/EmptyState';
import { HostsIcon, PlusIcon } from '../../components/Icons';
import { useClusterSummary } from '../../stores/cluster';
import { ClusterSummaryBar } from './ClusterSummary';
import { FirstRun, LOCALHOST } from './FirstRun';
import { useLabRun } from './labRun';
import type { ConnectionForm } from './addHostForm';
import { HostCard } from './HostCard';
import { HostDialogs, type OpenHostDialog } from './HostDialogs';

/** The hosts of one environment: the Swarm summary, then a card per host. */
export function HostsSection({
  environment,
  hosts,
  onAddHost,
}: {
  environment: Environment;
  hosts: readonly Host[];
  /** Opens the Add Host wizard, prefilled (this machine's own Docker) or empty. */
  onAddHost(prefill?: Partial<ConnectionForm>): void;
}) {
  const cluster = useClusterSummary(environment.id);
  const [dialog, setDialog] = useState<OpenHostDialog | null>(null);

  const nodes = cluster?.summary?.environmentId === environment.id ? cluster.summary.nodes : [];
  const leaderHostId = nodes.find((n) => n.leader)?.hostId ?? null;
  const managers = hosts.filter((h) => h.role === 'manager').length;
  // A lab start adds hosts one by one: its progress stays after the empty state has gone.
  const labRunHere = useLabRun((s) => s.environmentId === environment.id);

  return (
    <>
      <ClusterSummaryBar environment={environment} hosts={hosts} entry={cluster} />
      {hosts.length > 0 && labRunHere ? (
        <FirstRun environment={environment} onAddLocalhost={() => onAddHost(LOCALHOST)} />
      ) : null}
      {hosts.length > 0 ? (
        <ul className="host-grid" aria-label={`Hosts in ${environment.name}`}>
          {hosts.map((host) => (
            <li key={host.id} className="host-grid__item">
              <HostCard
                host={host}
                leader={leaderHostId === host.id}
                managers={managers}
                onOpenDialog={(kind, h) => setDialog({ kind, host: h })}
              />
            </li>
          ))}
        </ul>
      ) : (
        <>
          <EmptyState
            level={3}
            icon={<HostsIcon size={28} />}
            title={`No hosts in ${environment.name} yet`}
            actions={
              <Button variant="primary" icon={<PlusIcon size={16} />} onClick={() => onAddHost()}>
                Add host
              </Button>
            }
          >
            <p>
              A host is a Linux machine with Docker and an SSH server. Drover reaches each host’s
              Docker over SSH — there is no agent to install — and joins the hosts of an environment
              into one Docker Swarm.
            </p>
            <p>
              Hosts are added over SSH: an address, a user, and an identity (your SSH agent, a key
              file or a password). The host key is pinned on first contact.
            </p>
          </EmptyState>
          <FirstRun environment={environment} onAddLocalhost={() => onAddHost(LOCALHOST)} />
        </>
      )}
      <HostDialogs dialog={dialog} hosts={hosts} onClose={() => setDialog(null)} />
    </>
  );
}
