// What the console knows about a host, as a definition list: how it is reached, what the Swarm
// calls it, the machine, and when it was last seen. Unknown facts say so.
import type { ClusterNode, ContainerHostStatus, Host } from '../../../shared/types';
import { FactsGrid } from '../../components/FactsGrid';
import { formatBytes, formatDateTime } from '../../lib/format';
import { Fingerprint } from './Fingerprint';
import { hostAddress, jumpAddress, roleView } from './hostView';

const unknown = <span className="subtle">Not known</span>;

function lastSeen(host: Host, status: ContainerHostStatus | undefined) {
  if (host.state === 'connected' && status?.state === 'live') return 'Now (connected)';
  if (status?.lastSeenAt) return formatDateTime(status.lastSeenAt);
  return <span className="subtle">Not since the console started</span>;
}

export function HostFacts({
  host,
  node,
  containers,
}: {
  host: Host;
  /** Its Swarm node as the managers report it; undefined when not known. */
  node: ClusterNode | undefined;
  containers: ContainerHostStatus | undefined;
}) {
  const jump = jumpAddress(host);
  const facts: [string, React.ReactNode][] = [
    ['Address', <span className="mono">{hostAddress(host)}</span>],
    [
      'Jump host',
      jump ? <span className="mono">{jump}</span> : <span className="subtle">None</span>,
    ],
    ['SSH user', <span className="mono">{host.user}</span>],
    ['Host key', host.hostKey ? <Fingerprint value={host.hostKey} /> : unknown],
    ['Swarm hostname', node ? <span className="mono">{node.hostname}</span> : unknown],
    ['Role', node?.leader ? `${roleView[host.role].label} (leader)` : roleView[host.role].label],
    ['Availability', host.availability ?? unknown],
    [
      'Docker engine',
      host.dockerVersion ? <span className="mono">{host.dockerVersion}</span> : unknown,
    ],
    ['OS', host.os ?? unknown],
    ['Kernel', host.kernel ? <span className="mono">{host.kernel}</span> : unknown],
    ['CPUs', host.cpus ?? unknown],
    ['Memory', host.memoryBytes === null ? unknown : formatBytes(host.memoryBytes)],
    [
      'Disk',
      host.diskBytes !== null && host.diskFreeBytes !== null
        ? `${formatBytes(host.diskFreeBytes)} free of ${formatBytes(host.diskBytes)}`
        : unknown,
    ],
    ['Last seen', lastSeen(host, containers)],
  ];
  return <FactsGrid items={facts} testId="host-facts" />;
}
