// Container changes from each host's own Docker event stream (decision 4: events, not polling).
// One stream per connected host, started when the host connects and again on every reconnect.
// Its events and its openings and endings go to the containers model (model.ts), which tells
// clients through `notify`: bursts (a stack deploy) become one `container.changed` per environment.
import type { EventBus } from '../events/bus.js';
import type { HostConnections } from '../hosts/connections.js';
import type { HostRepository } from '../hosts/repository.js';

/** The actions that change what container.list shows; exec_*, attach, resize, top... do not. */
export const CHANGE_ACTIONS = [
  'create',
  'start',
  'restart',
  'die',
  'destroy',
  'pause',
  'unpause',
  'rename',
  'health_status',
];

/**
 * Also followed, without changing the list: a `kill` before a `die` means someone (a stop, a
 * removal, Swarm scaling down) ended the container, so the exit was asked for (alerts count
 * only the others).
 */
export const WATCHED_ACTIONS = [...CHANGE_ACTIONS, 'kill'];

/**
 * Swarm service changes, which managers report on the same stream: a service created, scaled or
 * updated whose tasks start no container (none can be placed) has no container event to tell.
 */
export const SERVICE_ACTIONS = ['create', 'update', 'remove'];

export interface ContainerEvent {
  hostId: number;
  action: string;
  containerId: string;
  labels: Record<string, string>;
  /** When the engine says it happened (ISO), if it said. */
  at?: string;
}

interface RawEvent {
  Type?: string;
  Action?: string;
  status?: string;
  id?: string;
  Actor?: { ID?: string; Attributes?: Record<string, string> };
  timeNano?: number;
}

export interface MonitorOptions {
  /** Quiet time gathered into one notification; the first change is out at most this late. */
  debounceMs?: number;
  /** A stream that ends while its host stays connected is reopened after this long. */
  retryMs?: number;
}

/** A host's stream opened (what happened before is unknown: list it) or ended (events may be lost). */
export type StreamChange =
  { hostId: number; open: true } | { hostId: number; open: false; error: string };

interface Watch {
  stop(): void;
}

export class ContainerEventMonitor {
  private readonly watches = new Map<number, Watch>();
  private readonly pending = new Map<number, NodeJS.Timeout>();
  private readonly listeners = new Set<(event: ContainerEvent) => void>();
  private readonly serviceListeners = new Set<(hostId: number, service: string) => void>();
  private readonly streamListeners = new Set<(change: StreamChange) => void>();
  private readonly debounceMs: number;
  private readonly retryMs: number;

  constructor(
    private readonly connections: HostConnections,
    private readonly hosts: HostRepository,
    private readonly events: EventBus,
    options: MonitorOptions = {},
  ) {
    this.debounceMs = options.debounceMs ?? 200;
    this.retryMs = options.retryMs ?? 1_000;
  }

  /** Follows the host's events from now on, replacing any earlier stream (call on connect). */
  watch(hostId: number): void {
    this.unwatch(hostId);
    let stopped = false;
    let stream: NodeJS.ReadableStream | undefined;
    let retry: NodeJS.Timeout | undefined;
    const watch: Watch = {
      stop: () => {
        stopped = true;
        clearTimeout(retry);
        (stream as { destroy?: () => void } | undefined)?.destroy?.();
      },
    };
    this.watches.set(hostId, watch);
    const again = (error: string) => {
      if (!stopped && this.watches.get(hostId) === watch)
        this.streamChanged({ hostId, open: false, error });
      if (stopped || this.watches.get(hostId) !== watch) return;
      // A lost connection brings a new watch() when it is back; only a live one retries here.
      if (this.connectedDocker(hostId)) retry = setTimeout(open, this.retryMs);
      else this.watches.delete(hostId);
    };
    const open = () => {
      const docker = this.connectedDocker(hostId);
      if (!docker || stopped) return;
      docker
        .getEvents({
          filters: {
            type: ['container', 'service'],
            event: [...new Set([...WATCHED_ACTIONS, ...SERVICE_ACTIONS])],
          },
        })
        .then((events) => {
          if (stopped) {
            (events as { destroy?: () => void }).destroy?.();
            return;
          }
          stream = events;
          // Whatever happened while no stream was open (a reconnect) is unknown: list it.
          this.streamChanged({ hostId, open: true });
          let rest = '';
          events.on('data', (chunk: Buffer) => {
            const lines = (rest + chunk.toString('utf8')).split('\n');
            rest = lines.pop() ?? '';
            for (const line of lines) if (line.trim()) this.handle(hostId, line);
          });
          // 'end' and 'close' both come: the first one decides, once.
          let over = false;
          let failure = 'event stream ended';
          const ended = () => {
            if (over) return;
            over = true;
            again(failure);
          };
          events.on('error', (error: Error) => (failure = `event stream failed: ${error.message}`)); // 'close' follows
          events.on('close', ended);
          events.on('end', ended);
        })
        .catch((error: Error) => again(`event stream failed: ${error.message}`));
    };
    open();
  }

  unwatch(hostId: number): void {
    this.watches.get(hostId)?.stop();
    this.watches.delete(hostId);
  }

  /** Raw container events of every watched host (follow-mode service logs add new tasks). */
  subscribe(listener: (event: ContainerEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Swarm service changes a watched manager reports (by service name). */
  subscribeServices(listener: (hostId: number, service: string) => void): () => void {
    this.serviceListeners.add(listener);
    return () => this.serviceListeners.delete(listener);
  }

  /** Openings and endings of every host's stream. */
  subscribeStreams(listener: (change: StreamChange) => void): () => void {
    this.streamListeners.add(listener);
    return () => this.streamListeners.delete(listener);
  }

  close(): void {
    for (const hostId of [...this.watches.keys()]) this.unwatch(hostId);
    for (const timer of this.pending.values()) clearTimeout(timer);
    this.pending.clear();
  }

  private handle(hostId: number, line: string): void {
    let raw: RawEvent;
    try {
      raw = JSON.parse(line) as RawEvent;
    } catch {
      return;
    }
    // "health_status: healthy" is one action with its value.
    const action = (raw.Action ?? raw.status ?? '').replace(/^health_status: .*$/, 'health_status');
    if (raw.Type === 'service' && SERVICE_ACTIONS.includes(action)) {
      const name = raw.Actor?.Attributes?.name ?? raw.Actor?.ID ?? '';
      for (const listener of this.serviceListeners) listener(hostId, name);
      return;
    }
    if (raw.Type !== 'container' || !WATCHED_ACTIONS.includes(action)) return;
    const event: ContainerEvent = {
      hostId,
      action,
      containerId: raw.Actor?.ID ?? raw.id ?? '',
      labels: raw.Actor?.Attributes ?? {},
      at: raw.timeNano ? new Date(Math.floor(raw.timeNano / 1e6)).toISOString() : undefined,
    };
    for (const listener of this.listeners) listener(event);
  }

  private streamChanged(change: StreamChange): void {
    for (const listener of this.streamListeners) listener(change);
  }

  /**
   * Tells clients the host's environment changed (container.changed): at most one notification
   * per environment per debounce window, sent at its end.
   */
  notify(hostId: number): void {
    let environmentId: number;
    try {
      environmentId = this.hosts.get(hostId).environmentId;
    } catch {
      return; // the host was removed meanwhile
    }
    if (this.pending.has(environmentId)) return;
    this.pending.set(
      environmentId,
      setTimeout(() => {
        this.pending.delete(environmentId);
        this.events.publish('container.changed', { environmentId });
      }, this.debounceMs),
    );
  }

  private connectedDocker(hostId: number) {
    try {
      const connection = this.connections.get(hostId);
      return connection.status.state === 'connected' ? connection.docker() : undefined;
    } catch {
      return undefined;
    }
  }
}
