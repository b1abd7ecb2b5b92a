// A DeployPlan as the contract shows it: one line per object, in the order deploy applies them.
import type { StackPlanChange } from '../../shared/types.js';
import type { DeployPlan } from './planner.js';

export function planChanges(plan: DeployPlan): StackPlanChange[] {
  return [
    ...plan.networks.map((n) => ({
      kind: 'network' as const,
      name: n.name,
      action: n.action,
      fields: [],
      values: [],
    })),
    ...plan.files.map((f) => ({
      kind: f.kind,
      name: f.name,
      action: f.action,
      fields: f.action === 'update' ? ['Labels'] : [],
      values: [],
    })),
    ...plan.volumes.map((v) => ({
      kind: 'volume' as const,
      name: v.name,
      action: v.action,
      fields: [],
      values: [],
    })),
    ...plan.services.map((s) => ({
      kind: 'service' as const,
      name: s.name,
      action: s.action,
      fields: s.fields,
      values: s.values,
    })),
  ];
}
