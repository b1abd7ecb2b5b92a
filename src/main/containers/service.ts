// Containers of an environment across its hosts: the list (from the in-memory model, see
// model.ts), the change notifications, and the log and exec streams. Docker calls go to the
// container's own host through its connection.
import { StringDecoder } from 'node:string_decoder';
import type Docker from 'dockerode';
import type { z } from 'zod';
import type { requests } from '../../shared/contract.js';
import { DroverError } from '../../shared/errors.js';
import { pollUntil } from '../swarm/poll.js';
import type { ContainerList } from '../../shared/types.js';
import type { EventBus } from '../events/bus.js';
import type { HostConnections } from '../hosts/connections.js';
import type { HostRepository } from '../hosts/repository.js';
import type { CallContext } from '../rpc/context.js';
import { ContainerEventMonitor, type MonitorOptions } from './events.js';
import { startExec } from './exec.js';
import {
  listHostContainers,
  StartTimes,
  LABEL_SERVICE,
  taskSlot,
  summarizeInspect,
} from './list.js';
import { attachLogs, MergedLogs, taskLabel, type LogOptions } from './logs.js';
import { ContainerModel, type EventOutcome } from './model.js';
import { StreamRegistry } from './streams.js';

type LogsArgs = z.output<(typeof requests)['logs.open']['args']>;
type ExecArgs = z.output<(typeof requests)['exec.open']['args']>;

export interface ContainerServiceDeps {
  hosts: HostRepository;
  connections: HostConnections;
  events: EventBus;
  monitor?: MonitorOptions;
}

export class ContainerService {
  readonly streams = new StreamRegistry();
  readonly monitor: ContainerEventMonitor;
  private readonly starts = new StartTimes();
  private readonly model = new ContainerModel();
  /** The latest list per host: an older one that answers late is dropped. */
  private readonly generations = new Map<number, number>();
  private readonly retryMs: number;

  constructor(private readonly d: ContainerServiceDeps) {
    this.monitor = new ContainerEventMonitor(d.connections, d.hosts, d.events, d.monitor);
    this.retryMs = d.monitor?.retryMs ?? 1_000;
    this.monitor.subscribe((e) => {
      // A container that starts again has a new start time.
      if (e.action === 'start' || e.action === 'destroy') this.starts.forget(e.containerId);
      this.follow(this.model.apply(e), e.hostId);
    });
    // Events may have been missed while no stream was open: every opening lists the host.
    this.monitor.subscribeStreams((change) => {
      if (change.open) void this.reconcile(change.hostId);
      else {
        // A list still running would call the host live with no stream to follow it.
        this.generations.set(change.hostId, (this.generations.get(change.hostId) ?? 0) + 1);
        this.lost(change.hostId, change.error);
      }
    });
  }

  /** Call when a host's connection is up (again): its event stream follows from then on. */
  hostConnected(hostId: number): void {
    this.monitor.watch(hostId);
  }

  /** From the model: no Docker call. */
  list(environmentId: number): ContainerList {
    return this.model.view(
      this.d.hosts.list(environmentId).map((host) => {
        const status = this.connectionStatus(host.id);
        return {
          id: host.id,
          name: host.name,
          connection: status?.state ?? 'none',
          connectionError: status?.error ?? null,
        };
      }),
    );
  }

  /** The list once no host of the environment is still loading (at most `timeoutMs`): the CLI. */
  async settled(environmentId: number, timeoutMs: number): Promise<ContainerList> {
    const loaded = () => {
      const answer = this.list(environmentId);
      return answer.hosts.some((h) => h.state === 'loading') ? undefined : answer;
    };
    return (await pollUntil(loaded, { timeoutMs, intervalMs: 50 })) ?? this.list(environmentId);
  }

  /** Lists the host and puts the list in the model; a failure leaves it unknown and retries. */
  private async reconcile(hostId: number): Promise<void> {
    const generation = (this.generations.get(hostId) ?? 0) + 1;
    this.generations.set(hostId, generation);
    const current = () => this.generations.get(hostId) === generation;
    this.model.beginReconcile(hostId);
    try {
      const host = this.d.hosts.get(hostId);
      const docker = this.d.connections.connected(hostId).docker();
      const containers = await listHostContainers(docker, host, this.starts);
      if (!current()) return;
      for (const outcome of this.model.reconciled(hostId, containers)) this.follow(outcome, hostId);
      this.monitor.notify(hostId);
    } catch (error) {
      if (!current()) return;
      this.lost(hostId, (error as Error).message);
      setTimeout(() => {
        if (current() && this.connectionStatus(hostId)?.state === 'connected')
          void this.reconcile(hostId);
      }, this.retryMs).unref();
    }
  }

  private lost(hostId: number, error: string): void {
    let name: string;
    try {
      name = this.d.hosts.get(hostId).name;
    } catch {
      this.model.forget(hostId); // removed from the console
      return;
    }
    this.model.lost(hostId, `${name}: ${error}`);
    this.monitor.notify(hostId);
  }

  /** After an event: tell clients, re-inspecting first the one container it did not describe. */
  private follow(outcome: EventOutcome, hostId: number): void {
    if (outcome.kind === 'applied') this.monitor.notify(hostId);
    if (outcome.kind !== 'inspect') return;
    void this.inspect(hostId, outcome.containerId, outcome.version);
  }

  private async inspect(hostId: number, containerId: string, version: number): Promise<void> {
    try {
      const host = this.d.hosts.get(hostId);
      const docker = this.d.connections.connected(hostId).docker();
      const info = await docker.getContainer(containerId).inspect();
      if (this.model.inspected(hostId, containerId, version, summarizeInspect(info, host)))
        this.monitor.notify(hostId);
    } catch (error) {
      if ((error as { statusCode?: number }).statusCode === 404) {
        if (this.model.inspected(hostId, containerId, version, null)) this.monitor.notify(hostId);
        return;
      }
      // Not knowing this one container makes the host's list unknown until listed again.
      if (this.connectionStatus(hostId)?.state === 'connected') void this.reconcile(hostId);
      else this.lost(hostId, (error as Error).message);
    }
  }

  private connectionStatus(hostId: number) {
    try {
      return this.d.connections.get(hostId).status;
    } catch {
      return undefined;
    }
  }

  openLogs(args: LogsArgs, ctx: CallContext): Promise<{ streamId: string }> {
    const options: LogOptions = {
      follow: args.follow,
      tail: args.tail,
      timestamps: args.timestamps,
    };
    if (args.container) {
      const { hostId, id } = args.container;
      const docker = this.hostDocker(args.environmentId, hostId);
      return this.streams.open(ctx, async (output) => {
        // One container: its output as it comes (a prompt without newline shows at once).
        const decoder = new StringDecoder('utf8');
        return attachLogs(docker, id, options, {
          data: (chunk) => output.data(decoder.write(chunk)),
          end: (error) => {
            output.data(decoder.end());
            output.end(error?.message);
          },
        });
      });
    }
    return this.openServiceLogs(args.environmentId, args.service as string, options, ctx);
  }

  openExec(args: ExecArgs, ctx: CallContext): Promise<{ streamId: string }> {
    const docker = this.hostDocker(args.environmentId, args.hostId);
    return this.streams.open(ctx, (output, streamId) =>
      startExec(
        docker,
        args.containerId,
        { command: args.command, cols: args.cols, rows: args.rows, marker: streamId },
        output,
      ),
    );
  }

  /** `docker rm -f` on the container's host; the host's event stream updates the list. */
  async remove(args: { environmentId: number; hostId: number; containerId: string }) {
    const docker = this.hostDocker(args.environmentId, args.hostId);
    await docker.getContainer(args.containerId).remove({ force: true });
  }

  close(): void {
    this.streams.closeAll();
    this.monitor.close();
  }

  private async openServiceLogs(
    environmentId: number,
    service: string,
    options: LogOptions,
    ctx: CallContext,
  ): Promise<{ streamId: string }> {
    const hosts = this.connectedHosts(environmentId);
    const found = await Promise.all(
      hosts.map(async ({ host, docker }) => {
        const raw = await docker
          .listContainers({ all: true, filters: { label: [`${LABEL_SERVICE}=${service}`] } })
          .catch(() => []);
        return raw.map((c) => ({ host, docker, raw: c }));
      }),
    );
    const containers = found
      .flat()
      .sort((x, y) => (taskSlot(x.raw.Labels) ?? 0) - (taskSlot(y.raw.Labels) ?? 0));
    if (containers.length === 0) {
      throw new DroverError(
        'NOT_FOUND',
        `No container of service ${service} on the connected hosts of this environment`,
      );
    }
    return this.streams.open(ctx, async (output) => {
      const merged = new MergedLogs(output, options.follow);
      const add = (docker: Docker, id: string, label: string, opts: LogOptions) =>
        merged.add(id, label, (sink) => attachLogs(docker, id, opts, sink));
      await Promise.all(
        containers.map(({ host, docker, raw }) =>
          add(
            docker,
            raw.Id,
            taskLabel(service, taskSlot(raw.Labels), host.name, raw.Names?.[0]?.slice(1) ?? ''),
            options,
          ),
        ),
      );
      merged.allAdded();
      // Following a service follows its tasks: ones that start later (self-healing, scaling)
      // join the stream from their first line.
      const unsubscribe = options.follow
        ? this.monitor.subscribe((e) => {
            if (e.action !== 'start' || e.labels[LABEL_SERVICE] !== service) return;
            if (merged.has(e.containerId)) return;
            const entry = hosts.find((h) => h.host.id === e.hostId);
            if (!entry) return;
            const label = taskLabel(
              service,
              taskSlot(e.labels),
              entry.host.name,
              e.labels.name ?? '',
            );
            void add(entry.docker, e.containerId, label, { ...options, tail: null });
          })
        : () => undefined;
      return {
        close: () => {
          unsubscribe();
          merged.close();
        },
        pause: () => merged.pause(),
        resume: () => merged.resume(),
      };
    });
  }

  /** Connected hosts of the environment with their Docker clients. */
  private connectedHosts(environmentId: number) {
    return this.d.hosts.list(environmentId).flatMap((host) => {
      try {
        const connection = this.d.connections.get(host.id);
        return connection.status.state === 'connected'
          ? [{ host, docker: connection.docker() }]
          : [];
      } catch {
        return [];
      }
    });
  }

  /** The Docker of a host of the environment (NOT_FOUND for a host of another one). */
  hostDocker(environmentId: number, hostId: number) {
    const host = this.d.hosts.get(hostId);
    if (host.environmentId !== environmentId)
      throw new DroverError('NOT_FOUND', `Host #${hostId} is not in this environment`);
    return this.d.connections.connected(hostId).docker();
  }
}
