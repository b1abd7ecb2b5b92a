// Counters to rates, from v1 records as the lab hosts print them.
import { describe, expect, it } from 'vitest';
import {
  MAX_RECORD_LINES,
  MAX_SAMPLER_LINE,
  RecordReader,
  parseRecord,
  type RawRecord,
} from './record';
import { RateCalculator } from './rates';

const ID = 'c'.repeat(64);

/** A v1 record at `uptime` with the container's counters. */
function record(uptime: number, cpuNs: number, rx: number, idle: number, extra = ''): string[] {
  return [
    `@ ${uptime}`,
    `c cpu ${1000 + (uptime - 100) * 100} 0 0 ${idle} 0 0 0 0`,
    `c cpu0 ${500 + (uptime - 100) * 50} 0 0 ${idle / 2} 0 0 0 0`,
    `c cpu1 ${500 + (uptime - 100) * 50} 0 0 ${idle / 2} 0 0 0 0`,
    'l 0.50 0.40 0.30',
    'm 24684084 21613932 22979412 49336 1345776 1000 2097148 2097148',
    `n eth0 ${rx * 2} 10 ${rx} 5`,
    'd vda 100 1000 200 2000',
    'd dm-0 100 1000 200 2000',
    `k ${ID} ${cpuNs} -1 100000 2609152 9223372036854771712 24576 4096 0 0 own ${rx} 15 0 0`,
    extra,
  ].filter(Boolean);
}

describe('rates', () => {
  it('turns two records into per-second rates over the host uptime delta', () => {
    const rates = new RateCalculator();
    expect(rates.next(parseRecord(record(100, 0, 0, 10_000)), 1_000)).toBeUndefined();
    const r = rates.next(parseRecord(record(102, 2e9, 1_000_000, 10_000)), 3_050)!;
    // CPU: 200 busy jiffies out of 200 total: the machine was 100% busy.
    expect(r.point.cpuPct).toBe(100);
    expect(r.detail.cores).toEqual([100, 100]);
    // 2e9 ns of CPU in 2 s: one core.
    expect(r.containers[0]!.point.cpuCores).toBe(1);
    expect(r.containers[0]!.point.cpuPct).toBe(50); // no limit: of both cores
    expect(r.containers[0]!.point.netRx).toBe(500_000);
    expect(r.point.netRx).toBe(1_000_000);
    // Memory: total - available; unlimited container limit shows the host's memory.
    expect(r.point.memUsed).toBe((24684084 - 22979412) * 1024);
    expect(r.containers[0]!.point.memLimit).toBe(24684084 * 1024);
    expect(r.containers[0]!.point.memUsage).toBe(2609152 - 4096);
    // Sample times follow the host's clock from the first arrival, not the late second one.
    expect(r.point.t).toBe(3_000);
    // dm-0 sits on vda: not counted twice.
    expect(r.point.diskReadOps).toBe(0);
  });

  it('gives a restarted container no rate for the tick its counters went back', () => {
    const rates = new RateCalculator();
    rates.next(parseRecord(record(100, 5e9, 5000, 0)), 0);
    const r = rates.next(parseRecord(record(102, 1e9, 100, 0)), 2000)!;
    expect(r.containers).toEqual([]);
    const again = rates.next(parseRecord(record(104, 3e9, 300, 0)), 4000)!;
    expect(again.containers[0]!.point.cpuCores).toBe(1);
  });

  it('reads records split across chunks anywhere', () => {
    const got: RawRecord[] = [];
    const reader = new RecordReader(
      (r) => got.push(r),
      () => undefined,
    );
    const text = [
      '# drover-sampler 1 v1 cgroupfs 42',
      ...record(100, 0, 0, 0),
      '.',
      ...record(102, 0, 0, 0),
      '.',
      '',
    ].join('\n');
    for (let i = 0; i < text.length; i += 7) reader.push(text.slice(i, i + 7));
    expect(got.map((r) => r.uptime)).toEqual([100, 102]);
    expect(got[0]!.containers[0]!.id).toBe(ID);
  });

  it('drops a line that never ends and a record that never ends, then reads on', () => {
    const got: RawRecord[] = [];
    const reader = new RecordReader(
      (r) => got.push(r),
      () => undefined,
    );
    const garbage = 'x'.repeat(4096);
    reader.push(record(100, 0, 0, 0).join('\n'));
    for (let i = 0; i < 100; i++) reader.push(garbage); // 400 KiB without a newline
    expect((reader as unknown as { rest: string }).rest.length).toBeLessThanOrEqual(
      MAX_SAMPLER_LINE,
    );
    reader.push('\n' + record(102, 0, 0, 0).join('\n') + '\n.\n');
    // The record the long line broke is gone; the next one is read whole.
    expect(got.map((r) => r.uptime)).toEqual([102]);

    reader.push(record(104, 0, 0, 0).join('\n') + '\n');
    for (let i = 0; i < MAX_RECORD_LINES + 10; i++) reader.push('c junk\n');
    expect((reader as unknown as { lines: string[] }).lines.length).toBeLessThanOrEqual(
      MAX_RECORD_LINES,
    );
    reader.push(record(106, 0, 0, 0).join('\n') + '\n.\n');
    expect(got.map((r) => r.uptime)).toEqual([102, 106]);
  });
});
