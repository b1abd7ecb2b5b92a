// A changed field of a plan as people read it: a label instead of a spec path
// ("Image", not "TaskTemplate.ContainerSpec.Image") and the old and new values as text.
// Made in the core (stack.plan) so the console and the CLI say the same.

export interface FieldValueChange {
  /** The spec path (or compose key) that changes. */
  field: string;
  /** What people call it: "Image", "Environment DB_HOST", "Update delay". */
  label: string;
  /** The value as text; null where the field is not set on that side. */
  before: string | null;
  after: string | null;
}

const LABELS: Record<string, string> = {
  'TaskTemplate.ContainerSpec.Image': 'Image',
  'TaskTemplate.ContainerSpec.Env': 'Environment',
  'TaskTemplate.ContainerSpec.Command': 'Entrypoint',
  'TaskTemplate.ContainerSpec.Args': 'Command',
  'TaskTemplate.ContainerSpec.Labels': 'Container labels',
  'TaskTemplate.ContainerSpec.Mounts': 'Volumes',
  'TaskTemplate.ContainerSpec.Dir': 'Working directory',
  'TaskTemplate.ContainerSpec.Healthcheck': 'Health check',
  'TaskTemplate.ContainerSpec.Hosts': 'Extra hosts',
  'TaskTemplate.ContainerSpec.DNSConfig': 'DNS',
  'TaskTemplate.ContainerSpec.TTY': 'TTY',
  'TaskTemplate.ContainerSpec.CapabilityAdd': 'Added capabilities',
  'TaskTemplate.ContainerSpec.CapabilityDrop': 'Dropped capabilities',
  'TaskTemplate.Resources.Limits.NanoCPUs': 'CPU limit',
  'TaskTemplate.Resources.Limits.MemoryBytes': 'Memory limit',
  'TaskTemplate.Resources.Reservations.NanoCPUs': 'CPU reservation',
  'TaskTemplate.Resources.Reservations.MemoryBytes': 'Memory reservation',
  'TaskTemplate.Placement.Constraints': 'Placement constraints',
  'TaskTemplate.Placement.Preferences': 'Placement preferences',
  'TaskTemplate.Placement.MaxReplicas': 'Max replicas per node',
  'TaskTemplate.Placement.Platforms': 'Platforms',
  'TaskTemplate.Networks': 'Networks',
  'TaskTemplate.LogDriver': 'Logging',
  'Mode.Replicated.Replicas': 'Replicas',
  'Mode.Replicated': 'Replicated mode',
  'Mode.Global': 'Global mode',
  'EndpointSpec.Ports': 'Published ports',
  'EndpointSpec.Mode': 'Endpoint mode',
  Labels: 'Service labels',
  Name: 'Name',
};

/** Prefixes that say where a field lives in the spec, not what it is. */
const CONTEXT: [prefix: string, label: string][] = [
  ['TaskTemplate.ContainerSpec.', ''],
  ['TaskTemplate.RestartPolicy.', 'Restart '],
  ['TaskTemplate.', ''],
  ['UpdateConfig.', 'Update '],
  ['RollbackConfig.', 'Rollback '],
];

/** Maps whose keys are names (often dotted): "Service label com.example.tier". */
const KEYED: [prefix: string, label: string][] = [
  ['Labels.', 'Service label '],
  ['TaskTemplate.ContainerSpec.Labels.', 'Container label '],
  ['TaskTemplate.ContainerSpec.Sysctls.', 'Sysctl '],
  ['TaskTemplate.LogDriver.Options.', 'Logging option '],
];

/** "TaskTemplate.ContainerSpec.Image" → "Image"; unknown paths in words ("Update delay"). */
export function fieldLabel(path: string): string {
  const known = LABELS[path];
  if (known) return known;
  for (const [prefix, label] of KEYED) {
    if (path.startsWith(prefix)) return label + path.slice(prefix.length);
  }
  for (const [prefix, label] of CONTEXT) {
    if (path.startsWith(prefix)) return sentence(label + words(path.slice(prefix.length)));
  }
  return sentence(words(path));
}

/** "StopGracePeriod" → "stop grace period"; dotted paths become "a › b". */
function words(path: string): string {
  return path
    .split('.')
    .map((part) =>
      part
        .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
        .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
        .toLowerCase(),
    )
    .join(' › ');
}

const sentence = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/** Swarm stores these in nanoseconds. */
const DURATION_KEYS = new Set([
  'Delay',
  'Monitor',
  'StopGracePeriod',
  'Interval',
  'Timeout',
  'StartPeriod',
  'Window',
]);
const SECRET_KEY = /pass|secret|token|key|credential/i;

/** A value as text, in the units people write in compose files. */
export function formatValue(path: string, value: unknown): string | null {
  if (value === undefined || value === null) return null;
  const key = path.slice(path.lastIndexOf('.') + 1);
  if (typeof value === 'number') {
    if (key === 'NanoCPUs') return `${value / 1e9} CPU`;
    if (key === 'MemoryBytes') return bytes(value);
    if (DURATION_KEYS.has(key)) return duration(value);
    return String(value);
  }
  if (typeof value === 'string') return value;
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  if (Array.isArray(value) && value.every((v) => typeof v === 'string')) return value.join(', ');
  return JSON.stringify(value);
}

function bytes(value: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let n = value;
  let unit = 0;
  while (n >= 1024 && unit < units.length - 1 && n % 1024 === 0) {
    n /= 1024;
    unit += 1;
  }
  return `${n} ${units[unit]}`;
}

function duration(ns: number): string {
  const ms = ns / 1e6;
  if (ms < 1000) return `${ms} ms`;
  const s = ms / 1000;
  return s < 60 || s % 60 ? `${s} s` : `${s / 60} min`;
}

/**
 * The changes at `paths` between two specs (or compose services), one per field, with
 * "KEY=value" lists (environment, labels as lists) split into one change per key.
 */
export function valueChanges(
  paths: readonly string[],
  desired: unknown,
  current: unknown,
  label: (path: string) => string = fieldLabel,
): FieldValueChange[] {
  return paths.flatMap((field) => {
    const after = valueAt(desired, field);
    const before = valueAt(current, field);
    if (isKeyValueList(after) && isKeyValueList(before)) {
      return keyValueChanges(field, label(field), before ?? [], after ?? []);
    }
    return [
      {
        field,
        label: label(field),
        before: formatValue(field, before),
        after: formatValue(field, after),
      },
    ];
  });
}

/** The value at a dotted path whose keys may hold dots themselves (label names). */
function valueAt(root: unknown, path: string): unknown {
  if (!path) return root;
  if (!root || typeof root !== 'object' || Array.isArray(root)) return undefined;
  const node = root as Record<string, unknown>;
  if (path in node) return node[path];
  const key = Object.keys(node)
    .filter((k) => path.startsWith(`${k}.`))
    .sort((a, b) => b.length - a.length)[0];
  return key === undefined ? undefined : valueAt(node[key], path.slice(key.length + 1));
}

const isKeyValueList = (v: unknown): v is string[] | undefined =>
  v === undefined || (Array.isArray(v) && v.every((i) => typeof i === 'string' && i.includes('=')));

function keyValueChanges(
  field: string,
  label: string,
  before: string[],
  after: string[],
): FieldValueChange[] {
  const split = (items: string[]) =>
    new Map(items.map((i) => [i.slice(0, i.indexOf('=')), i.slice(i.indexOf('=') + 1)]));
  const a = split(before);
  const b = split(after);
  const keys = [...new Set([...a.keys(), ...b.keys()])].sort();
  return keys.flatMap((key) => {
    const old = a.get(key);
    const now = b.get(key);
    if (old === now) return [];
    // A secret-looking value stays out of screens and logs; that it changed is what counts.
    const mask = (v: string | undefined) =>
      v === undefined ? null : SECRET_KEY.test(key) ? '••••••' : v;
    return [{ field, label: `${label} ${key}`, before: mask(old), after: mask(now) }];
  });
}

/** A long value cut in the middle, keeping both ends ("nginx:1.2…@sha256:ab12…"). */
export function shortValue(text: string, max = 60): string {
  if (text.length <= max) return text;
  const digest = text.match(/^(.*@sha256:)([0-9a-f]{12})[0-9a-f]+$/);
  if (digest && digest[1]!.length + 13 <= max) return `${digest[1]}${digest[2]}…`;
  const head = Math.ceil((max - 1) * 0.6);
  return `${text.slice(0, head)}…${text.slice(text.length - (max - 1 - head))}`;
}
