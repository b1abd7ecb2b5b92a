// Contract handlers for stacks, services and templates; spread into the core's handler table.
import type { Handlers } from '../rpc/dispatcher.js';
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
>;

export function stackHandlers(stacks: StackService, settings: SettingsRepository): StackHandlers {
  const templateDefaults = () => ({ nginxImage: settings.get().nginxImage });
  return {
    'stack.list': ({ environmentId }) => stacks.list(environmentId),
    'stack.get': ({ environmentId, name }) => stacks.get(environmentId, name),
    'stack.validate': ({ compose, env, workingDir }) => stacks.validate(compose, env, workingDir),
    'stack.plan': (args, ctx) =>
      stacks.plan({ ...args, filesFrom: readableFolder(ctx.shell, args.workingDir) }),
    'stack.deploy': (args, ctx) =>
      stacks.deploy({
        ...args,
        actor: ctx.actor,
        filesFrom: readableFolder(ctx.shell, args.workingDir),
      }),
    'stack.history': ({ environmentId, name }) => stacks.history(environmentId, name),
    'stack.rollback': (args, ctx) => stacks.rollback({ ...args, actor: ctx.actor }),
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
    'service.update': (args, ctx) => stacks.updateImage({ ...args, actor: ctx.actor }),
    'service.rollback': (args, ctx) =>
      stacks.serviceAction({ ...args, action: 'rollback', actor: ctx.actor }),
    'template.list': () => listTemplates(templateDefaults()),
    'template.render': ({ id, answers }) => renderTemplate(id, answers, templateDefaults()),
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
};
