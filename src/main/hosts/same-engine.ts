// One Docker engine is one host. The same engine reached a second time (another address, a TCP
// relay, a DNS alias) would be joined to the Swarm again, which broke that host's Swarm
// networking in a test run: refused at add time by the engine's identity and its Swarm node ID.
// Docker's engine ID comes from /etc/docker/key.json, which machines cloned from one image (and
// the lab's hosts) share: the identity is that ID with the engine's hostname.
import type Docker from 'dockerode';
import { DroverError } from '../../shared/errors.js';
import type { EnvironmentRepository } from '../environments/repository.js';
import type { HostRepository } from './repository.js';

export interface EngineIdentity {
  /** GET /info `ID@Name`: the engine's identity, kept with the host's facts. */
  engineId: string;
  nodeId?: string;
  /** The host's own hostname (GET /info `Name`), which Swarm names its node by. */
  hostname?: string;
}

/** The engine's ID and hostname from GET /info ('' when it reports no ID). */
export function engineIdentity(info: { ID?: string; Name?: string }): string {
  return info.ID ? `${info.ID}@${info.Name ?? ''}` : '';
}

/** The engine's identity, or a refusal naming the stored host that is already this engine. */
export async function refuseSameEngine(
  docker: Docker,
  address: string,
  hosts: HostRepository,
  environments: EnvironmentRepository,
): Promise<EngineIdentity> {
  const info = (await docker.info()) as { ID?: string; Name?: string; Swarm?: { NodeID?: string } };
  const engineId = engineIdentity(info);
  const nodeId = info.Swarm?.NodeID || undefined;
  if (!engineId) {
    throw new DroverError('UNAVAILABLE', `The Docker engine at ${address} did not report its ID`);
  }
  const same =
    hosts.withEngine(engineId) ??
    (nodeId ? hosts.list().find((h) => h.nodeId === nodeId) : undefined);
  if (same) {
    const environment = environments.get(same.environmentId).name;
    throw new DroverError(
      'CONFLICT',
      `${address} is the Docker engine of host "${same.name}" (${same.address}:${same.port}, ` +
        `environment "${environment}") reached another way: same engine (ID and hostname ${engineId}). ` +
        `One engine is added once; adding it twice would join it to the Swarm again.`,
    );
  }
  return { engineId, nodeId, hostname: info.Name || undefined };
}
