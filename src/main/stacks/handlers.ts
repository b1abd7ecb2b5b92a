// Contract handlers for stacks, services and templates; spread into the core's handler table.
import { DroverError } from '../../shared/errors.js';
import type { CallContext } from '../rpc/context.js';
import type { Handlers } from '../rpc/dispatcher.js';
import { exposesDockerSocket, type DeployGuard } from './guardrails.js';
import { readableFolder } from './file-access.js';
import type { SettingsRepository } from '../settings/repository.js';
import type { StackService } from './stack-service.js';
import { listTemplates, renderTemplate } from './templates/catalog.js';

type StackHandlers = Pick<
  Handlers,
  | 'stack.list'
  | 'stack.get'
  | 'stack.validate'
  | 'stack.plan'
  | 'stack.deploy'
  | 'stack.history'
  | 'stack.rollback'
  | 'stack.remove'
  | 'stack.export'
  | 'service.list'
  | 'service.scale'
  | 'service.stop'
  | 'service.start'
  | 'service.restart'
  | 'service.update'
  | 'service.rollback'
  | 'template.list'
  | 'template.render'
  | 'env.bindPaths'
  | 'env.setBindPaths'
>;

/** The guardrails a caller's changes in an environment must pass (restricted members'). */
export type GuardFor = (ctx: CallContext, environmentId: number) => DeployGuard | undefined;

export function stackHandlers(
  stacks: StackService,
  settings: SettingsRepository,
  guardFor: GuardFor,
): StackHandlers {
  const templateDefaults = () => ({ nginxImage: settings.get().nginxImage });
  const guarded = <A extends { environmentId: number }>(args: A, ctx: CallContext) => ({
    ...args,
    actor: ctx.actor,
    guard: guardFor(ctx, args.environmentId),
  });
  return {
    'stack.list': ({ environmentId }) => stacks.list(environmentId),
    'stack.get': ({ environmentId, name }) => stacks.get(environmentId, name),
    'stack.validate': ({ compose, env, workingDir }) => stacks.validate(compose, env, workingDir),
    'stack.plan': (args, ctx) =>
      stacks.plan({
        ...args,
        filesFrom: readableFolder(ctx.shell, args.workingDir),
        guard: guardFor(ctx, args.environmentId),
      }),
    'stack.deploy': (args, ctx) =>
      stacks.deploy({
        ...guarded(args, ctx),
        filesFrom: readableFolder(ctx.shell, args.workingDir),
      }),
    'stack.history': ({ environmentId, name }) => stacks.history(environmentId, name),
    'stack.rollback': (args, ctx) => stacks.rollback(guarded(args, ctx)),
    'stack.remove': async ({ environmentId, name, operationId }) => {
      await stacks.remove(environmentId, name, operationId);
      return null;
    },
    'stack.export': ({ environmentId, name }) => stacks.export(environmentId, name),
    'service.list': ({ environmentId, stack }) => stacks.services(environmentId, stack),
    'service.scale': ({ environmentId, service, replicas, operationId }, ctx) =>
      stacks.scale(environmentId, service, replicas, operationId, ctx.actor),
    'service.stop': (args, ctx) =>
      stacks.serviceAction({ ...args, action: 'stop', actor: ctx.actor }),
    'service.start': (args, ctx) =>
      stacks.serviceAction({ ...args, action: 'start', actor: ctx.actor }),
    'service.restart': (args, ctx) =>
      stacks.serviceAction({ ...args, action: 'restart', actor: ctx.actor }),
    'service.update': (args, ctx) => stacks.updateImage(guarded(args, ctx)),
    'service.rollback': (args, ctx) =>
      stacks.serviceAction({ ...guarded(args, ctx), action: 'rollback' }),
    'template.list': () => listTemplates(templateDefaults()),
    'template.render': ({ id, answers }) => renderTemplate(id, answers, templateDefaults()),
    'env.bindPaths': ({ environmentId }) => settings.bindPaths(environmentId),
    'env.setBindPaths': ({ environmentId, paths }) => {
      const socket = paths.find(exposesDockerSocket);
      if (socket !== undefined) {
        throw new DroverError(
          'INVALID_ARGUMENT',
          `${socket} holds the Docker socket (or is it): a mount of it is never allowed`,
        );
      }
      return settings.setBindPaths(environmentId, paths);
    },
  };
}

/** Audit targets: the stack or service acted on. */
const serviceTarget = ({ service }: { service: string }) => service;
export const stackAuditTargets = {
  'stack.deploy': ({ name }: { name: string }) => name,
  'stack.rollback': ({ name, version }: { name: string; version: number }) => `${name}@${version}`,
  'stack.remove': ({ name }: { name: string }) => name,
  'service.scale': ({ service, replicas }: { service: string; replicas: number }) =>
    `${service}=${replicas}`,
  'service.stop': serviceTarget,
  'service.start': serviceTarget,
  'service.restart': serviceTarget,
  'service.update': ({ service, image }: { service: string; image: string }) =>
    `${service}=${image}`,
  'service.rollback': serviceTarget,
  'env.setBindPaths': ({ paths }: { paths: string[] }) => paths.join(', ') || '(none)',
};
