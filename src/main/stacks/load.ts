// Schema-valid compose data → ComposeModel, expanding docker's short syntaxes the way its loader
// does, and checking what the schema cannot: references to undefined networks, volumes, configs
// and secrets, and value syntaxes. Every problem carries the path of the node it is about.
import path from 'node:path';
import type {
  ComposeFileObject,
  ComposeModel,
  ComposeMount,
  ComposeNetwork,
  ComposePort,
  ComposeService,
  ComposeVolume,
  FileReference,
  UpdateSettings,
} from './model.js';
import { LB_KEY, parseLbBlock, type LbContext, type LoadBalancerSpec } from '../../shared/lb.js';
import { parsePortSpec } from './ports.js';
import { parseCpus, parseDuration, parseSize, shellSplit } from './units.js';
import type { Env } from './interpolate.js';

type Dict = Record<string, unknown>;
type PathParts = (string | number)[];

export interface LoadIssue {
  path: PathParts;
  message: string;
}

export interface LoadResult {
  model: ComposeModel;
  issues: LoadIssue[];
  warnings: string[];
}

/** Service keys Drover converts; others are reported as ignored, as `docker stack deploy` does. */
const SUPPORTED = new Set([
  'image',
  'command',
  'entrypoint',
  'environment',
  'labels',
  'hostname',
  'user',
  'working_dir',
  'stop_grace_period',
  'stop_signal',
  'healthcheck',
  'init',
  'read_only',
  'tty',
  'stdin_open',
  'cap_add',
  'cap_drop',
  'sysctls',
  'ulimits',
  'dns',
  'dns_search',
  'extra_hosts',
  'logging',
  'volumes',
  'networks',
  'ports',
  'configs',
  'secrets',
  'deploy',
  'restart',
]);

export function loadModel(data: Dict, env: Env, workingDir: string): LoadResult {
  const issues: LoadIssue[] = [];
  const warnings: string[] = [];
  const guard = <T>(at: PathParts, work: () => T): T | undefined => {
    try {
      return work();
    } catch (error) {
      issues.push({ path: at, message: (error as Error).message });
      return undefined;
    }
  };

  const networks: Record<string, ComposeNetwork> = {};
  for (const [name, raw] of entries(data.networks)) {
    const n = (raw ?? {}) as Dict;
    const external = externalOf(n.external);
    networks[name] = {
      name: str(n.name) ?? (external ? (externalName(n.external) ?? name) : undefined),
      external,
      driver: str(n.driver),
      driverOpts: stringMap(n.driver_opts),
      internal: bool(n.internal),
      attachable: bool(n.attachable),
      labels: labelMap(n.labels),
      ipam: n.ipam
        ? {
            driver: str((n.ipam as Dict).driver),
            config:
              ((n.ipam as Dict).config as Dict[] | undefined)?.map((c) => ({
                subnet: str(c.subnet),
              })) ?? [],
          }
        : undefined,
    };
  }

  const volumes: Record<string, ComposeVolume> = {};
  for (const [name, raw] of entries(data.volumes)) {
    const v = (raw ?? {}) as Dict;
    const external = externalOf(v.external);
    if (external && (v.driver || v.driver_opts || v.labels)) {
      issues.push({
        path: ['volumes', name, 'external'],
        message: `conflicting parameters "external" and driver/labels for volume "${name}"`,
      });
    }
    volumes[name] = {
      name: str(v.name) ?? (external ? (externalName(v.external) ?? name) : undefined),
      external,
      driver: str(v.driver),
      driverOpts: stringMap(v.driver_opts),
      labels: labelMap(v.labels),
    };
  }

  const fileObjects = (section: 'configs' | 'secrets') => {
    const result: Record<string, ComposeFileObject> = {};
    for (const [name, raw] of entries(data[section])) {
      const o = (raw ?? {}) as Dict;
      const external = externalOf(o.external);
      // compose-spec's `environment:` source: the content is that variable's value at deploy.
      // Unset, an existing secret stays as it is (the planner refuses creating one without it).
      const variable = str(o.environment);
      const object: ComposeFileObject = {
        name: str(o.name) ?? (external ? (externalName(o.external) ?? name) : undefined),
        external,
        labels: labelMap(o.labels),
        templateDriver: str(o.template_driver),
        content: str(o.content) ?? (variable !== undefined ? env[variable] : undefined),
        variable,
        file: str(o.file) !== undefined ? path.resolve(workingDir, String(o.file)) : undefined,
      };
      if (
        !external &&
        variable === undefined &&
        object.file === undefined &&
        object.content === undefined
      ) {
        issues.push({
          path: [section, name],
          message: o.driver
            ? `${section} with a driver are not supported by Drover yet`
            : `give "file" (or "external: true")`,
        });
      }
      result[name] = object;
    }
    return result;
  };
  const configs = fileObjects('configs');
  const secrets = fileObjects('secrets');

  const services: ComposeService[] = [];
  const loadBalancers: LoadBalancerSpec[] = [];
  const ignored = new Set<string>();
  const plainServices = new Set(
    entries(data.services)
      .filter(([, raw]) => (raw as Dict | null)?.[LB_KEY] === undefined)
      .map(([name]) => name),
  );
  for (const [name, raw] of entries(data.services)) {
    const s = (raw ?? {}) as Dict;
    const at = (...rest: PathParts): PathParts => ['services', name, ...rest];
    if (s[LB_KEY] !== undefined) {
      const lb = loadBalancer(name, s, {
        services: plainServices,
        secrets: new Set(Object.keys(secrets)),
      });
      issues.push(...lb.issues);
      warnings.push(...lb.warnings);
      if (lb.spec) loadBalancers.push(lb.spec);
      continue;
    }
    for (const key of Object.keys(s))
      if (!SUPPORTED.has(key) && key !== 'env_file' && !key.startsWith('x-')) ignored.add(key);
    if (s.env_file !== undefined) {
      // The CLI inlines env files (env-file.ts) before the document reaches the core.
      issues.push({
        path: at('env_file'),
        message:
          'env files are read only by `drover stack deploy -f FILE` (next to the compose file), which writes their variables into environment:; here there is no file to read: put the variables under environment: instead',
      });
    }
    const image = str(s.image);
    if (!image)
      issues.push({ path: at(), message: 'an image is required (Swarm services are not built)' });
    const deploy = (s.deploy ?? {}) as Dict;
    const placement = (deploy.placement ?? {}) as Dict;
    const resources = (deploy.resources ?? {}) as Dict;
    const limits = resources.limits as Dict | undefined;
    const reservations = resources.reservations as Dict | undefined;
    const restartPolicy = deploy.restart_policy as Dict | undefined;
    const healthcheck = s.healthcheck as Dict | undefined;
    const mode = (str(deploy.mode) ?? 'replicated') as ComposeService['deploy']['mode'];
    if (!['replicated', 'global', 'replicated-job', 'global-job'].includes(mode)) {
      issues.push({ path: at('deploy', 'mode'), message: `unknown mode: ${mode}` });
    }
    if (mode.startsWith('global') && deploy.replicas !== undefined) {
      issues.push({
        path: at('deploy', 'replicas'),
        message: 'replicas can only be used with replicated or replicated-job mode',
      });
    }

    const serviceNetworks = s.networks === undefined ? undefined : networkMap(s.networks);
    for (const network of Object.keys(serviceNetworks ?? {})) {
      if (!networks[network] && network !== 'default') {
        issues.push({
          path: at(
            'networks',
            Array.isArray(s.networks) ? (s.networks as string[]).indexOf(network) : network,
          ),
          message: `undefined network "${network}"`,
        });
      }
    }

    const mounts: ComposeMount[] = [];
    (s.volumes as unknown[] | undefined)?.forEach((entry, index) => {
      const mount = guard(at('volumes', index), () => toMount(entry, workingDir, env));
      if (!mount) return;
      if (mount.type === 'volume' && mount.source && !volumes[mount.source]) {
        issues.push({ path: at('volumes', index), message: `undefined volume "${mount.source}"` });
      }
      mounts.push(mount);
    });

    const ports: ComposePort[] = [];
    (s.ports as unknown[] | undefined)?.forEach((entry, index) => {
      guard(at('ports', index), () => {
        if (typeof entry === 'object' && entry !== null) {
          const p = entry as Dict;
          const published = p.published === undefined ? undefined : Number(p.published);
          if (published !== undefined && !Number.isInteger(published))
            throw new Error(`invalid published port "${String(p.published)}"`);
          ports.push({
            Protocol: str(p.protocol) ?? '',
            TargetPort: Number(p.target),
            PublishedPort: published,
            PublishMode: str(p.mode) ?? '',
            modeUnset: p.mode === undefined,
          });
        } else {
          for (const port of parsePortSpec(entry as string | number))
            ports.push({ ...port, modeUnset: true });
        }
      });
    });

    const references = (section: 'configs' | 'secrets', known: Record<string, ComposeFileObject>) =>
      ((s[section] as unknown[] | undefined) ?? []).flatMap((entry, index): FileReference[] => {
        const ref: FileReference =
          typeof entry === 'string'
            ? { source: entry }
            : {
                source: String((entry as Dict).source),
                target: str((entry as Dict).target),
                uid: str((entry as Dict).uid),
                gid: str((entry as Dict).gid),
                mode: (entry as Dict).mode as number | undefined,
              };
        if (!known[ref.source]) {
          issues.push({
            path: at(section, index),
            message: `undefined ${section.slice(0, -1)} "${ref.source}"`,
          });
          return [];
        }
        return [ref];
      });

    const duration = (value: unknown, where: PathParts) =>
      value === undefined ? undefined : guard(where, () => parseDuration(String(value)));
    const cpus = (value: unknown, where: PathParts) =>
      value === undefined ? undefined : guard(where, () => parseCpus(value as string | number));
    const size = (value: unknown, where: PathParts) =>
      value === undefined ? undefined : guard(where, () => parseSize(value as string | number));
    const update = (value: unknown, key: string): UpdateSettings | undefined => {
      if (!value) return undefined;
      const u = value as Dict;
      return {
        parallelism: u.parallelism as number | undefined,
        delay: duration(u.delay, at('deploy', key, 'delay')),
        failureAction: str(u.failure_action),
        monitor: duration(u.monitor, at('deploy', key, 'monitor')),
        maxFailureRatio: u.max_failure_ratio as number | undefined,
        order: str(u.order),
      };
    };

    services.push({
      name,
      image: image ?? '',
      command: guard(at('command'), () => commandOf(s.command)),
      entrypoint: guard(at('entrypoint'), () => commandOf(s.entrypoint)),
      environment: environmentOf(s.environment, env),
      labels: labelMap(s.labels),
      hostname: str(s.hostname),
      user: str(s.user),
      workingDir: str(s.working_dir),
      stopGracePeriod: duration(s.stop_grace_period, at('stop_grace_period')),
      stopSignal: str(s.stop_signal),
      healthcheck: healthcheck && {
        disable: bool(healthcheck.disable),
        test:
          typeof healthcheck.test === 'string'
            ? ['CMD-SHELL', healthcheck.test]
            : (healthcheck.test as string[] | undefined),
        interval: duration(healthcheck.interval, at('healthcheck', 'interval')),
        timeout: duration(healthcheck.timeout, at('healthcheck', 'timeout')),
        startPeriod: duration(healthcheck.start_period, at('healthcheck', 'start_period')),
        startInterval: duration(healthcheck.start_interval, at('healthcheck', 'start_interval')),
        retries: healthcheck.retries as number | undefined,
      },
      init: bool(s.init),
      readOnly: bool(s.read_only),
      tty: bool(s.tty),
      stdinOpen: bool(s.stdin_open),
      capAdd: stringList(s.cap_add),
      capDrop: stringList(s.cap_drop),
      sysctls: labelMap(s.sysctls),
      ulimits: ulimitsOf(s.ulimits),
      dns: stringList(s.dns),
      dnsSearch: stringList(s.dns_search),
      extraHosts: Array.isArray(s.extra_hosts)
        ? (s.extra_hosts as string[])
        : Object.entries(stringMap(s.extra_hosts) ?? {}).map(([h, ip]) => `${h}:${ip}`),
      logging: s.logging
        ? {
            driver: str((s.logging as Dict).driver),
            options: stringMap((s.logging as Dict).options),
          }
        : undefined,
      volumes: mounts,
      networks: serviceNetworks,
      ports,
      configs: references('configs', configs),
      secrets: references('secrets', secrets),
      restart: str(s.restart),
      deploy: {
        mode,
        replicas: deploy.replicas as number | undefined,
        labels: labelMap(deploy.labels),
        constraints: (placement.constraints as string[] | undefined) ?? [],
        preferences: ((placement.preferences as Dict[] | undefined) ?? []).map((p) =>
          String(p.spread),
        ),
        maxReplicasPerNode: placement.max_replicas_per_node as number | undefined,
        limits: limits && {
          nanoCpus: cpus(limits.cpus, at('deploy', 'resources', 'limits', 'cpus')),
          memoryBytes: size(limits.memory, at('deploy', 'resources', 'limits', 'memory')),
          pids: limits.pids as number | undefined,
        },
        reservations: reservations && {
          nanoCpus: cpus(reservations.cpus, at('deploy', 'resources', 'reservations', 'cpus')),
          memoryBytes: size(
            reservations.memory,
            at('deploy', 'resources', 'reservations', 'memory'),
          ),
        },
        restartPolicy: restartPolicy && {
          condition: str(restartPolicy.condition),
          delay: duration(restartPolicy.delay, at('deploy', 'restart_policy', 'delay')),
          maxAttempts: restartPolicy.max_attempts as number | undefined,
          window: duration(restartPolicy.window, at('deploy', 'restart_policy', 'window')),
        },
        updateConfig: update(deploy.update_config, 'update_config'),
        rollbackConfig: update(deploy.rollback_config, 'rollback_config'),
        endpointMode: str(deploy.endpoint_mode),
      },
    });
  }
  if (ignored.size)
    warnings.push(`Ignoring unsupported options: ${[...ignored].sort().join(', ')}`);
  return {
    model: { services, loadBalancers, networks, volumes, configs, secrets },
    issues,
    warnings,
  };
}

/** A service with an x-drover-lb block: its image and the block; other keys do not apply. */
function loadBalancer(name: string, s: Dict, known: LbContext) {
  const parsed = parseLbBlock(name, s[LB_KEY], str(s.image), known);
  const issues: LoadIssue[] = parsed.issues.map((i) => ({
    path: ['services', name, LB_KEY, ...i.path],
    message: i.message,
  }));
  const other = Object.keys(s).filter((k) => k !== 'image' && !k.startsWith('x-'));
  const warnings = other.length
    ? [
        `${name}: a load balancer takes only image and ${LB_KEY}; ignoring ${other.sort().join(', ')}`,
      ]
    : [];
  return { spec: parsed.spec, issues, warnings };
}

function entries(value: unknown): [string, unknown][] {
  return value && typeof value === 'object'
    ? Object.entries(value).filter(([k]) => !k.startsWith('x-'))
    : [];
}

const str = (value: unknown): string | undefined =>
  value === undefined || value === null ? undefined : String(value);
const bool = (value: unknown): boolean | undefined =>
  value === undefined || value === null ? undefined : Boolean(value);

function externalOf(value: unknown): boolean {
  return typeof value === 'object' && value !== null ? true : Boolean(value);
}
function externalName(value: unknown): string | undefined {
  return typeof value === 'object' && value !== null ? str((value as Dict).name) : undefined;
}

function stringMap(value: unknown): Record<string, string> | undefined {
  if (!value || typeof value !== 'object') return undefined;
  return Object.fromEntries(
    Object.entries(value).map(([k, v]) => [k, v === null ? '' : String(v)]),
  );
}

function stringList(value: unknown): string[] {
  if (value === undefined || value === null) return [];
  return (Array.isArray(value) ? value : [value]).map(String);
}

/** Labels: a dict, or a list of KEY=VALUE (a bare KEY is an empty value). */
function labelMap(value: unknown): Record<string, string> {
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
function environmentOf(value: unknown, env: Env): Record<string, string | null> {
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
function ulimitsOf(value: unknown): ComposeService['ulimits'] {
  return Object.fromEntries(
    Object.entries((value ?? {}) as Dict).map(([name, limit]) =>
      typeof limit === 'object' && limit !== null
        ? [name, { soft: Number((limit as Dict).soft), hard: Number((limit as Dict).hard) }]
        : [name, { soft: Number(limit), hard: Number(limit) }],
    ),
  );
}

function commandOf(value: unknown): string[] | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string') return shellSplit(value);
  return (value as unknown[]).map(String);
}

function networkMap(value: unknown): NonNullable<ComposeService['networks']> {
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
function toMount(entry: unknown, workingDir: string, env: Env): ComposeMount {
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
