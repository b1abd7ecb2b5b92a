// What every host operation works with: the hosts domain's dependencies and the helpers they
// share (which managers are connected, telling the shells that hosts changed).
import type { Host } from '../../shared/types.js';
import type { BackupService } from '../backup/service.js';
import type { EnvironmentRepository } from '../environments/repository.js';
import type { EventBus } from '../events/bus.js';
import type { SecretBox } from '../secrets/secret-box.js';
import type { ManagerAccess, SwarmGateway } from '../swarm/gateway.js';
import type { HostConnections } from './connections.js';
import type { HostRepository } from './repository.js';

export interface HostServiceDeps {
  /** The environment's managers (followers first, with failover); which ones answer now. */
  swarm: ManagerAccess & Pick<SwarmGateway, 'isAnswering'>;
  hosts: HostRepository;
  environments: EnvironmentRepository;
  connections: HostConnections;
  events: EventBus;
  box: SecretBox;
  knownHostsFile?: string;
  sshConfigPath?: string;
  /** How long a drain may take before removal gives up. */
  drainTimeoutMs?: number;
  backups?: Pick<BackupService, 'beforeRemoving'>;
}

export interface HostContext {
  readonly d: HostServiceDeps;
  isConnected(hostId: number): boolean;
  /** The environment's managers whose SSH connection is up. */
  connectedManagers(environmentId: number): Host[];
  /** Tells every shell that hosts and environments changed. */
  publish(): void;
}

export function hostContext(d: HostServiceDeps): HostContext {
  const isConnected = (id: number) => {
    try {
      return d.connections.get(id).status.state === 'connected';
    } catch {
      return false;
    }
  };
  return {
    d,
    isConnected,
    connectedManagers: (environmentId) =>
      d.hosts.list(environmentId).filter((h) => h.role === 'manager' && isConnected(h.id)),
    publish: () => {
      d.events.publish('host.changed', d.hosts.list());
      d.events.publish('env.changed', d.environments.list());
    },
  };
}
