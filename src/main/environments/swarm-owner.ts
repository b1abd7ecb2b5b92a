// A Swarm belongs to one environment of a console: two environments driving one cluster would
// defeat access control per environment (and confuse every view of it).
import { DroverError } from '../../shared/errors.js';
import type { EnvironmentRepository } from './repository.js';

/** Refuses, naming the holder, a Swarm another environment of this console holds already. */
export function assertSwarmFree(
  environments: Pick<EnvironmentRepository, 'list'>,
  swarmId: string | undefined,
  environmentId: number,
): void {
  if (!swarmId) return;
  const holder = environments.list().find((e) => e.swarmId === swarmId && e.id !== environmentId);
  if (holder) {
    throw new DroverError(
      'CONFLICT',
      `This host's Swarm belongs to environment "${holder.name}" already: add the host there, or ` +
        `run "docker swarm leave" on it first.`,
    );
  }
}
