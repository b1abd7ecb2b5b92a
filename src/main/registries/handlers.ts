// Contract handlers for registry logins; spread into the core's handler table.
import type { AuditTargets, Handlers } from '../rpc/dispatcher.js';
import type { RegistryRepository } from './repository.js';
import type { RegistryService } from './service.js';

type RegistryHandlers = Pick<
  Handlers,
  'registry.list' | 'registry.add' | 'registry.update' | 'registry.remove' | 'registry.test'
>;

export function registryHandlers(registries: RegistryService): RegistryHandlers {
  return {
    'registry.list': ({ environmentId }) => registries.list(environmentId),
    'registry.add': (args) => registries.add(args),
    'registry.update': (args) => registries.update(args),
    'registry.remove': ({ id }) => {
      registries.remove(id);
      return null;
    },
    'registry.test': ({ id }) => registries.test(id),
  };
}

/** Audit targets name the registry and user; the password is redacted from the details. */
export function registryAuditTargets(repository: RegistryRepository): AuditTargets {
  const named = ({ id }: { id: number }) => {
    const stored = repository.get(id);
    return `${stored.username}@${stored.address}`;
  };
  return {
    'registry.add': ({ address, username }) => `${username}@${address}`,
    'registry.update': named,
    'registry.remove': named,
    'registry.test': named,
  };
}
