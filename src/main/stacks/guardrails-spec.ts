// The deploy guardrails over a service's Swarm spec, for changes that run a spec again without a
// compose file (an image update runs the current spec, Swarm's rollback the previous one): a
// restricted member may not start tasks of a spec an owner was allowed to write.
import type Docker from 'dockerode';
import { DroverError } from '../../shared/errors.js';
import { hostSourceProblem, type DeployGuard } from './guardrails.js';
import { refusalText, type Refusal } from './refusal.js';

type Json = Record<string, unknown>;

/** What in the spec breaks a guardrail; `hostNetworkIds` are the ids of the `host` network. */
export function specRefusals(
  name: string,
  spec: Json | undefined,
  guard: DeployGuard,
  hostNetworkIds: readonly string[],
): Refusal[] {
  const template = (spec?.TaskTemplate ?? {}) as Json;
  const container = (template.ContainerSpec ?? {}) as Json;
  const refusals: Refusal[] = [];
  const refuse = (field: string, what: string) =>
    refusals.push({
      service: name,
      field,
      message: `${what}: a restricted member may not run this service's spec`,
    });
  if (((container.CapabilityAdd as unknown[] | undefined) ?? []).length > 0)
    refuse('ContainerSpec.CapabilityAdd', 'added capabilities');
  for (const mount of (container.Mounts as Json[] | undefined) ?? []) {
    const options = ((mount.VolumeOptions as Json | undefined)?.DriverConfig as Json | undefined)
      ?.Options as Record<string, string> | undefined;
    const boundVolume =
      mount.Type === 'volume' && options?.device && (options.o ?? '').split(',').includes('bind');
    const source =
      mount.Type === 'bind' ? String(mount.Source) : boundVolume ? options.device : undefined;
    const problem =
      mount.Type === 'npipe'
        ? 'a named pipe of the host'
        : source !== undefined
          ? hostSourceProblem(source, guard)
          : undefined;
    if (problem) refuse('ContainerSpec.Mounts', problem);
  }
  const networks = [
    ...((template.Networks as Json[] | undefined) ?? []),
    ...((spec?.Networks as Json[] | undefined) ?? []),
  ];
  if (networks.some((n) => n.Target === 'host' || hostNetworkIds.includes(String(n.Target))))
    refuse('Networks', 'the host network');
  return refusals;
}

/** Throws FORBIDDEN naming every guardrail the spec breaks. */
export async function assertSpecAllowed(
  docker: Docker,
  name: string,
  spec: Json | undefined,
  guard: DeployGuard,
): Promise<void> {
  // The name filter matches parts of names too: only the network called exactly `host`.
  const found = (await docker.listNetworks({ filters: { name: ['host'] } })) as {
    Id: string;
    Name: string;
  }[];
  const hostIds = found.filter((n) => n.Name === 'host').map((n) => n.Id);
  const refusals = specRefusals(name, spec, guard, hostIds);
  if (refusals.length) throw guardrailError(refusals.map(refusalText));
}

/** The refusal a restricted member gets: FORBIDDEN, each reason on a line of its own. */
export function guardrailError(reasons: string[]): DroverError {
  return new DroverError(
    'FORBIDDEN',
    `Refused by the deploy guardrails of a restricted member; nothing was changed:\n${reasons
      .map((r) => `  ${r}`)
      .join('\n')}`,
    { reason: 'guardrails', role: 'member' },
  );
}
