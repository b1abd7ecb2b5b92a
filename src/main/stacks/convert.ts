// ComposeModel → the Swarm objects `docker stack deploy` would create, field by field as docker
// 20.10's cli/compose/convert does (names <stack>_<name>, namespace labels, the default overlay
// network, aliases, sorted env/networks/configs/secrets/ports). Pure: file contents come through
// `readFile`, image digests and config/secret ids are filled in by deploy.ts.
import type { ComposeFileObject, ComposeModel, ComposeService } from './model.js';
import { DEFAULT_LB_IMAGE } from '../../shared/lb.js';
import { convertLoadBalancer } from '../lb/convert.js';
import { LABEL_IMAGE, scope } from '../swarm/labels.js';
import {
  byteOrder,
  capabilities,
  compact,
  healthcheck,
  isUserDefined,
  mount,
  nonEmpty,
  restartPolicy,
  serviceMode,
  updateConfig,
  withStackLabel,
} from './convert-fields.js';
import { NO_IPVS_ENDPOINT_MODE, NO_IPVS_PUBLISH_MODE } from '../swarm/defaults.js';

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
  const endpoint = endpointSpec(s, options, warnings);
  const spec: Json = compact({
    Name: name,
    Labels: { ...withStackLabel(stack, d.labels), [LABEL_IMAGE]: s.image },
    TaskTemplate: compact({
      ContainerSpec: containerSpec(stack, s, model),
      LogDriver: s.logging
        ? compact({ Name: s.logging.driver ?? '', Options: s.logging.options })
        : undefined,
      Resources: resources(d),
      RestartPolicy: restartPolicy(s),
      Placement: compact({
        Constraints: nonEmpty(d.constraints),
        Preferences: nonEmpty(
          d.preferences.map((spread) => ({ Spread: { SpreadDescriptor: spread } })),
        ),
        MaxReplicas: d.maxReplicasPerNode || undefined,
      }),
      Networks: networkAttachments(stack, s, model),
    }),
    EndpointSpec: endpoint,
    Mode: serviceMode(d.mode, d.replicas),
    UpdateConfig: updateConfig(d.updateConfig),
    RollbackConfig: updateConfig(d.rollbackConfig),
  });
  return { base: s.name, name, image: s.image, spec };
}

/**
 * Endpoint mode and published ports. Without IPVS, VIPs and the routing mesh fail: DNS round
 * robin and host-mode ports where the file leaves them unset, and a warning for each.
 */
function endpointSpec(s: ComposeService, options: ConvertOptions, warnings: string[]): Json {
  let endpointMode = s.deploy.endpointMode?.toLowerCase();
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
  return compact({ Mode: endpointMode || undefined, Ports: nonEmpty(swarmPorts) });
}

/** The service's networks (the stack's default network when it names none), with aliases. */
function networkAttachments(stack: string, s: ComposeService, model: ComposeModel): Json[] {
  return Object.entries(
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
}

function containerSpec(stack: string, s: ComposeService, model: ComposeModel): Json {
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

  return compact({
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
}

function resources(d: ComposeService['deploy']): Json {
  return compact({
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
  });
}
