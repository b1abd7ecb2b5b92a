// Which containers run on which host, with their Swarm service and stack: metrics are kept only
// for containers the host's own Docker reports (a cgroup tree can hold more, e.g. hosts sharing a
// kernel), and grouped by these labels. Filled by a list on connect, then kept by Docker events.
import type Docker from 'dockerode';
import type { ContainerEvent } from '../containers/events.js';
import { LABEL_SERVICE } from '../containers/list.js';
import { LABEL_NAMESPACE } from '../swarm/labels.js';

export interface ContainerInfo {
  id: string;
  name: string;
  hostId: number;
  service: string | null;
  stack: string | null;
}

const info = (hostId: number, id: string, name: string, labels: Record<string, string>) => ({
  id,
  name: name.replace(/^\//, ''),
  hostId,
  service: labels[LABEL_SERVICE] ?? null,
  stack: labels[LABEL_NAMESPACE] ?? null,
});

export class ContainerDirectory {
  private readonly byHost = new Map<number, Map<string, ContainerInfo>>();

  /** Replaces the host's containers with the running ones Docker lists now. */
  async refresh(hostId: number, docker: Docker): Promise<void> {
    const raw = await docker.listContainers();
    this.byHost.set(
      hostId,
      new Map(raw.map((c) => [c.Id, info(hostId, c.Id, c.Names?.[0] ?? c.Id, c.Labels ?? {})])),
    );
  }

  /** Container events keep the map current between lists. */
  handle(event: ContainerEvent): void {
    const known = this.byHost.get(event.hostId) ?? new Map<string, ContainerInfo>();
    this.byHost.set(event.hostId, known);
    if (event.action === 'start' || event.action === 'restart' || event.action === 'unpause') {
      const { name = event.containerId, ...labels } = event.labels;
      known.set(event.containerId, info(event.hostId, event.containerId, name, labels));
    } else if (event.action === 'die' || event.action === 'destroy') {
      known.delete(event.containerId);
    } else if (event.action === 'rename') {
      const was = known.get(event.containerId);
      if (was && event.labels.name) was.name = event.labels.name.replace(/^\//, '');
    }
  }

  get(hostId: number, id: string): ContainerInfo | undefined {
    return this.byHost.get(hostId)?.get(id);
  }

  /** Ids of the host's running containers. */
  ids(hostId: number): string[] {
    return [...(this.byHost.get(hostId)?.keys() ?? [])];
  }

  forget(hostId: number): void {
    this.byHost.delete(hostId);
  }
}
