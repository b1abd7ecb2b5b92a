// Rollups in a real SQLite store with an injected clock: counts, averages, retention, row caps.
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../store/database';
import { TempDirs } from '../test-support';
import { Rollups } from './rollups';

const dirs = new TempDirs();
afterEach(() => dirs.cleanup());

describe('rollups', () => {
  it('averages 2 s samples into 10 s, 1 min and 10 min buckets once the clock passes them', () => {
    const db = openDatabase(dirs.make());
    let now = Date.UTC(2026, 0, 1, 0, 0, 0);
    const start = now;
    const rollups = new Rollups(db, undefined, () => now);
    // 10 minutes of samples every 2 s, value = minute index (0..9) and a constant.
    for (let i = 0; i < 300; i++) {
      rollups.add('h:1', [Math.floor(i / 30), 7], now);
      now += 2_000;
      rollups.flush();
    }
    const s0 = start / 1000;
    const tens = rollups.read('h:1', 10, s0);
    expect(tens).toHaveLength(60);
    expect(tens.every((r) => r.samples === 5)).toBe(true);
    expect(tens[0]!.values).toEqual([0, 7]);
    expect(tens[59]!.values).toEqual([9, 7]);
    const minutes = rollups.read('h:1', 60, s0);
    expect(minutes.map((r) => r.samples)).toEqual(Array(10).fill(30));
    expect(minutes.map((r) => r.values[0])).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    const tenMinutes = rollups.read('h:1', 600, s0);
    expect(tenMinutes).toEqual([{ bucket: s0, samples: 300, values: [4.5, 7] }]);
    db.close();
  });

  it('keeps a bucket open until its end, then merges a restart into the same bucket', () => {
    const db = openDatabase(dirs.make());
    let now = Date.UTC(2026, 0, 1, 0, 0, 0);
    const first = new Rollups(
      db,
      [{ seconds: 60, retentionSeconds: 3600, maxRows: 100 }],
      () => now,
    );
    first.add('c:x', [10], now);
    first.flush();
    expect(first.read('c:x', 60, 0)).toEqual([]);
    // The console restarts mid-bucket: the bucket is written with what it had...
    now += 60_000;
    first.flush();
    // ...and a second writer for the same bucket merges, weighted by samples.
    const second = new Rollups(
      db,
      [{ seconds: 60, retentionSeconds: 3600, maxRows: 100 }],
      () => now,
    );
    second.add('c:x', [40], now - 30_000);
    second.add('c:x', [40], now - 20_000);
    second.flush();
    expect(second.read('c:x', 60, 0)).toEqual([
      { bucket: (now - 60_000) / 1000, samples: 3, values: [30] },
    ]);
    db.close();
  });

  it('drops buckets past retention and the oldest beyond the row cap', () => {
    const db = openDatabase(dirs.make());
    let now = Date.UTC(2026, 0, 1, 0, 0, 0);
    const rollups = new Rollups(
      db,
      [{ seconds: 10, retentionSeconds: 300, maxRows: 20 }],
      () => now,
    );
    for (let i = 0; i < 100; i++) {
      for (const e of ['a', 'b']) rollups.add(e, [i], now);
      now += 10_000;
      rollups.flush();
    }
    // 100 buckets each for 2 entities; retention keeps the last 300 s (30 per entity = 60),
    // then the cap keeps at most 20 rows: the newest.
    rollups.prune();
    const rows = [...rollups.read('a', 10, 0), ...rollups.read('b', 10, 0)];
    expect(rows.length).toBeLessThanOrEqual(20);
    expect(Math.min(...rows.map((r) => r.values[0]!))).toBeGreaterThanOrEqual(90);
    db.close();
  });
});
