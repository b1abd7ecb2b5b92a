// What a deploy plan should say about load balancers before it runs: replacing an edge (its
// listen ports or image changed) is the one LB change that refuses connections for a moment.
import type { Json } from '../stacks/convert.js';
import { LABEL_LB, LABEL_LB_TIER } from './labels.js';

export function edgeWarnings(steps: { action: string; spec?: Json; fields: string[] }[]): string[] {
  return steps.flatMap((step) => {
    const labels = (step.spec?.Labels ?? {}) as Record<string, string>;
    if (step.action !== 'update' || labels[LABEL_LB_TIER] !== 'edge') return [];
    if (!step.fields.some((f) => /^(TaskTemplate|EndpointSpec)\b/.test(f))) return [];
    return [
      `load balancer ${labels[LABEL_LB]}: its listen ports (or image) change, so its edge is replaced stop-first: each host refuses connections on the LB's ports for a few seconds`,
    ];
  });
}
