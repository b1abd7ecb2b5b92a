// Audit retention: rows older than the setting's days are pruned by the console that holds the
// data dir, at start and every few hours; the chain stays verifiable from the anchor the prune
// leaves (log.ts), and the prune itself is a row of the log.
import type { AuditEntry, ShellKind } from '../../shared/types.js';
import type { AuditLog } from './log.js';

const DAY_MS = 86_400_000;
const EVERY_MS = 6 * 3_600_000;

export interface RetentionDeps {
  log: AuditLog;
  /** The setting, read at every run (it may change while the console runs). */
  days: () => number;
  shell: ShellKind;
  /** A prune's own audit row, for the shells (audit.appended). */
  appended?: (entry: AuditEntry) => void;
  now?: () => Date;
}

/** Prunes what is older than the setting; records the prune when rows went. */
export function pruneAudit(d: RetentionDeps): number {
  const now = d.now?.() ?? new Date();
  const days = d.days();
  const { removed, throughId } = d.log.prune(new Date(now.getTime() - days * DAY_MS));
  if (removed > 0) {
    const at = now.toISOString();
    const entry = d.log.append({
      actor: 'drover',
      shell: d.shell,
      action: 'audit.prune',
      target: `${removed} rows older than ${days} days`,
      details: { days, removed, throughId },
      result: 'ok',
      startedAt: at,
      endedAt: at,
    });
    d.appended?.(entry);
  }
  return removed;
}

/** Prunes now and every few hours; returns the stop. */
export function keepAuditRetention(d: RetentionDeps): () => void {
  const run = () => {
    try {
      pruneAudit(d);
    } catch (error) {
      // A busy database or a full disk: the next run tries again; rows are kept meanwhile.
      console.error('Drover: audit retention could not prune the log', error);
    }
  };
  run();
  const timer = setInterval(run, EVERY_MS);
  timer.unref();
  return () => clearInterval(timer);
}
