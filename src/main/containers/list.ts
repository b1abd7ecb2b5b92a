// Containers as each host's own Docker reports them, turned into the contract's summaries.
// listContainers has no start or finish time; they are read by inspect, once per start or stop
// (see StartTimes).
// Summaries are kept in the core's model, so their status drops Docker's durations ("Up 5
// minutes", "2 hours ago"), which would go stale there; uptime is the start time's job.
import type Docker from 'dockerode';
import type { ContainerState, ContainerSummary, Host } from '../../shared/types.js';
import { LABEL_NAMESPACE } from '../swarm/labels.js';

export const LABEL_SERVICE = 'com.docker.swarm.service.name';
export const LABEL_TASK = 'com.docker.swarm.task.name';

const states: readonly ContainerState[] = [
  'running',
  'exited',
  'created',
  'restarting',
  'paused',
  'dead',
  'removing',
];
const hasStarted = (state: ContainerState) =>
  state === 'running' || state === 'paused' || state === 'restarting';

/** "<service>.<slot>.<task id>" → slot; global tasks ("<service>.<node id>.<task id>") have none. */
export function taskSlot(labels: Record<string, string>): number | null {
  const service = labels[LABEL_SERVICE];
  const task = labels[LABEL_TASK];
  if (!service || !task?.startsWith(`${service}.`)) return null;
  const slot = task.slice(service.length + 1).split('.')[0] ?? '';
  return /^\d+$/.test(slot) ? Number(slot) : null;
}

/**
 * Start times of running containers and finish times of stopped ones, by container id, read by
 * inspect once; an entry is dropped when its container starts (or is removed).
 */
export class StartTimes {
  private readonly started = new Map<string, string>();
  private readonly finished = new Map<string, string>();

  forget(containerId: string): void {
    this.started.delete(containerId);
    this.finished.delete(containerId);
  }

  get(docker: Docker, containerId: string): Promise<string | null> {
    return this.read(docker, containerId, this.started, (state) => state.StartedAt);
  }

  finishedAt(docker: Docker, containerId: string): Promise<string | null> {
    return this.read(docker, containerId, this.finished, (state) => state.FinishedAt);
  }

  private async read(
    docker: Docker,
    containerId: string,
    known: Map<string, string>,
    pick: (state: Docker.ContainerInspectInfo['State']) => string | undefined,
  ): Promise<string | null> {
    const cached = known.get(containerId);
    if (cached) return cached;
    try {
      const info = await docker.getContainer(containerId).inspect();
      const at = notSet(pick(info.State));
      if (at) known.set(containerId, at);
      return at;
    } catch {
      // Removed between list and inspect: the next list will not show it.
      return null;
    }
  }
}

/** A time of Docker's, or null for its "never" (the zero time). */
export const notSet = (at: string | undefined): string | null =>
  !at || at.startsWith('0001-') ? null : at;

const hasEnded = (state: ContainerState) => state === 'exited' || state === 'dead';

export function summarize(
  raw: Docker.ContainerInfo,
  host: Pick<Host, 'id' | 'name'>,
  startedAt: string | null,
  finishedAt: string | null = null,
): ContainerSummary {
  const labels = raw.Labels ?? {};
  const state = (states as readonly string[]).includes(raw.State)
    ? (raw.State as ContainerState)
    : 'dead';
  return {
    id: raw.Id,
    name: (raw.Names?.[0] ?? raw.Id.slice(0, 12)).replace(/^\//, ''),
    hostId: host.id,
    hostName: host.name,
    stack: labels[LABEL_NAMESPACE] ?? null,
    service: labels[LABEL_SERVICE] ?? null,
    taskSlot: taskSlot(labels),
    state,
    status: stableStatus(raw.Status),
    // Swarm tasks name the image with its digest; people read the tag.
    image: raw.Image.replace(/@sha256:[0-9a-f]{64}$/, ''),
    createdAt: new Date(raw.Created * 1000).toISOString(),
    startedAt: hasStarted(state) ? startedAt : null,
    finishedAt: hasEnded(state) ? finishedAt : null,
  };
}

/** Docker's status without the parts that age: "Up 5 minutes (healthy)" → "Up (healthy)". */
export function stableStatus(status: string): string {
  const up = /^Up .*?( \([^()]+\))?$/.exec(status);
  if (up) return `Up${up[1] ?? ''}`;
  const ended = /^(Exited|Restarting) (\(-?\d+\)) .+ ago$/.exec(status);
  if (ended) return `${ended[1]} ${ended[2]}`;
  return status;
}

const healthWords: Record<string, string> = {
  healthy: ' (healthy)',
  unhealthy: ' (unhealthy)',
  starting: ' (health: starting)',
};

/** The status words Docker's list would give (without durations) from an inspect's State. */
function statusOf(state: Docker.ContainerInspectInfo['State']): string {
  const health = state.Health?.Status ? (healthWords[state.Health.Status] ?? '') : '';
  switch (state.Status) {
    case 'running':
      return `Up${health}`;
    case 'paused':
      return 'Up (Paused)';
    case 'restarting':
      return `Restarting (${state.ExitCode})`;
    case 'exited':
      return `Exited (${state.ExitCode})`;
    case 'removing':
      return 'Removal In Progress';
    default:
      return state.Status.charAt(0).toUpperCase() + state.Status.slice(1);
  }
}

/** One container's summary from its inspect (after an event that does not tell enough). */
export function summarizeInspect(
  info: Docker.ContainerInspectInfo,
  host: Pick<Host, 'id' | 'name'>,
): ContainerSummary {
  return summarize(
    {
      Id: info.Id,
      Names: [info.Name],
      Labels: info.Config.Labels ?? {},
      State: info.State.Status,
      Status: statusOf(info.State),
      Image: info.Config.Image,
      Created: Date.parse(info.Created) / 1000,
    } as Docker.ContainerInfo,
    host,
    notSet(info.State.StartedAt),
    notSet(info.State.FinishedAt),
  );
}

/** Every container on one host, with start times for the ones running, finish times for the stopped. */
export async function listHostContainers(
  docker: Docker,
  host: Pick<Host, 'id' | 'name'>,
  starts: StartTimes,
): Promise<ContainerSummary[]> {
  const raw = await docker.listContainers({ all: true });
  return Promise.all(
    raw.map(async (c) => {
      const state = c.State as ContainerState;
      return summarize(
        c,
        host,
        hasStarted(state) ? await starts.get(docker, c.Id) : null,
        hasEnded(state) ? await starts.finishedAt(docker, c.Id) : null,
      );
    }),
  );
}
