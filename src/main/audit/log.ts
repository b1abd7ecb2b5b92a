// The audit log: who did what, when, with which result. Written for every state-changing call.
import type { AuditEntry, AuditResult, ShellKind } from '../../shared/types.js';
import type { Database } from '../store/database.js';
import { redact } from './redact.js';

export interface AuditRecord {
  actor: string;
  shell: ShellKind;
  action: string;
  target: string;
  details: unknown;
  result: AuditResult;
  error?: string;
  /** When the request came in and when its answer was ready (ISO 8601, UTC). */
  startedAt: string;
  endedAt: string;
}

interface AuditRow {
  id: number;
  at: string;
  ended_at: string | null;
  actor: string;
  shell: ShellKind;
  action: string;
  target: string;
  details_json: string;
  result: 'ok' | 'error';
  outcome: 'unknown' | null;
  error: string | null;
}

const toEntry = (row: AuditRow): AuditEntry => ({
  id: row.id,
  at: row.at,
  endedAt: row.ended_at,
  actor: row.actor,
  shell: row.shell,
  action: row.action,
  target: row.target,
  details: JSON.parse(row.details_json) as Record<string, unknown>,
  result: row.outcome ?? row.result,
  error: row.error,
});

/** Details are an object; raw arguments of a refused call may be anything. */
function asDetails(value: unknown): Record<string, unknown> {
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
    return value as Record<string, unknown>;
  }
  return value === undefined ? {} : { value };
}

export class AuditLog {
  constructor(private readonly db: Database) {}

  append(record: AuditRecord): AuditEntry {
    const row = this.db
      .prepare(
        `INSERT INTO audit_log
           (at, ended_at, actor, shell, action, target, details_json, result, outcome, error)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING *`,
      )
      .get(
        record.startedAt,
        record.endedAt,
        record.actor,
        record.shell,
        record.action,
        record.target,
        JSON.stringify(asDetails(redact(record.details))),
        record.result === 'ok' ? 'ok' : 'error',
        record.result === 'unknown' ? 'unknown' : null,
        record.error ?? null,
      ) as AuditRow;
    return toEntry(row);
  }

  /** Newest first; page backwards with beforeId. */
  list(limit: number, beforeId?: number): AuditEntry[] {
    const rows = this.db
      .prepare(`SELECT * FROM audit_log WHERE (? IS NULL OR id < ?) ORDER BY id DESC LIMIT ?`)
      .all(beforeId ?? null, beforeId ?? null, limit) as AuditRow[];
    return rows.map(toEntry);
  }
}
