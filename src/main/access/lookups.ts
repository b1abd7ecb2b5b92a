// The policy's questions about objects named in arguments, answered from the store and the
// container model (in-process and fast); only a Swarm service's stack label is asked of the
// cluster, and only for memberships limited to stacks.
import type { AlertStore } from '../alerts/store.js';
import type { ContainerService } from '../containers/service.js';
import type { HostRepository } from '../hosts/repository.js';
import type { RegistryRepository } from '../registries/repository.js';
import { unlessNotFound } from '../swarm/engine-error.js';
import type { ManagerAccess } from '../swarm/gateway.js';
import { LABEL_NAMESPACE } from '../swarm/labels.js';
import type { RawService } from '../swarm/objects.js';
import type { Lookups } from './policy.js';
import type { SessionStore } from './sessions.js';
import type { UserStore } from './users.js';

export interface LookupSources {
  hosts: HostRepository;
  registries: RegistryRepository;
  alerts: AlertStore;
  containers: ContainerService;
  sessions: SessionStore;
  swarm: ManagerAccess;
  users: UserStore;
}

export function storeLookups(s: LookupSources): Lookups {
  const orNull = <T>(read: () => T): T | null => {
    try {
      return read();
    } catch {
      return null; // NOT_FOUND: refused to users, the handler answers admins
    }
  };
  return {
    hostEnvironment: (id) => orNull(() => s.hosts.get(id).environmentId),
    registryEnvironment: (id) => orNull(() => s.registries.get(id).environmentId),
    alerts: (ids) =>
      ids.flatMap((id) => {
        const alert = orNull(() => s.alerts.get(id));
        return alert ? [{ environmentId: alert.environmentId, stack: alert.subject.stack }] : [];
      }),
    containerStack: (environmentId, hostId, ref) => {
      const found = s.containers
        .list(environmentId)
        .containers.find(
          (c) =>
            (hostId === undefined || c.hostId === hostId) &&
            (c.name === ref || c.id.startsWith(ref)),
        );
      return found?.stack ?? null;
    },
    sessionUser: (id) => orNull(() => s.sessions.get(id).userId),
    tokenOwner: (id) => orNull(() => s.users.token(id).user),
    serviceStack: async (environmentId, service) => {
      const docker = s.swarm.manager(environmentId);
      const found = (await unlessNotFound(docker.getService(service).inspect())) as
        RawService | undefined;
      return found?.Spec.Labels?.[LABEL_NAMESPACE] ?? null;
    },
  };
}
