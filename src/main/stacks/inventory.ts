// What runs on the cluster, read through a manager: stacks (grouped by docker's namespace
// label), their services and tasks, and compose documents (Drover's stored copy, or one rebuilt
// from the service specs for stacks deployed by the docker CLI).
import type Docker from 'dockerode';
import { stringify } from 'yaml';
import type { StackServiceInfo, TaskInfo } from '../../shared/types.js';
import { composeDocuments } from './deploy.js';
import { taskInfo } from './tasks.js';
import { lbService, lbTierOf } from '../lb/adopt.js';
import { serviceProblem } from './task-problems.js';
import { formatDuration } from './units.js';
import {
  composeConfigName,
  LABEL_IMAGE,
  LABEL_NAMESPACE,
  stoppedReplicas,
} from '../swarm/labels.js';
import {
  desiredCount,
  isRunning,
  snapshot,
  type RawService,
  type Snapshot,
} from '../swarm/objects.js';

/** Engine JSON read loosely: rebuilding a document walks many optional fields. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the engine's spec JSON
type EngineJson = Record<string, any>;

export interface ClusterStack {
  name: string;
  services: StackServiceInfo[];
  /** The latest compose document kept on the cluster by Drover, if any. */
  documentVersion: number | null;
}

/** A service as the console shows it, from a snapshot (its live tasks, history and nodes). */
export function serviceInfo(
  service: RawService,
  { tasks, history, nodes }: Omit<Snapshot, 'services'>,
): StackServiceInfo {
  const stack = service.Spec.Labels?.[LABEL_NAMESPACE] ?? null;
  const own = tasks.filter((t) => t.ServiceID === service.ID);
  const mode = service.Spec.Mode ?? {};
  const container = (service.Spec.TaskTemplate?.ContainerSpec ?? {}) as { Image?: string };
  return {
    id: service.ID,
    name: service.Spec.Name,
    stack,
    shortName:
      stack && service.Spec.Name.startsWith(`${stack}_`)
        ? service.Spec.Name.slice(stack.length + 1)
        : service.Spec.Name,
    image:
      service.Spec.Labels?.[LABEL_IMAGE] ??
      container.Image?.replace(/@sha256:[0-9a-f]+$/, '') ??
      '',
    mode: mode.Global
      ? 'global'
      : mode.ReplicatedJob
        ? 'replicated-job'
        : mode.GlobalJob
          ? 'global-job'
          : 'replicated',
    replicas: mode.Replicated ? (mode.Replicated.Replicas ?? 1) : null,
    desiredTasks: desiredCount(service, own),
    runningTasks: own.filter(isRunning).length,
    endpointMode: service.Spec.EndpointSpec?.Mode ?? 'vip',
    ports: (service.Spec.EndpointSpec?.Ports ?? []).map(
      (p) =>
        `${p.PublishedPort ? `${p.PublishedPort}:` : ''}${p.TargetPort}/${p.Protocol ?? 'tcp'}${p.PublishMode === 'host' ? ' (host)' : ''}`,
    ),
    updatedAt: service.UpdatedAt ?? '',
    lb: lbTierOf(service),
    updateStatus: service.UpdateStatus?.State
      ? { state: service.UpdateStatus.State, message: service.UpdateStatus.Message || null }
      : null,
    stoppedReplicas: stoppedReplicas(service.Spec.Labels),
    problem: serviceProblem(service, history, (id) => nodes.get(id) ?? null),
  };
}

export async function clusterStacks(docker: Docker): Promise<ClusterStack[]> {
  const [{ services, ...tasks }, documents] = await Promise.all([
    snapshot(docker, { label: [LABEL_NAMESPACE] }),
    composeDocuments(docker),
  ]);
  const stacks = new Map<string, ClusterStack>();
  const get = (name: string) => {
    let stack = stacks.get(name);
    if (!stack) stacks.set(name, (stack = { name, services: [], documentVersion: null }));
    return stack;
  };
  for (const service of services) {
    const name = service.Spec.Labels?.[LABEL_NAMESPACE];
    if (name) get(name).services.push(serviceInfo(service, tasks));
  }
  for (const document of documents) {
    // A document without services is a stack whose services were all removed by hand.
    const stack = stacks.get(document.stack);
    if (stack) stack.documentVersion = Math.max(stack.documentVersion ?? 0, document.version);
  }
  return [...stacks.values()].sort((a, b) => a.name.localeCompare(b.name));
}

export async function stackTasks(
  docker: Docker,
  stack: string,
  droverName?: (nodeId: string) => string | null,
): Promise<Map<string, TaskInfo[]>> {
  const { services, tasks, nodes } = await snapshot(docker, {
    label: [`${LABEL_NAMESPACE}=${stack}`],
  });
  const result = new Map<string, TaskInfo[]>();
  for (const service of services) {
    result.set(
      service.Spec.Name,
      tasks
        .filter((t) => t.ServiceID === service.ID)
        .map((t) => taskInfo(t, (id) => nodes.get(id) ?? null, droverName))
        .sort((a, b) => (a.slot ?? 0) - (b.slot ?? 0)),
    );
  }
  return result;
}

/** The compose document Drover kept on the cluster for a stack (its latest version). */
export async function storedDocument(
  docker: Docker,
  stack: string,
): Promise<{ version: number; compose: string } | undefined> {
  const documents = await composeDocuments(docker, stack);
  const latest = documents.at(-1);
  if (!latest) return undefined;
  const config = (await docker.getConfig(composeConfigName(stack, latest.version)).inspect()) as {
    Spec: { Data: string };
  };
  return {
    version: latest.version,
    compose: Buffer.from(config.Spec.Data, 'base64').toString('utf8'),
  };
}

/** A compose document rebuilt from a stack's service specs (stacks deployed by the docker CLI). */
export async function rebuildCompose(docker: Docker, stack: string): Promise<string> {
  const services = (await docker.listServices({
    filters: { label: [`${LABEL_NAMESPACE}=${stack}`] },
  })) as unknown as RawService[];
  const networks = (await docker.listNetworks()) as {
    Id: string;
    Name: string;
    Labels?: Record<string, string>;
  }[];
  const networkName = new Map(networks.map((n) => [n.Id, n.Name]));
  const prefix = `${stack}_`;
  const descope = (name: string) => (name.startsWith(prefix) ? name.slice(prefix.length) : name);
  const doc: {
    version: string;
    services: Record<string, unknown>;
    networks?: Record<string, unknown>;
    volumes?: Record<string, unknown>;
    configs?: Record<string, unknown>;
    secrets?: Record<string, unknown>;
  } = {
    version: '3.8',
    services: {},
  };
  const usedNetworks = new Map<string, boolean>();
  const usedVolumes = new Set<string>();
  const external = (kind: 'configs' | 'secrets', name: string) => {
    doc[kind] ??= {};
    doc[kind]![descope(name)] = { external: true, name };
  };
  for (const service of services.sort((a, b) => a.Spec.Name.localeCompare(b.Spec.Name))) {
    // A load balancer's two services are one x-drover-lb service in the document.
    const lb = lbService(service);
    if (lb) {
      if (lb.spec) doc.services[lb.spec.name] = lb.service;
      // Its HTTPS certificates are the stack's secrets: declared so the document loads.
      const container = (service.Spec.TaskTemplate as EngineJson | undefined)?.ContainerSpec;
      for (const ref of (lb.spec ? container?.Secrets : undefined) ?? [])
        external('secrets', (ref as EngineJson).SecretName);
      continue;
    }
    const spec = service.Spec as EngineJson;
    const t = spec.TaskTemplate ?? {};
    const c = t.ContainerSpec ?? {};
    const labels = { ...(spec.Labels ?? {}) };
    delete labels[LABEL_NAMESPACE];
    const image = labels[LABEL_IMAGE] ?? c.Image;
    delete labels[LABEL_IMAGE];
    const containerLabels = { ...(c.Labels ?? {}) };
    delete containerLabels[LABEL_NAMESPACE];
    const out: Record<string, unknown> = { image };
    if (c.Command) out.entrypoint = c.Command;
    if (c.Args) out.command = c.Args;
    if (c.Env?.length) out.environment = c.Env;
    if (Object.keys(containerLabels).length) out.labels = containerLabels;
    if (c.Hostname) out.hostname = c.Hostname;
    if (c.User) out.user = c.User;
    if (c.Dir) out.working_dir = c.Dir;
    if (c.StopGracePeriod) out.stop_grace_period = formatDuration(c.StopGracePeriod);
    if (c.StopSignal) out.stop_signal = c.StopSignal;
    if (c.Init !== undefined && c.Init !== null) out.init = c.Init;
    if (c.ReadOnly) out.read_only = true;
    if (c.TTY) out.tty = true;
    if (c.OpenStdin) out.stdin_open = true;
    if (c.DNSConfig?.Nameservers?.length) out.dns = c.DNSConfig.Nameservers;
    if (c.DNSConfig?.Search?.length) out.dns_search = c.DNSConfig.Search;
    if (c.Hosts?.length)
      out.extra_hosts = c.Hosts.map((h: string) => h.split(' ').reverse().join(':'));
    if (c.Healthcheck) {
      const h = c.Healthcheck;
      out.healthcheck =
        h.Test?.[0] === 'NONE'
          ? { disable: true }
          : prune({
              test: h.Test,
              interval: h.Interval ? formatDuration(h.Interval) : undefined,
              timeout: h.Timeout ? formatDuration(h.Timeout) : undefined,
              start_period: h.StartPeriod ? formatDuration(h.StartPeriod) : undefined,
              retries: h.Retries || undefined,
            });
    }
    if (c.Mounts?.length) {
      out.volumes = c.Mounts.map((m: EngineJson) => {
        const source = m.Type === 'volume' && m.Source ? descope(m.Source) : m.Source;
        if (m.Type === 'volume' && m.Source) usedVolumes.add(m.Source);
        return prune({
          type: m.Type,
          source,
          target: m.Target,
          read_only: m.ReadOnly || undefined,
          bind: m.BindOptions?.Propagation ? { propagation: m.BindOptions.Propagation } : undefined,
          volume: m.VolumeOptions?.NoCopy ? { nocopy: true } : undefined,
          tmpfs: m.TmpfsOptions?.SizeBytes ? { size: m.TmpfsOptions.SizeBytes } : undefined,
        });
      });
    }
    const refs = (list: EngineJson[] | undefined, kind: 'configs' | 'secrets', nameKey: string) =>
      list?.map((r) => {
        external(kind, r[nameKey]);
        return prune({
          source: descope(r[nameKey]),
          target: r.File?.Name,
          uid: r.File?.UID !== '0' ? r.File?.UID : undefined,
          gid: r.File?.GID !== '0' ? r.File?.GID : undefined,
          mode: r.File?.Mode !== 0o444 ? r.File?.Mode : undefined,
        });
      });
    if (c.Configs?.length) out.configs = refs(c.Configs, 'configs', 'ConfigName');
    if (c.Secrets?.length) out.secrets = refs(c.Secrets, 'secrets', 'SecretName');
    const attached = (t.Networks ?? spec.Networks ?? []) as {
      Target: string;
      Aliases?: string[];
    }[];
    const serviceNetworks: Record<string, unknown> = {};
    for (const n of attached) {
      const name = networkName.get(n.Target) ?? n.Target;
      const key = descope(name);
      usedNetworks.set(name, !name.startsWith(prefix));
      const aliases = (n.Aliases ?? []).filter((a) => a !== descope(spec.Name));
      serviceNetworks[key] = aliases.length ? { aliases } : null;
    }
    const onlyDefault =
      Object.keys(serviceNetworks).length === 1 &&
      'default' in serviceNetworks &&
      serviceNetworks.default === null;
    if (Object.keys(serviceNetworks).length && !onlyDefault) out.networks = serviceNetworks;
    const ports = spec.EndpointSpec?.Ports as EngineJson[] | undefined;
    if (ports?.length) {
      out.ports = ports.map((p) =>
        prune({
          target: p.TargetPort,
          published: p.PublishedPort || undefined,
          protocol: p.Protocol,
          mode: p.PublishMode,
        }),
      );
    }
    const restart = t.RestartPolicy;
    const update = (u: EngineJson | undefined) =>
      u &&
      prune({
        parallelism: u.Parallelism,
        delay: u.Delay ? formatDuration(u.Delay) : undefined,
        failure_action: u.FailureAction,
        monitor: u.Monitor ? formatDuration(u.Monitor) : undefined,
        max_failure_ratio: u.MaxFailureRatio || undefined,
        order: u.Order,
      });
    out.deploy = prune({
      mode: spec.Mode?.Global ? 'global' : undefined,
      replicas: spec.Mode?.Replicated?.Replicas,
      labels: Object.keys(labels).length ? labels : undefined,
      endpoint_mode: spec.EndpointSpec?.Mode,
      placement: prune({
        constraints: t.Placement?.Constraints,
        preferences: t.Placement?.Preferences?.map(
          (p: { Spread?: { SpreadDescriptor: string } }) => ({
            spread: p.Spread?.SpreadDescriptor,
          }),
        ),
        max_replicas_per_node: t.Placement?.MaxReplicas || undefined,
      }),
      resources: prune({
        limits:
          t.Resources?.Limits &&
          prune({
            cpus: cpus(t.Resources.Limits.NanoCPUs),
            memory: bytes(t.Resources.Limits.MemoryBytes),
            pids: t.Resources.Limits.Pids || undefined,
          }),
        reservations:
          t.Resources?.Reservations &&
          prune({
            cpus: cpus(t.Resources.Reservations.NanoCPUs),
            memory: bytes(t.Resources.Reservations.MemoryBytes),
          }),
      }),
      restart_policy:
        restart &&
        prune({
          condition: restart.Condition,
          delay: restart.Delay !== undefined ? formatDuration(restart.Delay) : undefined,
          max_attempts: restart.MaxAttempts || undefined,
          window: restart.Window ? formatDuration(restart.Window) : undefined,
        }),
      update_config: update(spec.UpdateConfig),
      rollback_config: update(spec.RollbackConfig),
    });
    doc.services[descope(spec.Name)] = prune(out);
  }
  const netEntries = [...usedNetworks].filter(([name]) => name !== `${prefix}default`);
  if (netEntries.length) {
    doc.networks = Object.fromEntries(
      netEntries.map(([name, isExternal]) => [
        descope(name),
        isExternal ? { external: true, name } : {},
      ]),
    );
  }
  if (usedVolumes.size) {
    doc.volumes = Object.fromEntries(
      [...usedVolumes].map((name) => [
        descope(name),
        name.startsWith(prefix) ? {} : { external: true, name },
      ]),
    );
  }
  return stringify(doc);
}

const cpus = (nanos: number | undefined) => (nanos ? String(nanos / 1e9) : undefined);
const bytes = (value: number | undefined) => (value ? `${value}b` : undefined);

function prune(value: Record<string, unknown>): Record<string, unknown> | undefined {
  const out = Object.fromEntries(
    Object.entries(value).filter(([, v]) => v !== undefined && v !== null && v !== ''),
  );
  return Object.keys(out).length ? out : undefined;
}
