// A container's page: its inspect in readable fields (describeContainer, pure) and the Swarm task
// history of its slot, read from a manager.
import type Docker from 'dockerode';
import type {
  ContainerDetails,
  ContainerPort,
  TaskHistoryEntry,
} from '../../shared/container-details.js';
import { DroverError } from '../../shared/errors.js';
import type { ContainerState, Host } from '../../shared/types.js';
import type { RawTask } from '../swarm/objects.js';
import { engineError, isNotFound } from '../swarm/engine-error.js';
import { LABEL_NAMESPACE } from '../swarm/labels.js';
import { LABEL_SERVICE, taskSlot } from './list.js';
import { notSet } from './list.js';

const LABEL_NODE_ID = 'com.docker.swarm.node.id';
const states = ['running', 'exited', 'created', 'restarting', 'paused', 'dead', 'removing'];

/** "nginx:1.27@sha256:..." → the digest; an image without one may have it in RepoDigests. */
export function imageDigest(reference: string, repoDigests: readonly string[] = []): string | null {
  const own = /@(sha256:[0-9a-f]{64})$/.exec(reference);
  if (own) return own[1] as string;
  const listed = repoDigests.map((d) => /@(sha256:[0-9a-f]{64})$/.exec(d)?.[1]).find(Boolean);
  return listed ?? null;
}

function portsOf(info: Docker.ContainerInspectInfo): ContainerPort[] {
  const bound = info.NetworkSettings?.Ports ?? {};
  const exposed = Object.keys(info.Config?.ExposedPorts ?? {});
  const keys = [...new Set([...Object.keys(bound), ...exposed])];
  return keys
    .flatMap((key): ContainerPort[] => {
      const [port = '0', protocol = 'tcp'] = key.split('/');
      const bindings = (bound[key] ?? []) as { HostIp?: string; HostPort?: string }[];
      const base = { containerPort: Number(port), protocol };
      if (bindings.length === 0) return [{ ...base, hostPort: null, hostIp: null }];
      // Docker binds 0.0.0.0 and :: for one published port: that is one port on every address.
      const seen = new Set<string>();
      return bindings.flatMap((b) => {
        const hostIp = !b.HostIp || b.HostIp === '0.0.0.0' || b.HostIp === '::' ? null : b.HostIp;
        const key = `${hostIp}/${b.HostPort}`;
        if (seen.has(key)) return [];
        seen.add(key);
        return [{ ...base, hostPort: b.HostPort ? Number(b.HostPort) : null, hostIp }];
      });
    })
    .sort((a, b) => a.containerPort - b.containerPort || (a.hostPort ?? 0) - (b.hostPort ?? 0));
}

/** Docker's inspect, in the contract's fields. */
export function describeContainer(
  info: Docker.ContainerInspectInfo,
  host: Pick<Host, 'id' | 'name'>,
  repoDigests: readonly string[],
): Omit<ContainerDetails, 'tasks' | 'tasksError'> {
  const labels = info.Config?.Labels ?? {};
  const reference = info.Config?.Image ?? info.Image;
  const health = info.State?.Health as
    | {
        Status: string;
        FailingStreak: number;
        Log?: { End?: string; ExitCode?: number; Output?: string }[];
      }
    | undefined;
  const lastProbe = health?.Log?.at(-1);
  const state = states.includes(info.State?.Status) ? info.State.Status : 'dead';
  return {
    id: info.Id,
    name: info.Name.replace(/^\//, ''),
    hostId: host.id,
    hostName: host.name,
    stack: labels[LABEL_NAMESPACE] ?? null,
    service: labels[LABEL_SERVICE] ?? null,
    taskSlot: taskSlot(labels),
    state: state as ContainerState,
    image: reference.replace(/@sha256:[0-9a-f]{64}$/, ''),
    imageDigest: imageDigest(reference, repoDigests),
    imageId: info.Image,
    entrypoint: toList(info.Config?.Entrypoint),
    command: toList(info.Config?.Cmd),
    workingDir: info.Config?.WorkingDir || null,
    user: info.Config?.User || null,
    env: (info.Config?.Env ?? []).map((line) => {
      const at = line.indexOf('=');
      return at < 0
        ? { name: line, value: '' }
        : { name: line.slice(0, at), value: line.slice(at + 1) };
    }),
    ports: portsOf(info),
    mounts: (info.Mounts ?? []).map((m) => ({
      type: m.Type,
      source: m.Name || m.Source,
      destination: m.Destination,
      readOnly: !m.RW,
    })),
    networks: Object.entries(info.NetworkSettings?.Networks ?? {})
      .map(([name, n]) => ({
        name,
        ipv4: n.IPAddress || null,
        ipv6: n.GlobalIPv6Address || null,
        aliases: n.Aliases ?? [],
      }))
      .sort((a, b) => a.name.localeCompare(b.name)),
    labels,
    health: health
      ? {
          status: health.Status,
          failingStreak: health.FailingStreak,
          lastOutput: lastProbe?.Output?.trimEnd() ?? null,
          lastExitCode: lastProbe?.ExitCode ?? null,
          lastAt: notSet(lastProbe?.End),
        }
      : null,
    restartCount: info.RestartCount ?? 0,
    exitCode: info.State?.Running ? null : (info.State?.ExitCode ?? null),
    createdAt: info.Created,
    startedAt: notSet(info.State?.StartedAt),
    finishedAt: info.State?.Running ? null : notSet(info.State?.FinishedAt),
  };
}

function toList(value: string | string[] | null | undefined): string[] {
  if (!value) return [];
  return Array.isArray(value) ? value : [value];
}

/**
 * The tasks of the container's slot (replicated) or node (global), newest first: where each
 * earlier container of this replica went and why. Swarm keeps a few per slot (task history limit).
 */
export async function taskHistory(
  manager: Docker,
  labels: Record<string, string>,
): Promise<TaskHistoryEntry[] | null> {
  const service = labels[LABEL_SERVICE];
  if (!service) return null;
  const slot = taskSlot(labels);
  const node = labels[LABEL_NODE_ID];
  const tasks = (await manager.listTasks({ filters: { service: [service] } })) as RawTask[];
  return tasks
    .filter((t) => (slot !== null ? t.Slot === slot : t.NodeID === node))
    .map((t) => ({
      id: t.ID,
      state: t.Status?.State ?? 'unknown',
      desiredState: t.DesiredState ?? 'unknown',
      message: t.Status?.Message ?? '',
      error: t.Status?.Err || null,
      containerId: t.Status?.ContainerStatus?.ContainerID || null,
      timestamp: t.Status?.Timestamp ?? null,
    }))
    .sort((a, b) => (b.timestamp ?? '').localeCompare(a.timestamp ?? ''));
}

/**
 * The container's page: inspect on its own host (404: NOT_FOUND), the image's digest, and the
 * task history from a manager. A history that cannot be read says why; the rest still shows.
 */
export async function containerDetails(
  docker: Docker,
  host: Pick<Host, 'id' | 'name'>,
  id: string,
  manager: () => Docker,
): Promise<ContainerDetails> {
  let info: Docker.ContainerInspectInfo;
  try {
    info = await docker.getContainer(id).inspect();
  } catch (error) {
    if (isNotFound(error))
      throw new DroverError('NOT_FOUND', `No container ${id.slice(0, 12)} on ${host.name}`);
    throw engineError(error as Error, host.name);
  }
  const image = await docker
    .getImage(info.Image)
    .inspect()
    .catch(() => ({ RepoDigests: [] as string[] }));
  const details = describeContainer(info, host, image.RepoDigests ?? []);
  try {
    return { ...details, tasks: await taskHistory(manager(), details.labels), tasksError: null };
  } catch (error) {
    return { ...details, tasks: [], tasksError: (error as Error).message };
  }
}
