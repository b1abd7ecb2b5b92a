// The audit log: who did what, when, from where, with which result. Written for every
// state-changing call, every refusal and every token use; each row chained to the one before
// by a SHA-256 digest (see chain.ts and `drover audit verify`).
import type { AuditEntry, AuditResult, ShellKind } from '../../shared/types.js';
import type { Database } from '../store/database.js';
import { chainDigest, verifyChain, type ChainAnchor, type ChainedRow } from './chain.js';
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
  private readonly anchorRow;

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
    this.anchorRow = db.prepare(
      'SELECT through_id AS throughId, digest FROM audit_anchor WHERE id = 1',
    );
    this.sealUnchained();
  }

  append(record: AuditRecord): AuditEntry {
    // The row before, or where the chain continues from when every older row was pruned.
    const prev = () =>
      (this.last.get() as { digest: string } | undefined)?.digest ?? this.anchor()?.digest ?? '';
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
      const before = prev();
      this.seal.run(before, chainDigest(before, row), row.id);
      return row;
    });
    return toEntry(write.immediate());
  }

  /** Where the chain continues from after pruning; undefined when nothing was ever pruned. */
  anchor(): ChainAnchor | undefined {
    return this.anchorRow.get() as ChainAnchor | undefined;
  }

  /** The chain checked from the anchor: the first changed, inserted or deleted row. */
  verify(): ReturnType<typeof verifyChain> {
    return verifyChain(this.all(), this.anchor());
  }

  /**
   * Removes the rows before the first one written on or after `cutoff` (ids follow time, so the
   * log stays a prefix-free chain) and keeps the last removed row's digest as the anchor.
   * Returns how many rows went.
   */
  prune(cutoff: Date): { removed: number; throughId: number | null } {
    const run = this.db.transaction(() => {
      const kept = this.db
        .prepare('SELECT MIN(id) AS id FROM audit_log WHERE at >= ?')
        .get(cutoff.toISOString()) as { id: number | null };
      const last = this.db
        .prepare(
          'SELECT id, digest FROM audit_log WHERE (? IS NULL OR id < ?) ORDER BY id DESC LIMIT 1',
        )
        .get(kept.id, kept.id) as { id: number; digest: string | null } | undefined;
      // Nothing old enough, or a row the chain never sealed (verify reports it): keep all.
      if (!last || last.digest === null) return { removed: 0, throughId: null };
      const removed = this.db.prepare('DELETE FROM audit_log WHERE id <= ?').run(last.id).changes;
      this.db
        .prepare(
          `INSERT INTO audit_anchor (id, through_id, digest, pruned_at) VALUES (1, ?, ?, ?)
           ON CONFLICT (id) DO UPDATE SET through_id = excluded.through_id,
             digest = excluded.digest, pruned_at = excluded.pruned_at`,
        )
        .run(last.id, last.digest, new Date().toISOString());
      return { removed, throughId: last.id };
    });
    return run.immediate();
  }

  /** Newest first; page backwards with beforeId; only one principal's with `principal`. */
  list(limit: number, beforeId?: number, principal?: string): AuditEntry[] {
    return this.rows(limit, beforeId, principal).map(toEntry);
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

  private rows(limit: number, beforeId?: number, principal?: string): AuditRow[] {
    // A principal's rows: its name, or its name with a token ("alice (token #3)").
    return this.db
      .prepare(
        `SELECT * FROM audit_log WHERE (? IS NULL OR id < ?)
           AND (? IS NULL OR actor = ? OR substr(actor, 1, length(?) + 9) = ? || ' (token #')
         ORDER BY id DESC LIMIT ?`,
      )
      .all(
        beforeId ?? null,
        beforeId ?? null,
        principal ?? null,
        principal ?? null,
        principal ?? null,
        principal ?? null,
        limit,
      ) as AuditRow[];
  }

  /**
   * Rows written before the chain existed get their digests once, when no row has one yet. Any
   * later row without a digest was written around Drover and is reported by `verify`.
   */
  private sealUnchained(): void {
    // A chain exists already (some row sealed, or rows pruned behind an anchor).
    if (this.last.get() !== undefined || this.anchor() !== undefined) return;
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
