// stop, start, restart, Swarm's rollback and image updates of one service, with per-task
// progress; the stack's document follows each change (see stack-documents.ts).
import type Docker from 'dockerode';
import { DroverError } from '../../shared/errors.js';
import type { StackServiceInfo } from '../../shared/types.js';
import { progressReporter, type Progress } from '../operations/progress.js';
import * as lifecycle from './service-lifecycle.js';
import type { StackContext, ServiceAction } from './stack-context.js';
import type { DeployGuard } from './guardrails.js';
import { assertSpecAllowed } from './guardrails-spec.js';
import { keepDocument } from './stack-documents.js';
import { listServices } from './stack-read.js';

/** stop, start, restart or Swarm's rollback of one service, with per-task progress. */
export async function runServiceAction(
  ctx: StackContext,
  args: {
    environmentId: number;
    service: string;
    action: ServiceAction;
    operationId?: string;
    actor: string;
    guard?: DeployGuard;
  },
): Promise<StackServiceInfo> {
  const run = {
    stop: lifecycle.stopService,
    start: lifecycle.startService,
    restart: lifecycle.restartService,
    rollback: lifecycle.rollbackService,
  }[args.action];
  return onService(ctx, args, (docker, progress, deps) =>
    run(docker, args.service, progress, deps),
  );
}

/** A rolling update of one service to another image (its update config applies). */
export async function updateServiceImage(
  ctx: StackContext,
  args: {
    environmentId: number;
    service: string;
    image: string;
    operationId?: string;
    actor: string;
    guard?: DeployGuard;
  },
): Promise<StackServiceInfo> {
  return onService(ctx, args, (docker, progress, deps) =>
    lifecycle.updateImage(docker, args.service, args.image, progress, deps),
  );
}

async function onService(
  ctx: StackContext,
  args: {
    environmentId: number;
    service: string;
    operationId?: string;
    actor: string;
    guard?: DeployGuard;
  },
  work: (docker: Docker, progress: Progress, deps: lifecycle.LifecycleDeps) => Promise<void>,
): Promise<StackServiceInfo> {
  const progress = progressReporter(ctx.d.events, args.operationId, args.environmentId);
  const docker = ctx.d.swarm.manager(args.environmentId);
  const guard = args.guard;
  try {
    await work(docker, progress, {
      timeoutMs: ctx.convergeTimeoutMs,
      logins: ctx.logins(args.environmentId),
      keepDocument: (d, service, edit, note) =>
        keepDocument(ctx, d, args.environmentId, service, edit, args.actor, progress, note),
      checkSpec: guard && ((d, name, spec) => assertSpecAllowed(d, name, spec, guard)),
    });
  } finally {
    ctx.changed(args.environmentId);
  }
  const info = (await listServices(ctx, args.environmentId)).find((s) => s.name === args.service);
  if (!info) throw new DroverError('NOT_FOUND', `No service named "${args.service}"`);
  return info;
}
