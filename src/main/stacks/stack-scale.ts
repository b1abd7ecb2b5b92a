// Scaling one service: the new replicas on the cluster and in the stack's document, the wait for
// its tasks, and a redeploy where a load balancer has outgrown its backend slots.
import type Docker from 'dockerode';
import { DroverError } from '../../shared/errors.js';
import type { StackServiceInfo } from '../../shared/types.js';
import { progressReporter } from '../operations/progress.js';
import { outgrownLbs } from '../lb/slots.js';
import { loadCompose } from './compose.js';
import * as lifecycle from './service-lifecycle.js';
import { waitForTasks } from './wait-for-tasks.js';
import type { RawService } from '../swarm/objects.js';
import { LABEL_NAMESPACE } from '../swarm/labels.js';
import type { StackContext } from './stack-context.js';
import { keepDocument } from './stack-documents.js';
import { listServices } from './stack-read.js';
import { redeployVersion } from './stack-deploy.js';

export async function scaleService(
  ctx: StackContext,
  environmentId: number,
  name: string,
  replicas: number,
  operationId?: string,
  actor = 'unknown',
): Promise<StackServiceInfo> {
  const progress = progressReporter(ctx.d.events, operationId, environmentId);
  const docker = ctx.d.swarm.manager(environmentId);
  const service = await lifecycle.inspectService(docker, name);
  if (!service.Spec.Mode?.Replicated) {
    throw new DroverError(
      'PRECONDITION_FAILED',
      `${name} is a global service: it runs one task per node and cannot be scaled`,
    );
  }
  const spec = { ...service.Spec, Mode: { Replicated: { Replicas: replicas } } };
  await docker
    .getService(service.ID)
    .update({ _query: { version: service.Version.Index }, _body: spec });
  progress('scale', 'done', `${name} scaled to ${replicas}`);
  await keepDocument(ctx, docker, environmentId, service, { replicas }, actor, progress);
  ctx.changed(environmentId);
  await waitForTasks(docker, [name], progress, ctx.convergeTimeoutMs);
  await regenerateOutgrownLbs(ctx, docker, environmentId, service, replicas, actor, operationId);
  const [info] = (await listServices(ctx, environmentId)).filter((s) => s.name === name);
  ctx.changed(environmentId);
  return info!;
}

/**
 * A load balancer keeps a fixed number of backend slots per target (server-template); a scale
 * beyond them redeploys the stack's document (which now has the new replicas), so the LB's
 * rules tier rolls, start-first, to a configuration with room for them.
 */
async function regenerateOutgrownLbs(
  ctx: StackContext,
  docker: Docker,
  environmentId: number,
  service: RawService,
  replicas: number,
  actor: string,
  operationId?: string,
): Promise<void> {
  const stack = service.Spec.Labels?.[LABEL_NAMESPACE];
  if (!stack) return;
  const short = lifecycle.shortName(service);
  const lbs = await outgrownLbs(docker, stack, short, replicas);
  if (!lbs.length) return;
  const progress = progressReporter(ctx.d.events, operationId);
  const stored = ctx.d.stacks.find(environmentId, stack);
  const latest = stored && ctx.d.stacks.versions(stored.id).at(-1);
  const loaded = latest && loadCompose(latest.compose, { env: latest.env });
  const inDocument =
    loaded && loaded.ok && loaded.model.services.find((s) => s.name === short)?.deploy.replicas;
  if (!latest || inDocument !== replicas) {
    progress(
      'lb',
      'warn',
      `${short} has more replicas than load balancer ${lbs.join(', ')} has backend slots; redeploy the stack to give it room`,
    );
    return;
  }
  progress(
    'lb',
    'done',
    `Load balancer ${lbs.join(', ')} needs more backend slots for ${short}: redeploying the stack`,
  );
  await redeployVersion(ctx, latest, {
    environmentId,
    name: stack,
    operationId,
    actor,
    note: `load balancer ${lbs.join(', ')} regenerated for ${replicas} ${short} replicas`,
  });
}
