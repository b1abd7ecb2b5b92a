// One compose service read into the model: its keys checked against what Drover converts, its
// values parsed (a bad one is an issue at its path), its references to the file's networks,
// volumes, configs and secrets resolved.
import type {
  ComposeFileObject,
  ComposeMount,
  ComposePort,
  ComposeService,
  FileReference,
  UpdateSettings,
} from './model.js';
import { parsePortSpec } from './ports.js';
import { parseCpus, parseDuration, parseSize } from './units.js';
import {
  bool,
  commandOf,
  environmentOf,
  labelMap,
  networkMap,
  str,
  stringList,
  stringMap,
  toMount,
  ulimitsOf,
} from './compose-values.js';
import type { Dict, PathParts, Report, ServiceScope } from './load.js';

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

/** One service: its keys and values checked, its references to top-level objects resolved. */
export function loadService(name: string, s: Dict, scope: ServiceScope): ComposeService {
  const { report, env } = scope;
  const at = (...rest: PathParts): PathParts => ['services', name, ...rest];
  for (const key of Object.keys(s))
    if (!SUPPORTED.has(key) && key !== 'env_file' && !key.startsWith('x-')) scope.ignored.add(key);
  if (s.env_file !== undefined) {
    // The CLI inlines env files (env-file.ts) before the document reaches the core.
    report.issues.push({
      path: at('env_file'),
      message:
        'env files are read only by `drover stack deploy -f FILE` (next to the compose file), which writes their variables into environment:; here there is no file to read: put the variables under environment: instead',
    });
  }
  const image = str(s.image);
  if (!image)
    report.issues.push(
      s.build !== undefined
        ? {
            // Pointed at `build:`, the line the user wrote instead of an image.
            path: at('build'),
            message:
              'Swarm services run an image and are never built: build the image and push it to a registry first (docker build -t REGISTRY/NAME:TAG . && docker push REGISTRY/NAME:TAG), then name it in image:',
          }
        : { path: at(), message: 'an image is required (Swarm services run an image)' },
    );
  const values = valueParsers(report);
  const healthcheck = s.healthcheck as Dict | undefined;
  return {
    name,
    image: image ?? '',
    command: report.guard(at('command'), () => commandOf(s.command)),
    entrypoint: report.guard(at('entrypoint'), () => commandOf(s.entrypoint)),
    environment: environmentOf(s.environment, env),
    labels: labelMap(s.labels),
    hostname: str(s.hostname),
    user: str(s.user),
    workingDir: str(s.working_dir),
    stopGracePeriod: values.duration(s.stop_grace_period, at('stop_grace_period')),
    stopSignal: str(s.stop_signal),
    healthcheck: healthcheck && healthcheckOf(healthcheck, at, values),
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
    volumes: serviceMounts(s, at, scope),
    networks: serviceNetworks(s, at, scope),
    ports: servicePorts(s, at, report),
    configs: fileReferences('configs', s, scope.configs, at, report),
    secrets: fileReferences('secrets', s, scope.secrets, at, report),
    restart: str(s.restart),
    deploy: deploySettings((s.deploy ?? {}) as Dict, at, values, report),
  };
}

type At = (...rest: PathParts) => PathParts;

/** Value syntaxes (durations, CPUs, sizes, update settings): a bad one is an issue at its path. */
function valueParsers(report: Report) {
  const duration = (value: unknown, where: PathParts) =>
    value === undefined ? undefined : report.guard(where, () => parseDuration(String(value)));
  const cpus = (value: unknown, where: PathParts) =>
    value === undefined
      ? undefined
      : report.guard(where, () => parseCpus(value as string | number));
  const size = (value: unknown, where: PathParts) =>
    value === undefined
      ? undefined
      : report.guard(where, () => parseSize(value as string | number));
  const update = (value: unknown, key: string, at: At): UpdateSettings | undefined => {
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
  return { duration, cpus, size, update };
}
type ValueParsers = ReturnType<typeof valueParsers>;

function healthcheckOf(
  healthcheck: Dict,
  at: At,
  values: ValueParsers,
): ComposeService['healthcheck'] {
  return {
    disable: bool(healthcheck.disable),
    test:
      typeof healthcheck.test === 'string'
        ? ['CMD-SHELL', healthcheck.test]
        : (healthcheck.test as string[] | undefined),
    interval: values.duration(healthcheck.interval, at('healthcheck', 'interval')),
    timeout: values.duration(healthcheck.timeout, at('healthcheck', 'timeout')),
    startPeriod: values.duration(healthcheck.start_period, at('healthcheck', 'start_period')),
    startInterval: values.duration(healthcheck.start_interval, at('healthcheck', 'start_interval')),
    retries: healthcheck.retries as number | undefined,
  };
}

function deploySettings(
  deploy: Dict,
  at: At,
  values: ValueParsers,
  report: Report,
): ComposeService['deploy'] {
  const placement = (deploy.placement ?? {}) as Dict;
  const resources = (deploy.resources ?? {}) as Dict;
  const limits = resources.limits as Dict | undefined;
  const reservations = resources.reservations as Dict | undefined;
  const restartPolicy = deploy.restart_policy as Dict | undefined;
  const mode = (str(deploy.mode) ?? 'replicated') as ComposeService['deploy']['mode'];
  if (!['replicated', 'global', 'replicated-job', 'global-job'].includes(mode)) {
    report.issues.push({ path: at('deploy', 'mode'), message: `unknown mode: ${mode}` });
  }
  if (mode.startsWith('global') && deploy.replicas !== undefined) {
    report.issues.push({
      path: at('deploy', 'replicas'),
      message: 'replicas can only be used with replicated or replicated-job mode',
    });
  }
  return {
    mode,
    replicas: deploy.replicas as number | undefined,
    labels: labelMap(deploy.labels),
    constraints: (placement.constraints as string[] | undefined) ?? [],
    preferences: ((placement.preferences as Dict[] | undefined) ?? []).map((p) => String(p.spread)),
    maxReplicasPerNode: placement.max_replicas_per_node as number | undefined,
    limits: limits && {
      nanoCpus: values.cpus(limits.cpus, at('deploy', 'resources', 'limits', 'cpus')),
      memoryBytes: values.size(limits.memory, at('deploy', 'resources', 'limits', 'memory')),
      pids: limits.pids as number | undefined,
    },
    reservations: reservations && {
      nanoCpus: values.cpus(reservations.cpus, at('deploy', 'resources', 'reservations', 'cpus')),
      memoryBytes: values.size(
        reservations.memory,
        at('deploy', 'resources', 'reservations', 'memory'),
      ),
    },
    restartPolicy: restartPolicy && {
      condition: str(restartPolicy.condition),
      delay: values.duration(restartPolicy.delay, at('deploy', 'restart_policy', 'delay')),
      maxAttempts: restartPolicy.max_attempts as number | undefined,
      window: values.duration(restartPolicy.window, at('deploy', 'restart_policy', 'window')),
    },
    updateConfig: values.update(deploy.update_config, 'update_config', at),
    rollbackConfig: values.update(deploy.rollback_config, 'rollback_config', at),
    endpointMode: str(deploy.endpoint_mode),
  };
}

function serviceNetworks(s: Dict, at: At, scope: ServiceScope): ComposeService['networks'] {
  const serviceNetworks = s.networks === undefined ? undefined : networkMap(s.networks);
  for (const network of Object.keys(serviceNetworks ?? {})) {
    if (!scope.networks[network] && network !== 'default') {
      scope.report.issues.push({
        path: at(
          'networks',
          Array.isArray(s.networks) ? (s.networks as string[]).indexOf(network) : network,
        ),
        message: `undefined network "${network}"`,
      });
    }
  }
  return serviceNetworks;
}

function serviceMounts(s: Dict, at: At, scope: ServiceScope): ComposeMount[] {
  const mounts: ComposeMount[] = [];
  (s.volumes as unknown[] | undefined)?.forEach((entry, index) => {
    const mount = scope.report.guard(at('volumes', index), () =>
      toMount(entry, scope.workingDir, scope.env),
    );
    if (!mount) return;
    if (mount.type === 'volume' && mount.source && !scope.volumes[mount.source]) {
      scope.report.issues.push({
        path: at('volumes', index),
        message: `undefined volume "${mount.source}"`,
      });
    }
    mounts.push(mount);
  });
  return mounts;
}

function servicePorts(s: Dict, at: At, report: Report): ComposePort[] {
  const ports: ComposePort[] = [];
  (s.ports as unknown[] | undefined)?.forEach((entry, index) => {
    report.guard(at('ports', index), () => {
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
  return ports;
}

/** A service's configs or secrets, each checked against the file's top-level ones. */
function fileReferences(
  section: 'configs' | 'secrets',
  s: Dict,
  known: Record<string, ComposeFileObject>,
  at: At,
  report: Report,
): FileReference[] {
  return ((s[section] as unknown[] | undefined) ?? []).flatMap((entry, index): FileReference[] => {
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
      report.issues.push({
        path: at(section, index),
        message: `undefined ${section.slice(0, -1)} "${ref.source}"`,
      });
      return [];
    }
    return [ref];
  });
}
