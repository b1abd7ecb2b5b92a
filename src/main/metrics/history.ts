// The figures kept over time: a live ring per series (the last minutes, in memory) and the
// rollups in SQLite (1h, 24h, 7d ranges). The service records each tick here; charts read here.
import {
  CONTAINER_FIELDS,
  HOST_FIELDS,
  type EntityRef,
  type MetricsRange,
  type MetricsSeries,
  type MetricsWindow,
  type SeriesPoint,
} from '../../shared/metrics.js';
import type { Database } from '../store/database.js';
import { Ring } from './ring.js';
import { rollupSpan } from './series-window.js';
import { DEFAULT_RESOLUTIONS, Rollups, type Resolution } from './rollups.js';

export const entityKey = (environmentId: number, ref: EntityRef): string =>
  ref.kind === 'host'
    ? `h:${ref.id}`
    : ref.kind === 'container'
      ? `c:${ref.id}`
      : `${ref.kind === 'service' ? 's' : 'k'}:${environmentId}:${ref.id}`;

const fieldsOf = (ref: EntityRef) => (ref.kind === 'host' ? HOST_FIELDS : CONTAINER_FIELDS);

export class MetricsHistory {
  private readonly rings = new Map<string, Ring<SeriesPoint>>();
  private readonly rollups: Rollups;
  private readonly liveCapacity: number;
  private readonly tickSeconds: number;
  private readonly now: () => number;

  constructor(
    db: Database,
    options: {
      tickSeconds: number;
      now: () => number;
      resolutions?: readonly Resolution[];
      /** Live history kept in memory per series. */
      liveSeconds?: number;
    },
  ) {
    this.tickSeconds = options.tickSeconds;
    this.now = options.now;
    this.rollups = new Rollups(db, options.resolutions ?? DEFAULT_RESOLUTIONS, this.now);
    this.liveCapacity = Math.ceil((options.liveSeconds ?? 300) / this.tickSeconds) + 1;
  }

  series(
    environmentId: number,
    entity: EntityRef,
    range: MetricsRange,
    custom?: MetricsWindow,
  ): MetricsSeries {
    const key = entityKey(environmentId, entity);
    if (range === 'live') {
      return {
        entity,
        range,
        step: this.tickSeconds,
        points: this.rings.get(key)?.toArray() ?? [],
      };
    }
    const span = rollupSpan(range, this.now(), this.rollups.resolutions, custom);
    const fields = fieldsOf(entity);
    const rows = this.rollups.read(key, span.resolution, span.sinceSeconds, span.untilSeconds);
    const points = rows.map((row) => {
      const point: Record<string, number> = { t: row.bucket * 1000 };
      fields.forEach((f, i) => (point[f] = row.values[i] ?? 0));
      return point as unknown as SeriesPoint;
    });
    return { entity, range, step: span.resolution, window: span.window, points };
  }

  record(key: string, point: SeriesPoint, fields: readonly string[]): void {
    let ring = this.rings.get(key);
    if (!ring) {
      ring = new Ring<SeriesPoint>(this.liveCapacity);
      this.rings.set(key, ring);
    }
    ring.push(point);
    const values = fields.map((f) => (point as unknown as Record<string, number>)[f] ?? 0);
    this.rollups.add(key, values, point.t);
  }

  /** Writes the rollup buckets gathered since the last flush. */
  flush(): void {
    this.rollups.flush();
  }

  /** Old rollups go, and the rings of series silent for longer than the live window. */
  prune(): void {
    this.rollups.prune();
    const cutoff = this.now() - this.liveCapacity * this.tickSeconds * 1000;
    for (const [key, ring] of this.rings)
      if ((ring.last()?.t ?? 0) < cutoff) this.rings.delete(key);
  }
}
