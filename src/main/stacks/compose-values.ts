// Compose values in docker's syntaxes read into the model's shapes: maps and lists given either
// way, environment with values from the deploy's variables, commands, networks, ulimits and
// volume mounts in short or long syntax. Each throws on a value docker would refuse.
import path from 'node:path';
import type { ComposeMount, ComposeService } from './model.js';
import { parseSize, shellSplit } from './units.js';
import type { Env } from './interpolate.js';

type Dict = Record<string, unknown>;

export function entries(value: unknown): [string, unknown][] {
  return value && typeof value === 'object'
    ? Object.entries(value).filter(([k]) => !k.startsWith('x-'))
    : [];
}

export const str = (value: unknown): string | undefined =>
  value === undefined || value === null ? undefined : String(value);
export const bool = (value: unknown): boolean | undefined =>
  value === undefined || value === null ? undefined : Boolean(value);

export function externalOf(value: unknown): boolean {
  return typeof value === 'object' && value !== null ? true : Boolean(value);
}
export function externalName(value: unknown): string | undefined {
  return typeof value === 'object' && value !== null ? str((value as Dict).name) : undefined;
}

export function stringMap(value: unknown): Record<string, string> | undefined {
  if (!value || typeof value !== 'object') return undefined;
  return Object.fromEntries(
    Object.entries(value).map(([k, v]) => [k, v === null ? '' : String(v)]),
  );
}

export function stringList(value: unknown): string[] {
  if (value === undefined || value === null) return [];
  return (Array.isArray(value) ? value : [value]).map(String);
}

/** Labels: a dict, or a list of KEY=VALUE (a bare KEY is an empty value). */
export function labelMap(value: unknown): Record<string, string> {
  if (Array.isArray(value)) {
    return Object.fromEntries(
      value.map((item) => {
        const text = String(item);
        const at = text.indexOf('=');
        return at < 0 ? [text, ''] : [text.slice(0, at), text.slice(at + 1)];
      }),
    );
  }
  return stringMap(value) ?? {};
}

/** Environment: list or dict; a name without a value takes the deploy environment's value. */
export function environmentOf(value: unknown, env: Env): Record<string, string | null> {
  const raw: Record<string, string | null> = {};
  if (Array.isArray(value)) {
    for (const item of value) {
      const text = String(item);
      const at = text.indexOf('=');
      if (at < 0) raw[text] = null;
      else raw[text.slice(0, at)] = text.slice(at + 1);
    }
  } else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) raw[k] = v === null ? null : String(v);
  }
  // docker: a value from the environment wins over a missing or empty one in the file.
  for (const [k, v] of Object.entries(raw)) {
    const fromEnv = env[k];
    if ((v === null || v === '') && fromEnv !== undefined) raw[k] = fromEnv;
  }
  return raw;
}

/** ulimits: `nofile: 1024` (soft and hard) or `nofile: { soft, hard }`. */
export function ulimitsOf(value: unknown): ComposeService['ulimits'] {
  return Object.fromEntries(
    Object.entries((value ?? {}) as Dict).map(([name, limit]) =>
      typeof limit === 'object' && limit !== null
        ? [name, { soft: Number((limit as Dict).soft), hard: Number((limit as Dict).hard) }]
        : [name, { soft: Number(limit), hard: Number(limit) }],
    ),
  );
}

export function commandOf(value: unknown): string[] | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string') return shellSplit(value);
  return (value as unknown[]).map(String);
}

export function networkMap(value: unknown): NonNullable<ComposeService['networks']> {
  if (Array.isArray(value)) return Object.fromEntries(value.map((n) => [String(n), null]));
  const result: NonNullable<ComposeService['networks']> = {};
  for (const [name, config] of Object.entries((value ?? {}) as Dict)) {
    const c = config as Dict | null;
    result[name] = c
      ? { aliases: c.aliases as string[] | undefined, driverOpts: stringMap(c.driver_opts) }
      : null;
  }
  return result;
}

/** A service volume in short ("src:dst:ro") or long syntax, as docker's loader reads it. */
export function toMount(entry: unknown, workingDir: string, env: Env): ComposeMount {
  let mount: ComposeMount;
  if (typeof entry === 'string') mount = parseVolumeSpec(entry);
  else {
    const v = entry as Dict;
    mount = {
      type: String(v.type) as ComposeMount['type'],
      source: str(v.source) ?? '',
      target: str(v.target) ?? '',
      readOnly: Boolean(v.read_only),
      consistency: str(v.consistency),
      bind: v.bind ? { propagation: str((v.bind as Dict).propagation) } : undefined,
      volume: v.volume ? { nocopy: bool((v.volume as Dict).nocopy) } : undefined,
      tmpfs: v.tmpfs
        ? {
            size:
              (v.tmpfs as Dict).size === undefined
                ? undefined
                : parseSize((v.tmpfs as Dict).size as string),
          }
        : undefined,
    };
  }
  const incompatible = (option: 'bind' | 'volume' | 'tmpfs') => {
    if (mount[option])
      throw new Error(`${option} options are incompatible with type ${mount.type}`);
  };
  switch (mount.type) {
    case 'volume':
      incompatible('bind');
      incompatible('tmpfs');
      break;
    case 'bind':
    case 'npipe':
      if (!mount.source) throw new Error(`invalid ${mount.type} source, source cannot be empty`);
      incompatible('volume');
      incompatible('tmpfs');
      if (mount.type === 'bind') {
        // docker resolves ~ and relative paths against the deploying machine's folder.
        let source = mount.source;
        if (source.startsWith('~') && env.HOME) source = env.HOME + source.slice(1);
        if (!source.startsWith('/')) source = path.resolve(workingDir, source);
        mount.source = source;
      }
      break;
    case 'tmpfs':
      if (mount.source) throw new Error('invalid tmpfs source, source must be empty');
      incompatible('bind');
      incompatible('volume');
      break;
    default:
      throw new Error('volume type must be volume, bind, tmpfs or npipe');
  }
  return mount;
}

const PROPAGATIONS = ['rprivate', 'private', 'rshared', 'shared', 'rslave', 'slave'];

function parseVolumeSpec(spec: string): ComposeMount {
  if (spec.length === 0) throw new Error('invalid empty volume spec');
  const mount: ComposeMount = { type: 'volume', source: '', target: '', readOnly: false };
  if (spec.length <= 2) return { ...mount, target: spec };
  const parts = spec.split(':');
  if (parts.some((p) => p === ''))
    throw new Error(`invalid spec: ${spec}: empty section between colons`);
  if (parts.length > 3) throw new Error(`invalid spec: ${spec}: too many colons`);
  if (parts.length === 1) mount.target = parts[0] as string;
  else {
    mount.source = parts[0] as string;
    mount.target = parts[1] as string;
  }
  for (const option of (parts[2] ?? '').split(',').filter(Boolean)) {
    if (option === 'ro') mount.readOnly = true;
    else if (option === 'rw') mount.readOnly = false;
    else if (option === 'nocopy') mount.volume = { nocopy: true };
    else if (PROPAGATIONS.includes(option)) mount.bind = { propagation: option };
  }
  if (mount.source && /^[./~]/.test(mount.source)) mount.type = 'bind';
  return mount;
}
