// Alerts in the local database: the open ones and their history, acknowledgements.
import type { Alert, AlertKind, AlertSeverity, AlertState } from '../../shared/alerts.js';
import { DroverError } from '../../shared/errors.js';
import type { Database } from '../store/database.js';
import type { AlertDescription } from './rules.js';

interface AlertRow {
  id: number;
  environment_id: number;
  kind: AlertKind;
  severity: AlertSeverity;
  subject_type: Alert['subject']['type'];
  subject_id: string;
  subject_name: string;
  subject_stack: string | null;
  message: string;
  since: string;
  raised_at: string;
  resolved_at: string | null;
  acknowledged_at: string | null;
  acknowledged_by: string | null;
}

const toAlert = (r: AlertRow): Alert => ({
  id: r.id,
  environmentId: r.environment_id,
  kind: r.kind,
  severity: r.severity,
  subject: { type: r.subject_type, id: r.subject_id, name: r.subject_name, stack: r.subject_stack },
  message: r.message,
  state: r.resolved_at ? 'resolved' : 'open',
  since: r.since,
  raisedAt: r.raised_at,
  resolvedAt: r.resolved_at,
  acknowledgedAt: r.acknowledged_at,
  acknowledgedBy: r.acknowledged_by,
});

const iso = (ms: number) => new Date(ms).toISOString();

export interface AlertQuery {
  environmentId?: number;
  state?: AlertState | 'all';
  limit: number;
  beforeId?: number;
}

export class AlertStore {
  constructor(private readonly db: Database) {}

  /**
   * A new open alert; an open one for the same rule and subject is returned unchanged (also
   * when another console on the same database raised it first: the unique index decides).
   */
  raise(d: AlertDescription, since: number, at: number): { alert: Alert; created: boolean } {
    const row = this.db
      .prepare(
        `INSERT INTO alerts (environment_id, kind, severity, subject_type, subject_id, subject_name,
           subject_stack, message, since, raised_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (environment_id, kind, subject_id) WHERE resolved_at IS NULL DO NOTHING
         RETURNING *`,
      )
      .get(
        d.environmentId,
        d.kind,
        d.severity,
        d.subject.type,
        d.subject.id,
        d.subject.name,
        d.subject.stack,
        d.message,
        iso(since),
        iso(at),
      ) as AlertRow | undefined;
    if (row) return { alert: toAlert(row), created: true };
    return { alert: this.findOpen(d) as Alert, created: false };
  }

  /** Resolves the open alert for this rule and subject; undefined if none was open. */
  resolve(d: Pick<AlertDescription, 'environmentId' | 'kind' | 'subject'>, at: number) {
    const row = this.db
      .prepare(
        `UPDATE alerts SET resolved_at = ?
         WHERE environment_id = ? AND kind = ? AND subject_id = ? AND resolved_at IS NULL
         RETURNING *`,
      )
      .get(iso(at), d.environmentId, d.kind, d.subject.id) as AlertRow | undefined;
    return row ? toAlert(row) : undefined;
  }

  /** Marks alerts as seen by `actor`; ones already acknowledged keep who did it first. */
  acknowledge(ids: number[], actor: string, at: number): Alert[] {
    const missing = ids.filter(
      (id) => !this.db.prepare('SELECT 1 FROM alerts WHERE id = ?').get(id),
    );
    if (missing.length) throw new DroverError('NOT_FOUND', `No alert #${missing.join(', #')}`);
    const update = this.db.prepare(
      `UPDATE alerts SET acknowledged_at = ?, acknowledged_by = ?
       WHERE id = ? AND acknowledged_at IS NULL RETURNING *`,
    );
    const changed: Alert[] = [];
    this.db.transaction(() => {
      for (const id of ids) {
        const row = update.get(iso(at), actor, id) as AlertRow | undefined;
        if (row) changed.push(toAlert(row));
      }
    })();
    return changed;
  }

  get(id: number): Alert {
    const row = this.db.prepare('SELECT * FROM alerts WHERE id = ?').get(id) as
      AlertRow | undefined;
    if (!row) throw new DroverError('NOT_FOUND', `No alert #${id}`);
    return toAlert(row);
  }

  /** Newest first; page backwards with beforeId. */
  list(q: AlertQuery): Alert[] {
    const state = q.state ?? 'all';
    const rows = this.db
      .prepare(
        `SELECT * FROM alerts
         WHERE (@env IS NULL OR environment_id = @env)
           AND (@before IS NULL OR id < @before)
           AND (@state = 'all' OR (@state = 'open') = (resolved_at IS NULL))
         ORDER BY id DESC LIMIT @limit`,
      )
      .all({
        env: q.environmentId ?? null,
        before: q.beforeId ?? null,
        state,
        limit: q.limit,
      }) as AlertRow[];
    return rows.map(toAlert);
  }

  open(): Alert[] {
    return (
      this.db.prepare('SELECT * FROM alerts WHERE resolved_at IS NULL').all() as AlertRow[]
    ).map(toAlert);
  }

  private findOpen(d: Pick<AlertDescription, 'environmentId' | 'kind' | 'subject'>) {
    const row = this.db
      .prepare(
        'SELECT * FROM alerts WHERE environment_id = ? AND kind = ? AND subject_id = ? AND resolved_at IS NULL',
      )
      .get(d.environmentId, d.kind, d.subject.id) as AlertRow | undefined;
    return row ? toAlert(row) : undefined;
  }
}
