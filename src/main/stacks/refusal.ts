// Why a deploy is refused, as data: the service and compose field at fault, so the plan dialog
// and the CLI can point at them (and at their line in the document) without parsing text.
import type { StackPlanRefusal } from '../../shared/types.js';
import { parseYaml, type Path } from './parse.js';

export interface Refusal {
  /** The service's name in the file (LB services: the name Drover gives them). */
  service: string | null;
  /** Dotted compose path under the service, e.g. "deploy.replicas". */
  field: string | null;
  message: string;
}

/** A refusal that is the stack's or the cluster's, not one service's. */
export const stackRefusal = (message: string): Refusal => ({ service: null, field: null, message });

/** One line for errors and logs: "web: deploy.replicas: ...". */
export function refusalText(refusal: Refusal): string {
  return [refusal.service, refusal.field, refusal.message].filter(Boolean).join(': ');
}

/** The refusals as the contract shows them, each with the line of its field in `compose`. */
export function refusalDtos(refusals: Refusal[], compose: string): StackPlanRefusal[] {
  const parsed = refusals.length ? parseYaml(compose) : undefined;
  return refusals.map((refusal) => {
    let line: number | null = null;
    if (parsed && refusal.service !== null) {
      const service: Path = ['services', refusal.service];
      const field: Path = [...service, ...(refusal.field?.split('.') ?? [])];
      // The field where the file has it; else the service's name (a default is at fault).
      const position =
        valueAt(parsed.data, field) !== undefined
          ? parsed.positions.value(field)
          : valueAt(parsed.data, service) !== undefined
            ? parsed.positions.key(service)
            : undefined;
      line = position?.line ?? null;
    }
    return { ...refusal, line };
  });
}

function valueAt(data: unknown, path: Path): unknown {
  let value = data;
  for (const key of path) {
    if (!value || typeof value !== 'object') return undefined;
    value = (value as Record<string, unknown>)[String(key)];
  }
  return value;
}
