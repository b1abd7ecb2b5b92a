// ComposeModel → the Swarm objects `docker stack deploy` would create, field by field as docker
// 20.10's cli/compose/convert does (names <stack>_<name>, namespace labels, the default overlay
// network, aliases, sorted env/networks/configs/secrets/ports). Pure: file contents come through
// `readFile`, image digests and config/secret ids are filled in by deploy.ts.
import type {
  ComposeFileObject,
  ComposeModel,
  ComposeMount,
  ComposeService,
  UpdateSettings,
} from './model.js';
import { DEFAULT_LB_IMAGE } from '../../shared/lb.js';
import { convertLoadBalancer } from '../lb/convert.js';
import { LABEL_IMAGE, LABEL_NAMESPACE, scope } from '../swarm/labels.js';
import {
  NO_IPVS_ENDPOINT_MODE,
  NO_IPVS_PUBLISH_MODE,
  RESTART_DELAY_NS,
} from '../swarm/defaults.js';

/** Swarm API objects as JSON; only the fields Drover writes are typed. */
export type Json = Record<string, unknown>;

export interface NetworkPlan {
  name: string;
  /** POST /networks/create body, without Name. */
  options: Json;
}

export interface FileObjectPlan {
  name: string;
  labels: Record<string, string>;
  /** Undefined: the content comes from `variable`, which is not set for this deploy. */
  data: Buffer | undefined;
  /** The variable the content comes from (compose-spec `environment:`). */
  variable?: string;
  templating?: { Name: string };
}

export interface ServicePlan {
  /** The name in the file. */
  base: string;
  /** <stack>_<base> */
  name: string;
  /** The image as the file names it (com.docker.stack.image). */
  image: string;
  spec: Json;
}

export interface StackPlan {
  stack: string;
  networks: NetworkPlan[];
  externalNetworks: string[];
  configs: FileObjectPlan[];
  secrets: FileObjectPlan[];
  services: ServicePlan[];
  warnings: string[];
}

export interface ConvertOptions {
  /** The HAProxy image of load balancers whose file names none (the LB image setting). */
  lbImage?: string;
  /** False where some host lacks IPVS: unset endpoint/publish modes become dnsrr/host. */
  routingMesh: boolean;
  readFile: (file: string) => Buffer;
}

const withStackLabel = (stack: string, labels: Record<string, string> = {}) => ({
  ...labels,
  [LABEL_NAMESPACE]: stack,
});

/** Drops undefined members, as Go's omitempty leaves them out of the request. */
function compact<T extends Json>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

const nonEmpty = <T>(list: T[] | undefined): T[] | undefined =>
  list && list.length ? list : undefined;

export function convertStack(
  stack: string,
  model: ComposeModel,
  options: ConvertOptions,
): StackPlan {
  const warnings: string[] = [];

  // Networks the services use; "default" when a service names none.
  const used = new Set<string>();
  for (const service of model.services) {
    const names = Object.keys(service.networks ?? {});
    if (names.length === 0) used.add('default');
    for (const name of names) used.add(name);
  }
  const networks: NetworkPlan[] = [];
  const externalNetworks: string[] = [];
  for (const internal of [...used].sort()) {
    const n = model.networks[internal] ?? { external: false, labels: {} };
    if (n.external) {
      externalNetworks.push(n.name ?? internal);
      continue;
    }
    const ipam =
      n.ipam && (n.ipam.driver || n.ipam.config.length)
        ? compact({
            Driver: n.ipam.driver,
            Config: nonEmpty(n.ipam.config.map((c) => compact({ Subnet: c.subnet }))),
          })
        : undefined;
    networks.push({
      name: n.name ?? scope(stack, internal),
      options: compact({
        Labels: withStackLabel(stack, n.labels),
        Driver: n.driver || 'overlay',
        Options: n.driverOpts,
        Internal: n.internal,
        Attachable: n.attachable,
        IPAM: ipam,
      }),
    });
  }

  const fileObjects = (objects: Record<string, ComposeFileObject>): FileObjectPlan[] =>
    Object.entries(objects)
      .filter(([, o]) => !o.external)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([name, o]) => ({
        name: o.name ?? scope(stack, name),
        labels: withStackLabel(stack, o.labels),
        data:
          o.content !== undefined
            ? Buffer.from(o.content)
            : o.file !== undefined
              ? options.readFile(o.file)
              : undefined,
        variable: o.variable,
        templating: o.templateDriver ? { Name: o.templateDriver } : undefined,
      }));

  const lbs = model.loadBalancers.map((lb) =>
    convertLoadBalancer(stack, lb, model, options.lbImage ?? DEFAULT_LB_IMAGE),
  );
  const services = model.services
    .map((service) => convertService(stack, service, model, options, warnings))
    .concat(lbs.flatMap((lb) => lb.services))
    .sort((a, b) => a.name.localeCompare(b.name));

  return {
    stack,
    networks,
    externalNetworks,
    configs: [...fileObjects(model.configs), ...lbs.flatMap((lb) => lb.configs)],
    secrets: fileObjects(model.secrets),
    services,
    warnings,
  };
}

function convertService(
  stack: string,
  s: ComposeService,
  model: ComposeModel,
  options: ConvertOptions,
  warnings: string[],
): ServicePlan {
  const name = scope(stack, s.name);
  const d = s.deploy;

  let endpointMode = d.endpointMode?.toLowerCase();
  const ports = s.ports.map((p) => ({ ...p }));
  if (!options.routingMesh) {
    if (!endpointMode) {
      endpointMode = NO_IPVS_ENDPOINT_MODE;
      warnings.push(
        `${s.name}: endpoint_mode dnsrr (the hosts have no IPVS for VIP load balancing)`,
      );
    } else if (endpointMode === 'vip') {
      warnings.push(
        `${s.name}: endpoint_mode vip needs IPVS, which these hosts lack; connections by VIP will fail`,
      );
    }
    for (const port of ports) {
      if (port.modeUnset && port.PublishMode !== NO_IPVS_PUBLISH_MODE) {
        port.PublishMode = NO_IPVS_PUBLISH_MODE;
        warnings.push(
          `${s.name}: port ${port.PublishedPort ?? ''}:${port.TargetPort} published in host mode (no routing mesh without IPVS)`,
        );
      } else if (port.PublishMode === 'ingress' || port.PublishMode === '') {
        warnings.push(
          `${s.name}: port ${port.TargetPort} in ingress mode needs IPVS, which these hosts lack`,
        );
      }
    }
  }
  const swarmPorts = ports
    .map((p) =>
      compact({
        Protocol: p.Protocol || undefined,
        TargetPort: p.TargetPort,
        PublishedPort: p.PublishedPort || undefined,
        PublishMode: p.PublishMode || undefined,
      }),
    )
    .sort((a, b) => Number(a.PublishedPort ?? 0) - Number(b.PublishedPort ?? 0));

  const attachments = Object.entries(
    s.networks && Object.keys(s.networks).length ? s.networks : { default: null },
  )
    .map(([network, config]) => {
      const target = model.networks[network]?.name ?? scope(stack, network);
      const aliases = [...(config?.aliases ?? [])];
      if (isUserDefined(target)) aliases.push(s.name);
      return compact({
        Target: target,
        Aliases: nonEmpty(aliases),
        DriverOpts: config?.driverOpts,
      });
    })
    .sort((a, b) => String(a.Target).localeCompare(String(b.Target)));

  const reference = (
    ref: ComposeService['configs'][number],
    objects: Record<string, ComposeFileObject>,
  ) => ({
    name: objects[ref.source]?.name ?? scope(stack, ref.source),
    file: {
      Name: ref.target ?? ref.source,
      UID: ref.uid ?? '0',
      GID: ref.gid ?? '0',
      Mode: ref.mode ?? 0o444,
    },
  });
  const configs = s.configs
    .map((ref) => reference(ref, model.configs))
    .map((r) => ({ File: r.file, ConfigName: r.name }))
    .sort((a, b) => a.ConfigName.localeCompare(b.ConfigName));
  const secrets = s.secrets
    .map((ref) => {
      const r = reference(ref, model.secrets);
      // Secrets land in /run/secrets/<target>; docker keeps the target relative.
      return { File: r.file, SecretName: r.name };
    })
    .sort((a, b) => a.SecretName.localeCompare(b.SecretName));

  const env = Object.entries(s.environment)
    .map(([key, value]) => (value === null ? key : `${key}=${value}`))
    .sort(byteOrder);

  const containerSpec = compact({
    Image: s.image,
    Command: s.entrypoint,
    Args: s.command,
    Hostname: s.hostname || undefined,
    Hosts: nonEmpty(
      s.extraHosts.flatMap((entry) => {
        const at = entry.indexOf(':');
        return at < 0 ? [] : [`${entry.slice(at + 1)} ${entry.slice(0, at)}`];
      }),
    ),
    DNSConfig:
      s.dns.length || s.dnsSearch.length
        ? compact({ Nameservers: nonEmpty(s.dns), Search: nonEmpty(s.dnsSearch) })
        : undefined,
    Healthcheck: healthcheck(s.healthcheck),
    Env: nonEmpty(env),
    Labels: withStackLabel(stack, s.labels),
    Dir: s.workingDir || undefined,
    User: s.user || undefined,
    Mounts: nonEmpty(s.volumes.map((m) => mount(stack, m, model))),
    StopGracePeriod: s.stopGracePeriod,
    StopSignal: s.stopSignal || undefined,
    TTY: s.tty || undefined,
    OpenStdin: s.stdinOpen || undefined,
    Secrets: nonEmpty(secrets),
    Configs: nonEmpty(configs),
    ReadOnly: s.readOnly || undefined,
    // docker always sends an empty Privileges object; the engine then reports it with nulls.
    Privileges: { CredentialSpec: null, SELinuxContext: null },
    Init: s.init,
    Sysctls: Object.keys(s.sysctls).length ? s.sysctls : undefined,
    ...capabilities(s.capAdd, s.capDrop),
    Ulimits: nonEmpty(
      Object.entries(s.ulimits)
        .map(([Name, u]) => ({ Name, Hard: u.hard, Soft: u.soft }))
        .sort((a, b) => byteOrder(a.Name, b.Name)),
    ),
  });

  const spec: Json = compact({
    Name: name,
    Labels: { ...withStackLabel(stack, d.labels), [LABEL_IMAGE]: s.image },
    TaskTemplate: compact({
      ContainerSpec: containerSpec,
      LogDriver: s.logging
        ? compact({ Name: s.logging.driver ?? '', Options: s.logging.options })
        : undefined,
      Resources: compact({
        Limits: d.limits
          ? compact({
              NanoCPUs: d.limits.nanoCpus || undefined,
              MemoryBytes: d.limits.memoryBytes || undefined,
              Pids: d.limits.pids,
            })
          : undefined,
        Reservations: d.reservations
          ? compact({
              NanoCPUs: d.reservations.nanoCpus || undefined,
              MemoryBytes: d.reservations.memoryBytes || undefined,
            })
          : undefined,
      }),
      RestartPolicy: restartPolicy(s),
      Placement: compact({
        Constraints: nonEmpty(d.constraints),
        Preferences: nonEmpty(
          d.preferences.map((spread) => ({ Spread: { SpreadDescriptor: spread } })),
        ),
        MaxReplicas: d.maxReplicasPerNode || undefined,
      }),
      Networks: attachments,
    }),
    EndpointSpec: compact({ Mode: endpointMode || undefined, Ports: nonEmpty(swarmPorts) }),
    Mode: serviceMode(d.mode, d.replicas),
    UpdateConfig: updateConfig(d.updateConfig),
    RollbackConfig: updateConfig(d.rollbackConfig),
  });
  return { base: s.name, name, image: s.image, spec };
}

/**
 * cap_add/cap_drop as docker's EffectiveCapAddCapDrop makes them: upper case with a CAP_ prefix
 * (ALL stays ALL and trumps the rest), what is added is not dropped, sorted, no duplicates.
 */
export function capabilities(add: string[], drop: string[]): Json {
  const normalize = (cap: string) => {
    const upper = cap.trim().toUpperCase();
    return upper === 'ALL' || upper === 'RESET' || upper.startsWith('CAP_')
      ? upper
      : `CAP_${upper}`;
  };
  const set = (caps: string[]) => {
    const normalized = new Set(caps.map(normalize));
    return normalized.has('ALL') ? new Set(['ALL']) : normalized;
  };
  const added = set(add);
  const dropped = [...set(drop)].filter((cap) => !added.has(cap));
  return compact({
    CapabilityAdd: nonEmpty([...added].sort(byteOrder)),
    CapabilityDrop: nonEmpty(dropped.sort(byteOrder)),
  });
}

const byteOrder = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

function isUserDefined(network: string): boolean {
  return (
    !['default', 'bridge', 'host', 'none'].includes(network) && !network.startsWith('container:')
  );
}

function healthcheck(h: ComposeService['healthcheck']): Json | undefined {
  if (!h) return undefined;
  if (h.disable) {
    if (h.test?.length) throw new Error("test and disable can't be set at the same time");
    return { Test: ['NONE'] };
  }
  return compact({
    Test: h.test,
    Interval: h.interval || undefined,
    Timeout: h.timeout || undefined,
    StartPeriod: h.startPeriod || undefined,
    StartInterval: h.startInterval || undefined,
    Retries: h.retries || undefined,
  });
}

function mount(stack: string, m: ComposeMount, model: ComposeModel): Json {
  const base = compact({
    Type: m.type,
    Target: m.target,
    ReadOnly: m.readOnly || undefined,
    Source: m.source || undefined,
    Consistency: m.consistency,
  });
  if (m.type === 'volume') {
    if (!m.source) return base;
    const volume = model.volumes[m.source];
    const source = volume?.name ?? scope(stack, m.source);
    const volumeOptions: Json = compact({ NoCopy: m.volume?.nocopy || undefined });
    if (volume && !volume.external) {
      volumeOptions.Labels = withStackLabel(stack, volume.labels);
      if (volume.driver || volume.driverOpts) {
        volumeOptions.DriverConfig = compact({ Name: volume.driver, Options: volume.driverOpts });
      }
    }
    return { ...base, Source: source, VolumeOptions: volumeOptions };
  }
  if ((m.type === 'bind' || m.type === 'npipe') && m.bind) {
    return { ...base, BindOptions: compact({ Propagation: m.bind.propagation }) };
  }
  if (m.type === 'tmpfs' && m.tmpfs)
    return { ...base, TmpfsOptions: compact({ SizeBytes: m.tmpfs.size }) };
  return base;
}

/** deploy.restart_policy, else the legacy `restart`, as docker reads them; Drover's delay default. */
function restartPolicy(s: ComposeService): Json | undefined {
  const policy = s.deploy.restartPolicy;
  if (policy) {
    return compact({
      Condition: policy.condition ?? '',
      Delay: policy.delay ?? RESTART_DELAY_NS,
      MaxAttempts: policy.maxAttempts,
      Window: policy.window,
    });
  }
  const legacy = s.restart;
  if (legacy) {
    const [kind, count] = legacy.split(':');
    const attempts = count ? Number(count) : 0;
    if (kind === 'no' || kind === '') return { Condition: 'any', Delay: RESTART_DELAY_NS };
    const condition =
      kind === 'always' || kind === 'unless-stopped'
        ? 'any'
        : kind === 'on-failure'
          ? 'on-failure'
          : null;
    if (!condition) throw new Error(`invalid restart policy: unknown policy '${kind}'`);
    return compact({
      Condition: condition,
      Delay: RESTART_DELAY_NS,
      MaxAttempts: attempts > 0 ? attempts : undefined,
    });
  }
  // Swarm would default to condition any, 5 s delay, unlimited attempts: only the delay changes.
  return { Condition: 'any', Delay: RESTART_DELAY_NS, MaxAttempts: 0 };
}

function updateConfig(u: UpdateSettings | undefined): Json | undefined {
  if (!u) return undefined;
  return {
    Parallelism: u.parallelism ?? 1,
    Delay: u.delay ?? 0,
    FailureAction: u.failureAction ?? '',
    Monitor: u.monitor ?? 0,
    MaxFailureRatio: u.maxFailureRatio ?? 0,
    Order: u.order ?? '',
  };
}

function serviceMode(mode: ComposeService['deploy']['mode'], replicas: number | undefined): Json {
  switch (mode) {
    case 'global':
      return { Global: {} };
    case 'global-job':
      return { GlobalJob: {} };
    case 'replicated-job':
      return { ReplicatedJob: compact({ MaxConcurrent: replicas, TotalCompletions: replicas }) };
    default:
      return { Replicated: compact({ Replicas: replicas }) };
  }
}
