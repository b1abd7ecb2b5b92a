// Parses the sampler's output (see sampler-script.ts for the format) into raw counter records.
// Lines arrive in chunks of any size; RecordReader gathers them and hands out whole records.

export interface SamplerHeader {
  version: number;
  cgroup: 'v1' | 'v2' | 'none';
  driver: 'cgroupfs' | 'systemd' | 'none';
  /** The sampler's shell on the host (the benchmark reads its CPU time). */
  pid: number;
}

export interface CpuCounters {
  /** Busy and total jiffies (USER_HZ); idle = idle + iowait. */
  busy: number;
  total: number;
}

export interface RawHost {
  cpu: CpuCounters;
  cores: CpuCounters[];
  load: [number, number, number];
  /** Bytes. */
  memory: {
    total: number;
    free: number;
    available: number;
    buffers: number;
    cached: number;
    swapTotal: number;
    swapFree: number;
  };
  interfaces: {
    name: string;
    rxBytes: number;
    rxPackets: number;
    txBytes: number;
    txPackets: number;
  }[];
  disks: { name: string; reads: number; readBytes: number; writes: number; writeBytes: number }[];
  /** Only in the records where the sampler ran df; otherwise undefined. */
  mounts?: { mount: string; size: number; used: number; available: number }[];
}

export interface RawContainer {
  id: string;
  cpuNs: number;
  /** CPUs the container may use (quota / period), or null when unlimited. */
  cpuLimit: number | null;
  memUsage: number;
  /** null when unlimited (v2 "max", or v1's huge page-rounded maximum). */
  memLimit: number | null;
  memCache: number;
  memInactiveFile: number;
  blkRead: number;
  blkWrite: number;
  /** own: its network namespace's counters; host: shares the host's (none given); none: no pid. */
  netns: 'own' | 'host' | 'none';
  rxBytes: number;
  rxPackets: number;
  txBytes: number;
  txPackets: number;
}

export interface RawRecord {
  /** The host's uptime in seconds at the start of the record: rates divide by its deltas. */
  uptime: number;
  host: RawHost;
  containers: RawContainer[];
}

/** v1 reports "no limit" as the largest page-aligned 63-bit number; anything above 2^60 is none. */
const NO_LIMIT = 2 ** 60;

const num = (s: string | undefined): number => {
  const n = Number(s);
  return Number.isFinite(n) ? n : 0;
};

const cpuCounters = (f: string[]): CpuCounters => {
  // user nice system idle iowait irq softirq steal
  const [user, nice, system, idle, iowait, irq, softirq, steal] = f
    .slice(2, 10)
    .map(num) as number[];
  const busy = user! + nice! + system! + irq! + softirq! + steal!;
  return { busy, total: busy + idle! + iowait! };
};

export function parseHeader(line: string): SamplerHeader | undefined {
  const f = line.split(' ');
  if (f[0] !== '#' || f[1] !== 'drover-sampler') return undefined;
  const cgroup = f[3] === 'v1' || f[3] === 'v2' ? f[3] : 'none';
  const driver = f[4] === 'cgroupfs' || f[4] === 'systemd' ? f[4] : 'none';
  return { version: num(f[2]), cgroup, driver, pid: num(f[5]) };
}

/** One record's lines, from "@" up to (not including) ".". */
export function parseRecord(lines: readonly string[]): RawRecord {
  const host: RawHost = {
    cpu: { busy: 0, total: 0 },
    cores: [],
    load: [0, 0, 0],
    memory: { total: 0, free: 0, available: 0, buffers: 0, cached: 0, swapTotal: 0, swapFree: 0 },
    interfaces: [],
    disks: [],
  };
  const containers: RawContainer[] = [];
  let uptime = 0;
  for (const line of lines) {
    const f = line.split(' ');
    switch (f[0]) {
      case '@':
        uptime = num(f[1]);
        break;
      case 'c':
        if (f[1] === 'cpu') host.cpu = cpuCounters(f);
        else host.cores.push(cpuCounters(f));
        break;
      case 'l':
        host.load = [num(f[1]), num(f[2]), num(f[3])];
        break;
      case 'm': {
        const [total, free, available, buffers, cached, sreclaimable, swapTotal, swapFree] = f
          .slice(1, 9)
          .map((v) => num(v) * 1024) as number[];
        host.memory = {
          total: total!,
          free: free!,
          available: available!,
          buffers: buffers!,
          // Reclaimable slab is cache too (as free(1) counts it).
          cached: cached! + sreclaimable!,
          swapTotal: swapTotal!,
          swapFree: swapFree!,
        };
        break;
      }
      case 'n':
        host.interfaces.push({
          name: f[1] ?? '',
          rxBytes: num(f[2]),
          rxPackets: num(f[3]),
          txBytes: num(f[4]),
          txPackets: num(f[5]),
        });
        break;
      case 'd':
        host.disks.push({
          name: f[1] ?? '',
          reads: num(f[2]),
          readBytes: num(f[3]) * 512,
          writes: num(f[4]),
          writeBytes: num(f[5]) * 512,
        });
        break;
      case 'f':
        // The mount point may hold spaces: it is everything between "f " and the last 3 fields.
        if (f.length >= 5) {
          (host.mounts ??= []).push({
            mount: f.slice(1, -3).join(' '),
            size: num(f[f.length - 3]) * 1024,
            used: num(f[f.length - 2]) * 1024,
            available: num(f[f.length - 1]) * 1024,
          });
        }
        break;
      case 'k': {
        const quota = num(f[3]);
        const period = num(f[4]);
        const memLimit = num(f[6]);
        const netns = f[11] === 'own' || f[11] === 'host' ? f[11] : 'none';
        containers.push({
          id: f[1] ?? '',
          cpuNs: num(f[2]),
          cpuLimit: quota > 0 && period > 0 ? quota / period : null,
          memUsage: num(f[5]),
          memLimit: memLimit > 0 && memLimit < NO_LIMIT ? memLimit : null,
          memCache: num(f[7]),
          memInactiveFile: num(f[8]),
          blkRead: num(f[9]),
          blkWrite: num(f[10]),
          netns,
          rxBytes: num(f[12]),
          rxPackets: num(f[13]),
          txBytes: num(f[14]),
          txPackets: num(f[15]),
        });
        break;
      }
    }
  }
  return { uptime, host, containers };
}

/** Splits a byte stream into the header and whole records. */
/**
 * Bounds on what a sampler may send before a line or a record ends. The sampler's lines are
 * short and a record holds a few lines per container; a host whose output never ends a line or
 * a record (a broken script, garbage on the channel) must not grow the console's memory.
 */
export const MAX_SAMPLER_LINE = 64 * 1024;
export const MAX_RECORD_LINES = 50_000;

export class RecordReader {
  private rest = '';
  private lines: string[] = [];
  private inRecord = false;
  /** Inside a line too long to keep: dropped up to its end. */
  private skipping = false;

  constructor(
    private readonly onRecord: (record: RawRecord) => void,
    private readonly onHeader: (header: SamplerHeader) => void,
  ) {}

  push(chunk: string): void {
    const parts = (this.rest + chunk).split('\n');
    this.rest = parts.pop() ?? '';
    for (const line of parts) {
      if (this.skipping) this.skipping = false;
      else this.line(line);
    }
    if (this.rest.length > MAX_SAMPLER_LINE) {
      // A line this long is no sampler output; so is the record it is in.
      this.rest = '';
      this.skipping = true;
      this.abandon();
    }
  }

  private abandon(): void {
    this.inRecord = false;
    this.lines = [];
  }

  private line(line: string): void {
    if (line.startsWith('# ')) {
      const header = parseHeader(line);
      if (header) this.onHeader(header);
      return;
    }
    if (line.startsWith('@ ')) {
      this.lines = [line];
      this.inRecord = true;
      return;
    }
    if (!this.inRecord) return;
    if (line === '.') {
      this.inRecord = false;
      this.onRecord(parseRecord(this.lines));
      this.lines = [];
      return;
    }
    if (this.lines.length >= MAX_RECORD_LINES) return this.abandon();
    this.lines.push(line);
  }
}
