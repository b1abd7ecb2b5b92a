// Is a service's current spec what a deploy would write? The engine fills defaults into what it
// stores (restart policy, update config, isolation, ...) and names networks by id, so both sides
// are normalised first: networks by name, engine defaults dropped, empty values pruned.
import type { Json } from './convert.js';

const UPDATE_DEFAULT = {
  Parallelism: 1,
  FailureAction: 'pause',
  Monitor: 5_000_000_000,
  MaxFailureRatio: 0,
  Order: 'stop-first',
};

/** Values the engine stores when the request leaves them out, by dotted path ([] = each item). */
const ENGINE_DEFAULTS: [string, unknown][] = [
  ['TaskTemplate.ContainerSpec.Isolation', 'default'],
  ['TaskTemplate.ContainerSpec.StopGracePeriod', 10_000_000_000],
  ['TaskTemplate.Runtime', 'container'],
  ['UpdateConfig', UPDATE_DEFAULT],
  ['RollbackConfig', UPDATE_DEFAULT],
  ['UpdateConfig.FailureAction', 'pause'],
  ['UpdateConfig.Order', 'stop-first'],
  ['RollbackConfig.FailureAction', 'pause'],
  ['RollbackConfig.Order', 'stop-first'],
  ['EndpointSpec.Mode', 'vip'],
  ['EndpointSpec.Ports[].Protocol', 'tcp'],
  ['EndpointSpec.Ports[].PublishMode', 'ingress'],
  ['Mode.Replicated.Replicas', 1],
  // Not stored when not sent (Swarm then restarts on any exit after 5 s).
  ['TaskTemplate.RestartPolicy', { Condition: 'any' }],
];

export function normalizeSpec(
  spec: Json,
  networkNames: ReadonlyMap<string, string> = new Map(),
  exclude: readonly string[] = [],
): unknown {
  const copy = structuredClone(spec) as Json;
  const template = copy.TaskTemplate as Json | undefined;
  const networks = template?.Networks as Json[] | undefined;
  if (networks) {
    for (const n of networks) n.Target = networkNames.get(String(n.Target)) ?? n.Target;
    networks.sort((a, b) => String(a.Target).localeCompare(String(b.Target)));
  }
  delete template?.ForceUpdate;
  // Exclusions first: what remains of an excluded object may then equal the engine default.
  for (const path of exclude) edit(copy, path.split('.'), (parent, key) => delete parent[key]);
  for (const [path, value] of ENGINE_DEFAULTS) {
    edit(copy, path.split('.'), (parent, key) => {
      if (deepEqual(prune(parent[key]), prune(value))) delete parent[key];
    });
  }
  return prune(copy);
}

export function sameSpec(
  desired: Json,
  current: Json,
  networkNames: ReadonlyMap<string, string>,
): boolean {
  return deepEqual(normalizeSpec(desired, networkNames), normalizeSpec(current, networkNames));
}

/** Calls `change(parent, key)` on every node the path reaches ("Ports[]" walks each item). */
function edit(node: unknown, path: string[], change: (parent: Json, key: string) => void): void {
  if (!node || typeof node !== 'object') return;
  const [head, ...rest] = path;
  if (head === undefined) return;
  const each = head.endsWith('[]');
  const key = each ? head.slice(0, -2) : head;
  const parent = node as Json;
  if (!(key in parent)) return;
  if (each) {
    const items = parent[key];
    if (!Array.isArray(items)) return;
    for (const item of items) {
      if (rest.length === 0) continue;
      if (rest.length === 1) change(item as Json, rest[0] as string);
      else edit(item, rest, change);
    }
  } else if (rest.length === 0) change(parent, key);
  else edit(parent[key], rest, change);
}

/** Removes null, undefined, '', 0, false, {} and [] (Go's zero values), recursively. */
export function prune(value: unknown): unknown {
  if (Array.isArray(value)) {
    const items = value.map(prune);
    return items.length ? items : undefined;
  }
  if (value && typeof value === 'object') {
    const out: Json = {};
    for (const [k, v] of Object.entries(value)) {
      const p = prune(v);
      if (p !== undefined) out[k] = p;
    }
    return Object.keys(out).length ? out : undefined;
  }
  if (value === null || value === '' || value === 0 || value === false) return undefined;
  return value;
}

export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== typeof b || !a || !b || typeof a !== 'object') return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const bb = b as unknown[];
    return a.length === bb.length && a.every((item, i) => deepEqual(item, bb[i]));
  }
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  return ka.length === kb.length && ka.every((k) => deepEqual((a as Json)[k], (b as Json)[k]));
}

/**
 * Dotted paths where two normalized specs differ, down to the first value that is not a plain
 * object (lists count as one value): "TaskTemplate.ContainerSpec.Image".
 */
export function changedPaths(desired: unknown, current: unknown, prefix = ''): string[] {
  if (deepEqual(desired, current)) return [];
  const isObject = (v: unknown): v is Json => !!v && typeof v === 'object' && !Array.isArray(v);
  if (!isObject(desired) || !isObject(current)) return [prefix];
  const keys = [...new Set([...Object.keys(desired), ...Object.keys(current)])].sort();
  return keys.flatMap((key) =>
    changedPaths(desired[key], current[key], prefix ? `${prefix}.${key}` : key),
  );
}
