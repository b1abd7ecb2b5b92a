// Counters to rates: each record is compared with the previous one of the same host, over the
// host's own uptime delta (not the console's receive times, which jitter with the network).
import type { ContainerPoint, HostDetail, HostPoint } from '../../shared/metrics.js';
import type { CpuCounters, RawContainer, RawHost, RawRecord } from './record.js';

export interface ContainerRate {
  id: string;
  hostNetwork: boolean;
  cpuLimit: number;
  point: ContainerPoint;
}

export interface HostRates {
  point: HostPoint;
  detail: HostDetail;
  containers: ContainerRate[];
}

/** Device-mapper and md devices sit on top of the real disks: counting them too would double. */
const layered = (name: string) => /^(dm-|md)/.test(name);

/** A counter that went backwards was reset (container restarted, counter wrapped): no rate. */
const rate = (now: number, before: number, seconds: number) =>
  now >= before ? (now - before) / seconds : 0;

const cpuPct = (now: CpuCounters, before: CpuCounters | undefined) => {
  if (!before) return 0;
  const total = now.total - before.total;
  return total > 0 ? Math.min(100, Math.max(0, ((now.busy - before.busy) / total) * 100)) : 0;
};

const sum = <T>(items: readonly T[], of: (item: T) => number) =>
  items.reduce((acc, item) => acc + of(item), 0);

/** Rates for one host's sampler. `next` returns undefined for the first record (no delta yet). */
export class RateCalculator {
  private previous: RawRecord | undefined;
  private mounts: HostDetail['mounts'] = [];
  /** Console time of the host's uptime 0: sample times follow the host's clock, not arrival. */
  private anchor: number | undefined;

  /** `receivedAt`: the console's clock when the record arrived (epoch ms). */
  next(record: RawRecord, receivedAt: number): HostRates | undefined {
    if (record.host.mounts) this.mounts = record.host.mounts;
    // Arrival jitters (network, a busy event loop); the host's uptime does not. Re-anchor only if
    // the two drift far apart (a changed console clock, a host clock jump).
    let at = (this.anchor ?? 0) + record.uptime * 1000;
    if (this.anchor === undefined || Math.abs(at - receivedAt) > 30_000) {
      this.anchor = receivedAt - record.uptime * 1000;
      at = receivedAt;
    }
    at = Math.round(at);
    const before = this.previous;
    this.previous = record;
    if (!before) return undefined;
    const seconds = record.uptime - before.uptime;
    if (!(seconds > 0)) return undefined;
    const host = this.hostRates(record.host, before.host, seconds, at);
    const previous = new Map(before.containers.map((c) => [c.id, c]));
    const containers: ContainerRate[] = [];
    for (const c of record.containers) {
      const was = previous.get(c.id);
      // New (or restarted: its CPU counter started again) containers get a rate next tick.
      if (!was || c.cpuNs < was.cpuNs || c.netns === 'none') continue;
      containers.push(this.containerRate(c, was, seconds, at, record.host));
    }
    return { ...host, containers };
  }

  private hostRates(now: RawHost, was: RawHost, seconds: number, t: number) {
    const m = now.memory;
    const wasIf = new Map(was.interfaces.map((i) => [i.name, i]));
    const interfaces = now.interfaces.map((i) => {
      const b = wasIf.get(i.name) ?? i;
      return {
        name: i.name,
        rx: rate(i.rxBytes, b.rxBytes, seconds),
        tx: rate(i.txBytes, b.txBytes, seconds),
        rxPackets: rate(i.rxPackets, b.rxPackets, seconds),
        txPackets: rate(i.txPackets, b.txPackets, seconds),
      };
    });
    const wasDisk = new Map(was.disks.map((d) => [d.name, d]));
    const disks = now.disks.map((d) => {
      const b = wasDisk.get(d.name) ?? d;
      return {
        name: d.name,
        read: rate(d.readBytes, b.readBytes, seconds),
        write: rate(d.writeBytes, b.writeBytes, seconds),
        readOps: rate(d.reads, b.reads, seconds),
        writeOps: rate(d.writes, b.writes, seconds),
      };
    });
    const realDisks = disks.filter((d) => !layered(d.name));
    const point: HostPoint = {
      t,
      cpuPct: cpuPct(now.cpu, was.cpu),
      load1: now.load[0],
      memTotal: m.total,
      memUsed: m.total - m.available,
      memCache: m.buffers + m.cached,
      memAvailable: m.available,
      swapUsed: m.swapTotal - m.swapFree,
      netRx: sum(interfaces, (i) => i.rx),
      netTx: sum(interfaces, (i) => i.tx),
      netRxPackets: sum(interfaces, (i) => i.rxPackets),
      netTxPackets: sum(interfaces, (i) => i.txPackets),
      diskRead: sum(realDisks, (d) => d.read),
      diskWrite: sum(realDisks, (d) => d.write),
      diskReadOps: sum(realDisks, (d) => d.readOps),
      diskWriteOps: sum(realDisks, (d) => d.writeOps),
      fsUsed: sum(this.mounts, (f) => f.used),
      fsSize: sum(this.mounts, (f) => f.size),
    };
    const detail: HostDetail = {
      cores: now.cores.map((c, i) => cpuPct(c, was.cores[i])),
      load: now.load,
      swapTotal: m.swapTotal,
      interfaces,
      disks,
      mounts: this.mounts,
    };
    return { point, detail };
  }

  private containerRate(
    c: RawContainer,
    was: RawContainer,
    seconds: number,
    t: number,
    host: RawHost,
  ): ContainerRate {
    const cpuCores = rate(c.cpuNs, was.cpuNs, seconds) / 1e9;
    const limit = c.cpuLimit ?? Math.max(1, host.cores.length);
    // A new network namespace (restart) restarts the counters: rate() gives 0, not a spike.
    const net = c.netns === 'own' && was.netns === 'own';
    return {
      id: c.id,
      hostNetwork: c.netns === 'host',
      cpuLimit: limit,
      point: {
        t,
        cpuCores,
        cpuPct: (cpuCores / limit) * 100,
        memUsage: Math.max(0, c.memUsage - c.memInactiveFile),
        memCache: c.memCache,
        memLimit: c.memLimit ?? host.memory.total,
        netRx: net ? rate(c.rxBytes, was.rxBytes, seconds) : 0,
        netTx: net ? rate(c.txBytes, was.txBytes, seconds) : 0,
        blkRead: rate(c.blkRead, was.blkRead, seconds),
        blkWrite: rate(c.blkWrite, was.blkWrite, seconds),
      },
    };
  }
}
