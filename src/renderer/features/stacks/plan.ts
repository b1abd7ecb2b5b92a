// What a deploy will change. The core's stack.plan answers this; until a console's core offers
// it, the same answer is worked out here from the two documents (the compose text the stack has
// now and the new one): a unified diff and a change list per top-level object.
import { api } from '../../lib/api';
import { invokeComing, isNotYet, type StackPlan } from './coming';
import { localChanges, unifiedDiff } from './diff';

export { localChanges, touchesExisting, unifiedDiff } from './diff';

/** The plan of deploying `compose` as stack `name` (new or existing). */
export async function planDeploy(args: {
  environmentId: number;
  name: string;
  compose: string;
  /** The stack's current document, when known (saves a round trip in the fallback). */
  current?: string | null;
}): Promise<StackPlan> {
  try {
    return await invokeComing('stack.plan', {
      environmentId: args.environmentId,
      name: args.name,
      compose: args.compose,
    });
  } catch (error) {
    if (!isNotYet(error)) throw error;
  }
  const validation = await api.invoke('stack.validate', { compose: args.compose });
  let current = args.current;
  if (current === undefined) {
    current = await api
      .invoke('stack.export', { environmentId: args.environmentId, name: args.name })
      .catch(() => null);
  }
  return {
    errors: validation.errors.map((e) => ({
      line: e.line,
      column: e.column,
      message: e.path ? `${e.path}: ${e.message}` : e.message,
    })),
    warnings: validation.warnings,
    diff: current ? unifiedDiff(current, args.compose) : '',
    changes: localChanges(current ?? '', args.compose),
  };
}
