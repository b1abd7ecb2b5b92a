// ${VAR}, $VAR, ${VAR:-default}, ${VAR-default}, ${VAR:?error}, ${VAR?error} and $$ in string
// values, as docker's compose template package does (values only, never keys), followed by
// docker's type casts: `replicas: ${N}` is the number N once substituted.
import type { ComposeIssue, Path } from './parse.js';
import { formatPath } from './parse.js';

export type Env = Readonly<Record<string, string | undefined>>;

// Docker's pattern, case-insensitive: escaped $$, $name, ${name...}, or a lone $ (invalid).
const SUBSTITUTION = '[_a-z][_a-z0-9]*(?::?[-?][^}]*)?';
const PATTERN = new RegExp(`\\$(?:(\\$)|(${SUBSTITUTION})|\\{(${SUBSTITUTION})\\}|())`, 'gi');

export interface InterpolationResult {
  data: unknown;
  errors: ComposeIssue[];
  warnings: string[];
}

export function interpolate(data: unknown, env: Env): InterpolationResult {
  const errors: ComposeIssue[] = [];
  const unset = new Set<string>();
  const lookup = (name: string): string | undefined => {
    const value = env[name];
    if (value === undefined) unset.add(name);
    return value;
  };

  const walk = (value: unknown, path: (string | number)[]): unknown => {
    if (typeof value === 'string') {
      try {
        return cast(path, substitute(value, lookup));
      } catch (error) {
        errors.push({ message: (error as Error).message, path: formatPath(path) });
        return value;
      }
    }
    if (Array.isArray(value)) return value.map((item, i) => walk(item, [...path, i]));
    if (value && typeof value === 'object') {
      return Object.fromEntries(
        Object.entries(value).map(([key, item]) => [key, walk(item, [...path, key])]),
      );
    }
    return value;
  };
  const result = walk(data, []);
  const warnings = [...unset]
    .sort()
    .map((name) => `The ${name} variable is not set. Defaulting to a blank string.`);
  return { data: result, errors, warnings };
}

/** One string through docker's substitution functions, in docker's order. */
export function substitute(template: string, lookup: (name: string) => string | undefined): string {
  return template.replace(PATTERN, (_match, escaped?: string, named?: string, braced?: string) => {
    if (escaped) return '$';
    const expression = named || braced;
    if (!expression) throw new Error(`Invalid template: "${template}"`);
    const softDefault = split(expression, ':-');
    if (softDefault) {
      const value = lookup(softDefault[0]);
      return value === undefined || value === '' ? softDefault[1] : value;
    }
    const hardDefault = split(expression, '-');
    if (hardDefault) return lookup(hardDefault[0]) ?? hardDefault[1];
    const requiredNonEmpty = split(expression, ':?');
    if (requiredNonEmpty) {
      const value = lookup(requiredNonEmpty[0]);
      if (value === undefined || value === '')
        throw new Error(
          `required variable ${requiredNonEmpty[0]} is missing a value: ${requiredNonEmpty[1]}`,
        );
      return value;
    }
    const required = split(expression, '?');
    if (required) {
      const value = lookup(required[0]);
      if (value === undefined)
        throw new Error(`required variable ${required[0]} is missing a value: ${required[1]}`);
      return value;
    }
    return lookup(expression) ?? '';
  });
}

function split(text: string, separator: string): [string, string] | undefined {
  const at = text.indexOf(separator);
  return at < 0 ? undefined : [text.slice(0, at), text.slice(at + separator.length)];
}

type Cast = (value: string) => unknown;

const toInt: Cast = (value) => {
  if (!/^[+-]?\d+$/.test(value.trim())) throw new Error(`"${value}" is not an integer`);
  return Number.parseInt(value, 10);
};
const toFloat: Cast = (value) => {
  const number = Number(value);
  if (value.trim() === '' || Number.isNaN(number)) throw new Error(`"${value}" is not a number`);
  return number;
};
const toBoolean: Cast = (value) => {
  const lower = value.toLowerCase();
  if (['y', 'yes', 'true', 'on'].includes(lower)) return true;
  if (['n', 'no', 'false', 'off'].includes(lower)) return false;
  throw new Error(`invalid boolean: ${value}`);
};

// docker/cli cli/compose/loader/interpolate.go's table; '*' is any key or list index.
const service = (...parts: string[]) => ['services', '*', ...parts].join('.');
const casts: [string, Cast][] = [
  [service('configs', '*', 'mode'), toInt],
  [service('secrets', '*', 'mode'), toInt],
  [service('healthcheck', 'retries'), toInt],
  [service('healthcheck', 'disable'), toBoolean],
  [service('deploy', 'replicas'), toInt],
  [service('deploy', 'update_config', 'parallelism'), toInt],
  [service('deploy', 'update_config', 'max_failure_ratio'), toFloat],
  [service('deploy', 'rollback_config', 'parallelism'), toInt],
  [service('deploy', 'rollback_config', 'max_failure_ratio'), toFloat],
  [service('deploy', 'restart_policy', 'max_attempts'), toInt],
  [service('deploy', 'placement', 'max_replicas_per_node'), toInt],
  [service('ports', '*', 'target'), toInt],
  [service('ports', '*', 'published'), toInt],
  [service('ulimits', '*'), toInt],
  [service('ulimits', '*', 'hard'), toInt],
  [service('ulimits', '*', 'soft'), toInt],
  [service('privileged'), toBoolean],
  [service('read_only'), toBoolean],
  [service('stdin_open'), toBoolean],
  [service('tty'), toBoolean],
  [service('init'), toBoolean],
  [service('volumes', '*', 'read_only'), toBoolean],
  [service('volumes', '*', 'volume', 'nocopy'), toBoolean],
  ['networks.*.external', toBoolean],
  ['networks.*.internal', toBoolean],
  ['networks.*.attachable', toBoolean],
  ['volumes.*.external', toBoolean],
  ['secrets.*.external', toBoolean],
  ['configs.*.external', toBoolean],
];

function cast(path: Path, value: string): unknown {
  for (const [pattern, convert] of casts) {
    const parts = pattern.split('.');
    if (parts.length !== path.length) continue;
    if (parts.every((part, i) => part === '*' || part === String(path[i]))) return convert(value);
  }
  return value;
}
