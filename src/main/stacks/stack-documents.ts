// A stack's compose document, kept in the database and on the cluster: which copy is current
// (adopting the cluster's when the database has none), the next version number, and a new
// version recorded when a change made to one service (scale, image, rollback) edits it.
import type Docker from 'dockerode';
import type { Progress } from '../operations/progress.js';
import { editService, type ServiceEdit } from './compose-edit.js';
import { composeDocuments, keepComposeDocument } from './deploy.js';
import { rebuildCompose, storedDocument } from './inventory.js';
import * as lifecycle from './service-lifecycle.js';
import type { RawService } from '../swarm/objects.js';
import { LABEL_NAMESPACE } from '../swarm/labels.js';
import type { StackContext } from './stack-context.js';

export async function nextVersion(
  ctx: StackContext,
  docker: Docker,
  environmentId: number,
  name: string,
) {
  const stored = ctx.d.stacks.find(environmentId, name);
  const onCluster = await composeDocuments(docker, name);
  return Math.max(stored?.version ?? 0, onCluster.at(-1)?.version ?? 0) + 1;
}

/** The stack's document: the database's, else the cluster's copy (adopted), else rebuilt. */
export async function stackDocument(
  ctx: StackContext,
  docker: Docker,
  environmentId: number,
  name: string,
): Promise<{ compose: string; origin: 'stored' | 'rebuilt' }> {
  const stored = ctx.d.stacks.find(environmentId, name);
  const onCluster = await storedDocument(docker, name);
  if (stored && stored.version >= (onCluster?.version ?? 0))
    return { compose: stored.compose, origin: 'stored' };
  if (onCluster) {
    // An empty (or older) database learns the stack from the cluster's copy.
    ctx.d.stacks.recordVersion(environmentId, name, {
      version: onCluster.version,
      compose: onCluster.compose,
      actor: 'adopted from the cluster',
    });
    return { compose: onCluster.compose, origin: 'stored' };
  }
  return { compose: await rebuildCompose(docker, name), origin: 'rebuilt' };
}

/**
 * Keeps a Drover stack's document in step with a change made to one of its services (scale,
 * image update, Swarm rollback): the edited document becomes a new version, on the cluster and
 * in the database, so a later redeploy of the stored document keeps the change. Stacks without
 * a document (docker CLI) and documents the edit cannot follow are left as they are, said so.
 */
export async function keepDocument(
  ctx: StackContext,
  docker: Docker,
  environmentId: number,
  service: RawService,
  edit: ServiceEdit,
  actor: string,
  progress: Progress,
  note?: string,
): Promise<void> {
  const startedAt = new Date().toISOString();
  const stack = service.Spec.Labels?.[LABEL_NAMESPACE];
  if (!stack) return;
  const { compose, origin } = await stackDocument(ctx, docker, environmentId, stack);
  if (origin !== 'stored') return;
  const short = lifecycle.shortName(service);
  const edited = editService(compose, short, edit);
  if (!edited.ok) {
    progress(
      'document',
      'warn',
      `The stack's compose document was not changed (${edited.reason}): a redeploy of it will undo this change`,
    );
    return;
  }
  if (edited.compose === compose) return;
  const version = await nextVersion(ctx, docker, environmentId, stack);
  const latest = ctx.d.stacks.find(environmentId, stack);
  const previous = latest && ctx.d.stacks.versions(latest.id).at(-1);
  await keepComposeDocument(docker, stack, version, edited.compose);
  const what =
    note ??
    [
      edit.replicas !== undefined ? `scaled ${short} to ${edit.replicas}` : '',
      edit.image !== undefined ? `${short} image ${edit.image}` : '',
    ]
      .filter(Boolean)
      .join(', ');
  ctx.d.stacks.recordVersion(environmentId, stack, {
    version,
    compose: edited.compose,
    actor,
    appliedAt: startedAt,
    endedAt: new Date().toISOString(),
    env: previous?.env,
    workingDir: previous?.workingDir ?? undefined,
    note: what,
  });
  progress('document', 'done', `Stack ${stack} version ${version}: ${what}`);
}
