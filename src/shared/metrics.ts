// Metrics DTOs shared by the core and the renderer: rates per host, container, service and stack.
// Every figure is a rate per second or a gauge; counters never leave the core.

/** How a host's figures are read: the SSH sampler, Docker's stats API (fallback), or not yet. */
export type MetricsSource = 'sampler' | 'docker-api' | 'none';

export interface HostSourceInfo {
  hostId: number;
  source: MetricsSource;
  /** cgroup layout the sampler found, e.g. "v1 cgroupfs"; why the fallback is in use otherwise. */
  detail: string;
}

/** Host gauges and rates, summed over interfaces/disks; the details are in HostDetail. */
export interface HostPoint {
  /** Epoch ms when the console received the sample. */
  t: number;
  /** % of all cores. */
  cpuPct: number;
  load1: number;
  memTotal: number;
  /** total - available (bytes). */
  memUsed: number;
  /** buffers + page cache + reclaimable slab (bytes). */
  memCache: number;
  memAvailable: number;
  swapUsed: number;
  /** Bytes (and packets) per second over all interfaces but lo and veth*. */
  netRx: number;
  netTx: number;
  netRxPackets: number;
  netTxPackets: number;
  /** Bytes and operations per second over whole disks (not partitions, dm or md). */
  diskRead: number;
  diskWrite: number;
  diskReadOps: number;
  diskWriteOps: number;
  /** Bytes used and size over the block-device mounts (last df). */
  fsUsed: number;
  fsSize: number;
}

export interface HostDetail {
  /** % per core. */
  cores: number[];
  load: [number, number, number];
  swapTotal: number;
  interfaces: { name: string; rx: number; tx: number; rxPackets: number; txPackets: number }[];
  disks: { name: string; read: number; write: number; readOps: number; writeOps: number }[];
  mounts: { mount: string; size: number; used: number; available: number }[];
}

/** A container's figures; services and stacks carry the sum over their containers. */
export interface ContainerPoint {
  t: number;
  /** CPUs in use (1 = one core busy). */
  cpuCores: number;
  /** % of its CPU limit (the host's cores when it has none). */
  cpuPct: number;
  /** Working set: usage minus inactive file cache, as `docker stats` shows it (bytes). */
  memUsage: number;
  memCache: number;
  /** Its limit, or the host's memory when it has none. */
  memLimit: number;
  netRx: number;
  netTx: number;
  blkRead: number;
  blkWrite: number;
}

export type EntityKind = 'host' | 'container' | 'service' | 'stack';

/** Names a series owner: host id, container id, or service/stack name within the environment. */
export interface EntityRef {
  kind: EntityKind;
  id: string;
}

export interface HostMetrics {
  hostId: number;
  hostName: string;
  point: HostPoint;
  detail: HostDetail;
}

export interface ContainerMetrics {
  id: string;
  name: string;
  hostId: number;
  hostName: string;
  service: string | null;
  stack: string | null;
  /** Shares the host's network namespace: its rx/tx are the host's, not shown here. */
  hostNetwork: boolean;
  /** CPUs it may use: its quota, or the host's cores. */
  cpuLimit: number;
  point: ContainerPoint;
}

export interface GroupMetrics {
  name: string;
  /** The stack label its containers carry (a stack's own name; null: outside any stack). */
  stack: string | null;
  containers: number;
  point: ContainerPoint;
}

/** One push of the latest figures of an environment (one per tick, all series at once). */
export interface MetricsBatch {
  environmentId: number;
  t: number;
  hosts: HostMetrics[];
  containers: ContainerMetrics[];
  services: GroupMetrics[];
  stacks: GroupMetrics[];
  sources: HostSourceInfo[];
}

export type MetricsRange = 'live' | '1h' | '24h' | '7d' | 'custom';

/** A span of time, epoch ms. */
export interface MetricsWindow {
  from: number;
  to: number;
}

/** Longest custom span: the coarsest history is kept 30 days. */
export const MAX_WINDOW_MS = 30 * 86_400_000;

/** What is wrong with a custom span, on which end; null when it is fine. */
export function windowProblem(w: MetricsWindow): { field: 'from' | 'to'; message: string } | null {
  if (!Number.isFinite(w.from)) return { field: 'from', message: 'Enter a start date and time' };
  if (!Number.isFinite(w.to)) return { field: 'to', message: 'Enter an end date and time' };
  if (w.to <= w.from) return { field: 'to', message: 'The end must come after the start' };
  if (w.to - w.from < 60_000) return { field: 'to', message: 'A range spans at least a minute' };
  if (w.to - w.from > MAX_WINDOW_MS)
    return { field: 'from', message: 'A range spans at most 30 days (the history kept)' };
  return null;
}

export type SeriesPoint = HostPoint | ContainerPoint;

export interface MetricsSeries {
  entity: EntityRef;
  range: MetricsRange;
  /** Seconds between points (the tick for live, the rollup resolution otherwise). */
  step: number;
  /** The span the points cover (all but live). */
  window?: MetricsWindow;
  points: SeriesPoint[];
}

export type TopMetric = 'cpu' | 'memory' | 'network' | 'disk';

export const HOST_FIELDS = [
  'cpuPct',
  'load1',
  'memTotal',
  'memUsed',
  'memCache',
  'memAvailable',
  'swapUsed',
  'netRx',
  'netTx',
  'netRxPackets',
  'netTxPackets',
  'diskRead',
  'diskWrite',
  'diskReadOps',
  'diskWriteOps',
  'fsUsed',
  'fsSize',
] as const satisfies readonly (keyof HostPoint)[];

export const CONTAINER_FIELDS = [
  'cpuCores',
  'cpuPct',
  'memUsage',
  'memCache',
  'memLimit',
  'netRx',
  'netTx',
  'blkRead',
  'blkWrite',
] as const satisfies readonly (keyof ContainerPoint)[];
