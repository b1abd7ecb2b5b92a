// The audit log: who did what, when, from where, with which result. Written for every
// state-changing call, every refusal and every token use; each row chained to the one before
// by a SHA-256 digest (see chain.ts and `drover audit verify`).
import type { AuditEntry, AuditResult, ShellKind } from '../../shared/types.js';
import type { Database } from '../store/database.js';
import { chainDigest, type ChainedRow } from './chain.js';
import { boundedDetails, boundedText } from './bounds.js';
import { redact } from './redact.js';

export interface AuditRecord {
  actor: string;
  shell: ShellKind;
  clientAddress?: string;
  environmentId?: number | null;
  action: string;
  target: string;
  details: unknown;
  result: AuditResult;
  error?: string;
  /** When the request came in and when its answer was ready (ISO 8601, UTC). */
  startedAt: string;
  endedAt: string;
}

export interface AuditRow extends ChainedRow {
  prev_digest: string | null;
  digest: string | null;
}

const toEntry = (row: AuditRow): AuditEntry => ({
  id: row.id,
  at: row.at,
  endedAt: row.ended_at,
  actor: row.actor,
  shell: row.shell as ShellKind,
  clientAddress: row.client_address,
  environmentId: row.environment_id,
  action: row.action,
  target: row.target,
  details: JSON.parse(row.details_json) as Record<string, unknown>,
  result: row.result as AuditResult,
  error: row.error,
});

export class AuditLog {
  private readonly insert;
  private readonly last;
  private readonly seal;

  constructor(private readonly db: Database) {
    this.insert = db.prepare(
      `INSERT INTO audit_log (at, ended_at, actor, shell, client_address, environment_id, action,
         target, details_json, result, error)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING *`,
    );
    this.last = db.prepare(
      'SELECT digest FROM audit_log WHERE digest IS NOT NULL ORDER BY id DESC LIMIT 1',
    );
    this.seal = db.prepare('UPDATE audit_log SET prev_digest = ?, digest = ? WHERE id = ?');
    this.sealUnchained();
  }

  append(record: AuditRecord): AuditEntry {
    // IMMEDIATE: the CLI and the app may append to the same file; the chain must not fork.
    const write = this.db.transaction(() => {
      const row = this.insert.get(
        record.startedAt,
        record.endedAt,
        boundedText(record.actor, 128),
        record.shell,
        record.clientAddress ?? null,
        record.environmentId ?? null,
        boundedText(record.action, 64),
        boundedText(record.target, 256),
        boundedDetails(redact(record.details)),
        record.result,
        record.error === undefined ? null : boundedText(record.error, 2048),
      ) as AuditRow;
      const prev = (this.last.get() as { digest: string } | undefined)?.digest ?? '';
      const digest = chainDigest(prev, row);
      this.seal.run(prev, digest, row.id);
      return row;
    });
    return toEntry(write.immediate());
  }

  /** Newest first; page backwards with beforeId. */
  list(limit: number, beforeId?: number): AuditEntry[] {
    return this.rows(limit, beforeId).map(toEntry);
  }

  /** Oldest first, every row: for export and verification. */
  *all(): IterableIterator<AuditRow> {
    yield* this.db
      .prepare('SELECT * FROM audit_log ORDER BY id')
      .iterate() as IterableIterator<AuditRow>;
  }

  entry(row: AuditRow): AuditEntry {
    return toEntry(row);
  }

  private rows(limit: number, beforeId?: number): AuditRow[] {
    return this.db
      .prepare(`SELECT * FROM audit_log WHERE (? IS NULL OR id < ?) ORDER BY id DESC LIMIT ?`)
      .all(beforeId ?? null, beforeId ?? null, limit) as AuditRow[];
  }

  /**
   * Rows written before the chain existed get their digests once, when no row has one yet. Any
   * later row without a digest was written around Drover and is reported by `verify`.
   */
  private sealUnchained(): void {
    if (this.last.get() !== undefined) return;
    this.db
      .transaction(() => {
        let prev = '';
        for (const row of this.db
          .prepare('SELECT * FROM audit_log ORDER BY id')
          .all() as AuditRow[]) {
          const digest = chainDigest(prev, row);
          this.seal.run(prev, digest, row.id);
          prev = digest;
        }
      })
      .immediate();
  }
}
