// Contract handlers for stacks and services; spread into the core's handler table.
import type { Handlers } from '../rpc/dispatcher.js';
import type { StackService } from './stack-service.js';

type StackHandlers = Pick<
  Handlers,
  | 'stack.list'
  | 'stack.get'
  | 'stack.validate'
  | 'stack.deploy'
  | 'stack.remove'
  | 'stack.export'
  | 'service.list'
  | 'service.scale'
>;

export function stackHandlers(stacks: StackService): StackHandlers {
  return {
    'stack.list': ({ environmentId }) => stacks.list(environmentId),
    'stack.get': ({ environmentId, name }) => stacks.get(environmentId, name),
    'stack.validate': ({ compose, env, workingDir }) => stacks.validate(compose, env, workingDir),
    'stack.deploy': (args, ctx) => stacks.deploy({ ...args, actor: ctx.actor }),
    'stack.remove': async ({ environmentId, name, operationId }) => {
      await stacks.remove(environmentId, name, operationId);
      return null;
    },
    'stack.export': ({ environmentId, name }) => stacks.export(environmentId, name),
    'service.list': ({ environmentId, stack }) => stacks.services(environmentId, stack),
    'service.scale': ({ environmentId, service, replicas, operationId }) =>
      stacks.scale(environmentId, service, replicas, operationId),
  };
}

/** Audit targets: the stack or service acted on. */
export const stackAuditTargets = {
  'stack.deploy': ({ name }: { name: string }) => name,
  'stack.remove': ({ name }: { name: string }) => name,
  'service.scale': ({ service, replicas }: { service: string; replicas: number }) =>
    `${service}=${replicas}`,
};
