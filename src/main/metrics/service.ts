// Metrics of every connected host: one sampler per host, rates, the live rings, rollups, per
// service/stack sums, and one batched event per environment and tick for the renderer.
// In-process listeners (alerts) subscribe with onSample and get each host's figures as they come.
import {
  CONTAINER_FIELDS,
  HOST_FIELDS,
  type ContainerMetrics,
  type ContainerPoint,
  type EntityRef,
  type GroupMetrics,
  type HostMetrics,
  type HostPoint,
  type HostSourceInfo,
  type MetricsBatch,
  type MetricsRange,
  type MetricsSeries,
  type MetricsWindow,
  type TopMetric,
} from '../../shared/metrics.js';
import type { HostUsageSource } from '../alerts/inputs.js';
import type { ContainerEventMonitor } from '../containers/events.js';
import type { EventBus } from '../events/bus.js';
import type { HostConnections } from '../hosts/connections.js';
import type { HostRepository } from '../hosts/repository.js';
import type { Database } from '../store/database.js';
import { groupBy } from './aggregate.js';
import { ContainerDirectory } from './directory.js';
import { DockerStatsPoller } from './docker-stats.js';
import { RateCalculator, type ContainerRate, type HostRates } from './rates.js';
import type { RawRecord, SamplerHeader } from './record.js';
import type { Resolution } from './rollups.js';
import { HostSampler } from './sampler.js';
import { waitFor } from '../swarm/poll.js';
import { MetricsHistory } from './history.js';

/** What onSample listeners get: one host's figures, each time its sampler reports. */
export interface HostSample {
  environmentId: number;
  host: HostMetrics;
  containers: ContainerMetrics[];
}

/** The alert rules' view of host usage, fed by onSample. */
export function hostUsageOf(metrics: MetricsService): HostUsageSource {
  return {
    subscribe: (listener) =>
      metrics.onSample(({ host }) =>
        listener(host.hostId, {
          cpuPercent: host.point.cpuPct,
          memoryPercent:
            host.point.memTotal > 0 ? (host.point.memUsed / host.point.memTotal) * 100 : 0,
          at: host.point.t,
        }),
      ),
  };
}

export interface MetricsOptions {
  tickSeconds?: number;
  /** The clock for sample times, rollup buckets and retention (tests advance it). */
  now?: () => number;
  resolutions?: readonly Resolution[];
  /** Live history kept in memory per series. */
  liveSeconds?: number;
}

export interface MetricsDeps {
  db: Database;
  hosts: HostRepository;
  connections: HostConnections;
  events: EventBus;
  monitor: ContainerEventMonitor;
}

interface HostState {
  sampler: HostSampler;
  /** Docker's stats API, where the sampler finds no container cgroups. */
  fallback?: DockerStatsPoller;
  fallbackRates?: ContainerRate[];
  header?: SamplerHeader;
  rates: RateCalculator;
  source: HostSourceInfo;
  latest?: HostSample;
  /** Sampled since the last flush. */
  fresh: boolean;
}

export class MetricsService {
  readonly tickSeconds: number;
  private readonly now: () => number;
  private readonly directory = new ContainerDirectory();
  private readonly hosts = new Map<number, HostState>();
  private readonly latestGroups = new Map<
    number,
    { services: GroupMetrics[]; stacks: GroupMetrics[] }
  >();
  private readonly listeners = new Set<(sample: HostSample) => void>();
  private readonly history: MetricsHistory;
  private readonly stopMonitor: () => void;
  private flushTimer: NodeJS.Timeout | undefined;
  private lastPrune = 0;

  constructor(
    private readonly d: MetricsDeps,
    options: MetricsOptions = {},
  ) {
    this.tickSeconds = options.tickSeconds ?? 2;
    this.now = options.now ?? Date.now;
    this.history = new MetricsHistory(d.db, {
      ...options,
      tickSeconds: this.tickSeconds,
      now: this.now,
    });
    this.stopMonitor = d.monitor.subscribe((event) => this.directory.handle(event));
  }

  /** Every host sample as it arrives (alerts subscribe here). Returns the unsubscribe. */
  onSample(listener: (sample: HostSample) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Call when a host's connection is up (again): its sampler starts over that connection. */
  hostConnected(hostId: number): void {
    const connection = this.d.connections.get(hostId);
    const state = this.hostState(hostId);
    void this.directory.refresh(hostId, connection.docker()).catch(() => undefined);
    state.rates = new RateCalculator();
    state.sampler.start(connection);
    this.flushTimer ??= setInterval(() => this.flush(), this.tickSeconds * 1000).unref();
  }

  /** The latest figures of an environment (what one metrics.batch event carries). */
  latest(environmentId: number): MetricsBatch {
    const samples = this.samplesOf(environmentId);
    const groups = this.latestGroups.get(environmentId);
    return {
      environmentId,
      t: this.now(),
      hosts: samples.map((s) => s.host),
      containers: samples.flatMap((s) => s.containers),
      services: groups?.services ?? [],
      stacks: groups?.stacks ?? [],
      sources: this.sourcesOf(environmentId),
    };
  }

  series(
    environmentId: number,
    entity: EntityRef,
    range: MetricsRange,
    custom?: MetricsWindow,
  ): MetricsSeries {
    return this.history.series(environmentId, entity, range, custom);
  }

  /** Waits until every connected host of the environment has reported rates (the CLI). */
  async settled(environmentId: number, timeoutMs: number): Promise<void> {
    const ready = () =>
      this.d.hosts
        .list(environmentId)
        .filter((h) => this.connectedState(h.id))
        .every((h) => this.hosts.get(h.id)?.latest);
    await waitFor(ready, { timeoutMs, intervalMs: 100 });
    this.flush();
  }

  /** The biggest consumers among containers, services or hosts. */
  top(
    environmentId: number,
    metric: TopMetric,
    kind: 'container' | 'service' | 'stack',
    limit: number,
  ): (ContainerMetrics | GroupMetrics)[] {
    const batch = this.latest(environmentId);
    const items: (ContainerMetrics | GroupMetrics)[] =
      kind === 'container' ? batch.containers : kind === 'service' ? batch.services : batch.stacks;
    const score = (p: ContainerPoint) =>
      metric === 'cpu'
        ? p.cpuCores
        : metric === 'memory'
          ? p.memUsage
          : metric === 'network'
            ? p.netRx + p.netTx
            : p.blkRead + p.blkWrite;
    return [...items].sort((a, b) => score(b.point) - score(a.point)).slice(0, limit);
  }

  /** Gathers what came in since the last tick: rings, rollups, group sums, one event each. */
  flush(): void {
    const environments = new Set<number>();
    for (const [hostId, state] of this.hosts) {
      if (!state.fresh || !state.latest) continue;
      state.fresh = false;
      environments.add(state.latest.environmentId);
      const { host, containers } = state.latest;
      this.history.record(`h:${hostId}`, host.point, HOST_FIELDS);
      for (const c of containers) this.history.record(`c:${c.id}`, c.point, CONTAINER_FIELDS);
    }
    const t = this.now();
    for (const environmentId of environments) {
      const containers = this.samplesOf(environmentId).flatMap((s) => s.containers);
      const services = groupBy(containers, (c) => c.service, t);
      const stacks = groupBy(containers, (c) => c.stack, t);
      this.latestGroups.set(environmentId, { services, stacks });
      for (const g of services)
        this.history.record(`s:${environmentId}:${g.name}`, g.point, CONTAINER_FIELDS);
      for (const g of stacks)
        this.history.record(`k:${environmentId}:${g.name}`, g.point, CONTAINER_FIELDS);
      this.d.events.publish('metrics.batch', this.latest(environmentId));
    }
    this.history.flush();
    if (t - this.lastPrune > 600_000) {
      this.lastPrune = t;
      this.history.prune();
    }
  }

  close(): void {
    clearInterval(this.flushTimer);
    this.stopMonitor();
    for (const state of this.hosts.values()) state.sampler.stop();
    this.hosts.clear();
  }

  private hostState(hostId: number): HostState {
    let state = this.hosts.get(hostId);
    if (!state) {
      const created: HostState = {
        rates: new RateCalculator(),
        source: { hostId, source: 'none', detail: 'Starting the sampler' },
        fresh: false,
        sampler: new HostSampler(
          {
            header: (header) => this.onHeader(created, header),
            record: (record, at) => this.onRecord(hostId, created, record, at),
            failure: (message) => {
              created.source = { hostId, source: 'none', detail: message };
            },
          },
          { tickSeconds: this.tickSeconds, now: this.now },
        ),
      };
      state = created;
      this.hosts.set(hostId, state);
    }
    return state;
  }

  /** What the host's sampler said about itself (its shell's pid: the benchmark reads its CPU). */
  samplerInfo(hostId: number): SamplerHeader | undefined {
    return this.hosts.get(hostId)?.header;
  }

  private onHeader(state: HostState, header: SamplerHeader): void {
    state.header = header;
    const hostId = state.source.hostId;
    state.fallback =
      header.cgroup === 'none'
        ? new DockerStatsPoller(() => this.d.connections.connected(hostId).docker())
        : undefined;
    state.fallbackRates = undefined;
    state.source =
      header.cgroup === 'none'
        ? {
            hostId,
            source: 'docker-api',
            detail:
              'The sampler finds no container cgroups here: containers are read through Docker’s stats API',
          }
        : {
            hostId: state.source.hostId,
            source: 'sampler',
            detail: `cgroup ${header.cgroup}, ${header.driver}`,
          };
  }

  private onRecord(hostId: number, state: HostState, record: RawRecord, at: number): void {
    const rates = state.rates.next(record, at);
    if (state.fallback) {
      // The next sample carries what this round reads (a tick late, as the API is slow).
      void state.fallback
        .poll(this.directory.ids(hostId), at)
        .then((found) => {
          if (found) state.fallbackRates = found;
        })
        .catch(() => undefined);
    }
    if (!rates) return;
    if (state.fallback) rates.containers = state.fallbackRates ?? [];
    let host;
    try {
      host = this.d.hosts.get(hostId);
    } catch {
      return; // removed meanwhile
    }
    const sample = this.toSample(hostId, host.name, host.environmentId, rates);
    state.latest = sample;
    state.fresh = true;
    for (const listener of this.listeners) listener(sample);
  }

  private toSample(
    hostId: number,
    hostName: string,
    environmentId: number,
    rates: HostRates,
  ): HostSample {
    const containers: ContainerMetrics[] = [];
    for (const c of rates.containers) {
      // Only containers this host's Docker runs (a shared kernel shows others' cgroups too).
      const info = this.directory.get(hostId, c.id);
      if (!info) continue;
      containers.push({
        id: c.id,
        name: info.name,
        hostId,
        hostName,
        service: info.service,
        stack: info.stack,
        hostNetwork: c.hostNetwork,
        cpuLimit: c.cpuLimit,
        point: c.point,
      });
    }
    return {
      environmentId,
      host: { hostId, hostName, point: rates.point as HostPoint, detail: rates.detail },
      containers,
    };
  }

  private samplesOf(environmentId: number): HostSample[] {
    const out: HostSample[] = [];
    for (const [hostId, state] of this.hosts) {
      if (state.latest?.environmentId === environmentId && this.connectedState(hostId))
        out.push(state.latest);
    }
    return out.sort((a, b) => a.host.hostName.localeCompare(b.host.hostName));
  }

  private sourcesOf(environmentId: number): HostSourceInfo[] {
    return this.d.hosts.list(environmentId).map(
      (h) =>
        this.hosts.get(h.id)?.source ?? {
          hostId: h.id,
          source: 'none',
          detail: 'Not connected',
        },
    );
  }

  private connectedState(hostId: number): boolean {
    try {
      return this.d.connections.get(hostId).status.state === 'connected';
    } catch {
      return false;
    }
  }
}
