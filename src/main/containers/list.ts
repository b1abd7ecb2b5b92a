// Containers as each host's own Docker reports them, turned into the contract's summaries.
// listContainers has no start time; it is read by inspect, once per start (see StartTimes).
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

/** Start times by container id; an entry is dropped when its container starts again. */
export class StartTimes {
  private readonly known = new Map<string, string>();

  forget(containerId: string): void {
    this.known.delete(containerId);
  }

  async get(docker: Docker, containerId: string): Promise<string | null> {
    const cached = this.known.get(containerId);
    if (cached) return cached;
    try {
      const info = await docker.getContainer(containerId).inspect();
      const started = info.State?.StartedAt;
      if (!started || started.startsWith('0001-')) return null;
      this.known.set(containerId, started);
      return started;
    } catch {
      // Removed between list and inspect: the next list will not show it.
      return null;
    }
  }
}

export function summarize(
  raw: Docker.ContainerInfo,
  host: Pick<Host, 'id' | 'name'>,
  startedAt: string | null,
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
  const started = info.State.StartedAt;
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
    started && !started.startsWith('0001-') ? started : null,
  );
}

/** Every container on one host, with start times for the ones running. */
export async function listHostContainers(
  docker: Docker,
  host: Pick<Host, 'id' | 'name'>,
  starts: StartTimes,
): Promise<ContainerSummary[]> {
  const raw = await docker.listContainers({ all: true });
  return Promise.all(
    raw.map(async (c) =>
      summarize(
        c,
        host,
        hasStarted(c.State as ContainerState) ? await starts.get(docker, c.Id) : null,
      ),
    ),
  );
}
