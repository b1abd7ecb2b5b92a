// Tamper evidence for the audit log: each row's digest is SHA-256 over the previous row's digest
// and the row's canonical JSON (its columns in a fixed order), so an edited, inserted or deleted
// row breaks the chain at that row. It proves nothing against someone who rewrites the whole
// chain (anyone with write access to the file can): see the README.
import crypto from 'node:crypto';

/** The columns a digest covers, in this order. */
export interface ChainedRow {
  id: number;
  at: string;
  ended_at: string | null;
  actor: string;
  shell: string;
  client_address: string | null;
  environment_id: number | null;
  action: string;
  target: string;
  details_json: string;
  result: string;
  error: string | null;
}

export function canonicalRow(row: ChainedRow): string {
  return JSON.stringify([
    row.id,
    row.at,
    row.ended_at,
    row.actor,
    row.shell,
    row.client_address,
    row.environment_id,
    row.action,
    row.target,
    row.details_json,
    row.result,
    row.error,
  ]);
}

export function chainDigest(prev: string, row: ChainedRow): string {
  return crypto.createHash('sha256').update(prev).update(canonicalRow(row)).digest('hex');
}

export interface ChainRow extends ChainedRow {
  prev_digest: string | null;
  digest: string | null;
}

export type VerifyResult =
  | { ok: true; rows: number }
  | {
      ok: false;
      rows: number;
      id: number;
      problem: 'changed' | 'inserted' | 'deleted-before';
      message: string;
    };

/** Where the chain continues from after old rows were pruned (retention). */
export interface ChainAnchor {
  throughId: number;
  digest: string;
}

/**
 * Walks the rows oldest first and reports the first that breaks the chain; after pruning, the
 * first kept row must follow the anchor (the last pruned row's digest).
 */
export function verifyChain(rows: Iterable<ChainRow>, anchor?: ChainAnchor): VerifyResult {
  let prev = anchor?.digest ?? '';
  let prevId = anchor?.throughId ?? 0;
  let count = 0;
  for (const row of rows) {
    count++;
    if (row.digest === null || row.prev_digest === null) {
      return broken(
        count,
        row.id,
        'inserted',
        `Row #${row.id} has no digest: it was inserted around Drover`,
      );
    }
    if (row.prev_digest !== prev) {
      const what = prevId === 0 ? 'the first rows' : `rows after #${prevId}`;
      // A stored link to another digest than the row before: rows were deleted, or this row
      // was inserted with a made-up link.
      return broken(
        count,
        row.id,
        'deleted-before',
        `Row #${row.id} does not follow #${prevId || '(start)'}: ${what} were deleted, or #${row.id} was inserted`,
      );
    }
    if (chainDigest(prev, row) !== row.digest) {
      return broken(count, row.id, 'changed', `Row #${row.id} was changed after it was written`);
    }
    prev = row.digest;
    prevId = row.id;
  }
  return { ok: true, rows: count };
}

function broken(
  rows: number,
  id: number,
  problem: 'changed' | 'inserted' | 'deleted-before',
  message: string,
): VerifyResult {
  return { ok: false, rows, id, problem, message };
}
