// What a deploy will change: the core's stack.plan (a diff and the objects it touches).
import type { StackPlan } from '../../../shared/types';
import { api } from '../../lib/api';

export { localChanges, touchesExisting, unifiedDiff } from './diff';

/** The plan of deploying `compose` as stack `name` (new or existing). */
export function planDeploy(args: {
  environmentId: number;
  name: string;
  compose: string;
  env?: Record<string, string>;
}): Promise<StackPlan> {
  return api.invoke('stack.plan', {
    environmentId: args.environmentId,
    name: args.name,
    compose: args.compose,
    env: args.env,
  });
}
