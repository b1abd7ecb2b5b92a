// Averages over fixed buckets (10 s, 1 min, 10 min by default) in SQLite, each resolution kept for
// its retention and capped in rows, so the file stays bounded however many containers come and go.
// Buckets are closed by the injected clock: a bucket is written once time has moved past its end.
import type { Database } from '../store/database.js';

export interface Resolution {
  /** Bucket width in seconds. */
  seconds: number;
  /** How long its buckets are kept. */
  retentionSeconds: number;
  /** At most this many rows; the oldest buckets go first. */
  maxRows: number;
}

export const DEFAULT_RESOLUTIONS: readonly Resolution[] = [
  { seconds: 10, retentionSeconds: 86_400, maxRows: 1_000_000 },
  { seconds: 60, retentionSeconds: 7 * 86_400, maxRows: 1_000_000 },
  { seconds: 600, retentionSeconds: 30 * 86_400, maxRows: 500_000 },
];

export interface RollupRow {
  /** Bucket start, epoch seconds. */
  bucket: number;
  samples: number;
  /** Averages, in the order of the fields the entity's kind uses. */
  values: number[];
}

interface OpenBucket {
  bucket: number;
  samples: number;
  sums: number[];
}

export class Rollups {
  private readonly open = new Map<string, OpenBucket>();
  private readonly insert;
  private readonly select;
  private readonly existing;

  constructor(
    private readonly db: Database,
    readonly resolutions: readonly Resolution[] = DEFAULT_RESOLUTIONS,
    private readonly now: () => number = Date.now,
  ) {
    this.insert = db.prepare(
      `INSERT OR REPLACE INTO metric_rollups (entity, resolution, bucket, samples, avg_json)
       VALUES (?, ?, ?, ?, ?)`,
    );
    this.existing = db.prepare(
      'SELECT samples, avg_json FROM metric_rollups WHERE entity = ? AND resolution = ? AND bucket = ?',
    );
    this.select = db.prepare(
      `SELECT bucket, samples, avg_json FROM metric_rollups
       WHERE entity = ? AND resolution = ? AND bucket >= ? AND bucket <= ? ORDER BY bucket`,
    );
  }

  /** Adds one sample (values in field order) at epoch ms `t` to every resolution's bucket. */
  add(entity: string, values: readonly number[], t: number): void {
    for (const r of this.resolutions) {
      const bucket = Math.floor(t / 1000 / r.seconds) * r.seconds;
      const key = `${r.seconds}|${entity}`;
      let open = this.open.get(key);
      if (open && open.bucket !== bucket) {
        this.write(entity, r.seconds, open);
        open = undefined;
      }
      if (!open) {
        open = { bucket, samples: 0, sums: values.map(() => 0) };
        this.open.set(key, open);
      }
      open.samples++;
      values.forEach((v, i) => (open.sums[i] = (open.sums[i] ?? 0) + v));
    }
  }

  /** Writes every bucket whose end the clock has passed (call once per tick). */
  flush(): void {
    const nowSeconds = this.now() / 1000;
    this.db.transaction(() => {
      for (const [key, open] of this.open) {
        const bar = key.indexOf('|');
        const seconds = Number(key.slice(0, bar));
        if (open.bucket + seconds > nowSeconds) continue;
        this.write(key.slice(bar + 1), seconds, open);
        this.open.delete(key);
      }
    })();
  }

  /** Drops buckets past their retention, then the oldest beyond each resolution's row cap. */
  prune(): number {
    const nowSeconds = Math.floor(this.now() / 1000);
    let removed = 0;
    for (const r of this.resolutions) {
      removed += this.db
        .prepare('DELETE FROM metric_rollups WHERE resolution = ? AND bucket < ?')
        .run(r.seconds, nowSeconds - r.retentionSeconds).changes;
      const cut = this.db
        .prepare(
          `SELECT bucket FROM metric_rollups WHERE resolution = ?
           ORDER BY bucket DESC LIMIT 1 OFFSET ?`,
        )
        .get(r.seconds, r.maxRows) as { bucket: number } | undefined;
      if (cut) {
        removed += this.db
          .prepare('DELETE FROM metric_rollups WHERE resolution = ? AND bucket <= ?')
          .run(r.seconds, cut.bucket).changes;
      }
    }
    return removed;
  }

  /** Stored buckets of one entity at one resolution from `sinceSeconds` on, oldest first. */
  read(
    entity: string,
    resolution: number,
    sinceSeconds: number,
    untilSeconds = Number.MAX_SAFE_INTEGER,
  ): RollupRow[] {
    const rows = this.select.all(entity, resolution, sinceSeconds, untilSeconds) as {
      bucket: number;
      samples: number;
      avg_json: string;
    }[];
    return rows.map((r) => ({
      bucket: r.bucket,
      samples: r.samples,
      values: JSON.parse(r.avg_json) as number[],
    }));
  }

  private write(entity: string, seconds: number, open: OpenBucket): void {
    let samples = open.samples;
    let sums = open.sums;
    // The same bucket written before (the console restarted within it): merge, weighted.
    const before = this.existing.get(entity, seconds, open.bucket) as
      { samples: number; avg_json: string } | undefined;
    if (before) {
      const averages = JSON.parse(before.avg_json) as number[];
      sums = sums.map((s, i) => s + (averages[i] ?? 0) * before.samples);
      samples += before.samples;
    }
    const averages = sums.map((s) => Number((s / samples).toPrecision(6)));
    this.insert.run(entity, seconds, open.bucket, samples, JSON.stringify(averages));
  }
}
