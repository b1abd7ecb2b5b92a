// Removing a stack as docker stack rm does: services, secrets, configs, then networks, each
// removal whose answer was lost checked against the cluster.
import { DroverError } from '../../shared/errors.js';
import { NoAnswerError, removeChecked, unlessNotFound } from '../swarm/engine-error.js';
import { retry, waitFor } from '../swarm/poll.js';
import { progressReporter, step } from '../operations/progress.js';
import type { RawService } from '../swarm/objects.js';
import { LABEL_NAMESPACE } from '../swarm/labels.js';
import type { StackContext } from './stack-context.js';

export async function removeStack(
  ctx: StackContext,
  environmentId: number,
  name: string,
  operationId?: string,
): Promise<void> {
  await ctx.d.backups?.beforeRemoving('stack');
  const progress = progressReporter(ctx.d.events, operationId, environmentId);
  const docker = ctx.d.swarm.manager(environmentId);
  const filters = { label: [`${LABEL_NAMESPACE}=${name}`] };
  const services = (await docker.listServices({ filters })) as unknown as RawService[];
  const networks = (await docker.listNetworks({ filters })) as { Id: string; Name: string }[];
  const configs = (await docker.listConfigs({ filters })) as unknown as {
    ID: string;
    Spec: { Name: string };
  }[];
  const secrets = (await docker.listSecrets({ filters })) as unknown as {
    ID: string;
    Spec: { Name: string };
  }[];
  if (
    !services.length &&
    !networks.length &&
    !configs.length &&
    !secrets.length &&
    !ctx.d.stacks.find(environmentId, name)
  ) {
    throw new DroverError('NOT_FOUND', `Nothing found in stack: ${name}`);
  }
  // docker stack rm's order: services, secrets, configs, networks. A removal whose answer was
  // lost is checked: done if the object is gone.
  const gone = (handle: { inspect(): Promise<unknown> }) => async () =>
    (await unlessNotFound(handle.inspect())) !== undefined;
  for (const s of services) {
    const handle = docker.getService(s.ID);
    await step(progress, `service:${s.Spec.Name}`, `Removing service ${s.Spec.Name}`, () =>
      removeChecked(() => handle.remove(), gone(handle)),
    );
  }
  for (const s of secrets) {
    const handle = docker.getSecret(s.ID);
    await step(progress, `secret:${s.Spec.Name}`, `Removing secret ${s.Spec.Name}`, () =>
      removeChecked(() => handle.remove(), gone(handle)),
    );
  }
  for (const c of configs) {
    const handle = docker.getConfig(c.ID);
    await step(progress, `config:${c.Spec.Name}`, `Removing config ${c.Spec.Name}`, () =>
      removeChecked(() => handle.remove(), gone(handle)),
    );
  }
  for (const n of networks) {
    // A network is busy until the removed services' tasks have stopped.
    const handle = docker.getNetwork(n.Id);
    await step(progress, `network:${n.Name}`, `Removing network ${n.Name}`, () =>
      retry(() => removeChecked(() => handle.remove(), gone(handle)), {
        timeoutMs: 30_000,
        retryable: (error) => !(error instanceof NoAnswerError),
      }),
    );
  }
  // Removal of a swarm network completes once the stopped tasks have let go of it.
  const released = await waitFor(async () => !(await docker.listNetworks({ filters })).length, {
    timeoutMs: 20_000,
  });
  if (!released) progress('network', 'warn', 'Some networks of the stack are still being removed');
  ctx.d.stacks.remove(environmentId, name);
  ctx.changed(environmentId);
}
