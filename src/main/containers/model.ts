// The core's in-memory model of every host's containers (decision 4): reconciled by a full list
// of a host whenever its event stream (re)opens, kept current by that stream's events, and
// answering container.list with no Docker call. A host that cannot be followed keeps its last
// known containers, marked unknown with the time they were last seen: never an empty list.
import type {
  ContainerHostStatus,
  ContainerList,
  ContainerSummary,
  HostState,
} from '../../shared/types.js';
import type { ContainerEvent } from './events.js';

/** What the model needs to know of a host when it answers: from the store and its connection. */
export interface HostView {
  id: number;
  name: string;
  connection: HostState | 'none';
  connectionError: string | null;
}

/** What the event asks of the caller: nothing, or an inspect of that container (by `version`). */
export type EventOutcome =
  | { kind: 'applied' | 'queued' | 'ignored' }
  | { kind: 'inspect'; containerId: string; version: number };

interface HostEntry {
  containers: Map<string, ContainerSummary>;
  /** True once a list has been reconciled, ever. */
  listed: boolean;
  live: boolean;
  lastSeenAt: string | null;
  error: string | null;
  /** Events that came while a list runs; replayed on top of it, in order. */
  queue: ContainerEvent[] | null;
  /** Bumped by every event of a container; an inspect answer older than that is dropped. */
  versions: Map<string, number>;
}

const dieStatus = (exitCode: string | undefined) =>
  /^-?\d+$/.test(exitCode ?? '') ? `Exited (${exitCode})` : 'Exited';

export class ContainerModel {
  private readonly hosts = new Map<number, HostEntry>();

  constructor(private readonly now: () => Date = () => new Date()) {}

  /** A list of the host starts: events from now on wait for it. */
  beginReconcile(hostId: number): void {
    this.entry(hostId).queue = [];
  }

  /**
   * The host's full list arrived: it replaces what the model had (adding containers missed,
   * dropping removed ones), then the events that came meanwhile are applied on top. Returns the
   * inspects those events ask for.
   */
  reconciled(hostId: number, containers: ContainerSummary[]): EventOutcome[] {
    const entry = this.entry(hostId);
    entry.containers = new Map(containers.map((c) => [c.id, c]));
    entry.versions.clear();
    entry.listed = true;
    entry.live = true;
    entry.error = null;
    entry.lastSeenAt = this.now().toISOString();
    const queued = entry.queue ?? [];
    entry.queue = null;
    return queued.map((event) => this.apply(event)).filter((o) => o.kind === 'inspect');
  }

  /** The host's list or stream failed, or it disconnected: what it had is now of unknown truth. */
  lost(hostId: number, error: string): void {
    const entry = this.entry(hostId);
    if (entry.live) entry.lastSeenAt = this.now().toISOString();
    entry.live = false;
    entry.error = error;
    entry.queue = null;
  }

  /** One event of the host's stream, applied where it tells enough. */
  apply(event: ContainerEvent): EventOutcome {
    const entry = this.entry(event.hostId);
    if (entry.queue) {
      entry.queue.push(event);
      return { kind: 'queued' };
    }
    if (!entry.live) return { kind: 'ignored' }; // the next reconcile lists it all
    const id = event.containerId;
    const version = (entry.versions.get(id) ?? 0) + 1;
    entry.versions.set(id, version);
    entry.lastSeenAt = this.now().toISOString();
    const current = entry.containers.get(id);
    const inspect: EventOutcome = { kind: 'inspect', containerId: id, version };
    const patch = (change: Partial<ContainerSummary>): EventOutcome => {
      if (!current) return inspect;
      entry.containers.set(id, { ...current, ...change });
      return { kind: 'applied' };
    };
    switch (event.action) {
      case 'destroy':
        entry.containers.delete(id);
        entry.versions.delete(id);
        return { kind: 'applied' };
      case 'die':
        return patch({
          state: 'exited',
          status: dieStatus(event.labels.exitCode),
          startedAt: null,
          finishedAt: event.at ?? this.now().toISOString(),
        });
      case 'rename':
        return event.labels.name ? patch({ name: event.labels.name }) : inspect;
      case 'pause':
        return patch({ state: 'paused', status: 'Up (Paused)' });
      case 'unpause':
        return patch({ state: 'running', status: 'Up' });
      case 'create':
      case 'start':
      case 'restart':
      case 'health_status':
        // Start time, ports, image and health are not in the event.
        return inspect;
      default:
        return { kind: 'ignored' };
    }
  }

  /**
   * An inspect asked for by `apply` answered (null: the engine said 404). Dropped when a later
   * event of the same container came meanwhile: that one decides.
   */
  inspected(
    hostId: number,
    containerId: string,
    version: number,
    summary: ContainerSummary | null,
  ): boolean {
    const entry = this.entry(hostId);
    if (entry.queue || entry.versions.get(containerId) !== version) return false;
    if (summary) entry.containers.set(containerId, summary);
    else {
      entry.containers.delete(containerId);
      entry.versions.delete(containerId);
    }
    return true;
  }

  /** The host is gone from the console. */
  forget(hostId: number): void {
    this.hosts.delete(hostId);
  }

  /** The containers of these hosts, and how current each host's part is. */
  view(hosts: readonly HostView[]): ContainerList {
    const now = this.now().toISOString();
    const containers: ContainerSummary[] = [];
    const statuses = hosts.map((host): ContainerHostStatus => {
      const entry = this.hosts.get(host.id);
      if (entry) containers.push(...entry.containers.values());
      const status = { hostId: host.id, hostName: host.name };
      if (host.connection !== 'connected') {
        const why = host.connectionError ? `: ${host.connectionError}` : '';
        return {
          ...status,
          state: 'unknown',
          lastSeenAt: entry?.lastSeenAt ?? null,
          error: `${host.name} is ${host.connection === 'none' ? 'not connected' : host.connection}${why}`,
        };
      }
      if (!entry || (!entry.listed && !entry.error))
        return { ...status, state: 'loading', lastSeenAt: null, error: null };
      if (entry.live) return { ...status, state: 'live', lastSeenAt: now, error: null };
      return { ...status, state: 'unknown', lastSeenAt: entry.lastSeenAt, error: entry.error };
    });
    containers.sort((a, b) => a.name.localeCompare(b.name));
    return { containers, hosts: statuses };
  }

  private entry(hostId: number): HostEntry {
    let entry = this.hosts.get(hostId);
    if (!entry) {
      entry = {
        containers: new Map(),
        listed: false,
        live: false,
        lastSeenAt: null,
        error: null,
        queue: null,
        versions: new Map(),
      };
      this.hosts.set(hostId, entry);
    }
    return entry;
  }
}
