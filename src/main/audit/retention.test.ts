// Audit retention on a real database: old rows go, the chain verifies from the anchor they
// leave, a row deleted behind the anchor is still caught; and one principal's rows.
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../store/database.js';
import { TempDirs } from '../test-support.js';
import { cliFor } from '../../../e2e/support/core';
import { AuditLog } from './log.js';
import { pruneAudit } from './retention.js';

const dirs = new TempDirs();
const opened: Database[] = [];
afterEach(() => {
  for (const db of opened.splice(0)) if (db.open) db.close();
  dirs.cleanup();
});

const NOW = new Date('2026-12-01T12:00:00.000Z');
const daysAgo = (days: number) => new Date(NOW.getTime() - days * 86_400_000).toISOString();

function log(dataDir = dirs.make()) {
  const db = openDatabase(dataDir);
  opened.push(db);
  return { db, audit: new AuditLog(db), dataDir };
}

const write = (audit: AuditLog, at: string, actor = 'alice', target = 'shop') =>
  audit.append({
    actor,
    shell: 'web',
    action: 'stack.deploy',
    target,
    details: {},
    result: 'ok',
    startedAt: at,
    endedAt: at,
  });

describe('audit retention', () => {
  it('prunes rows older than the setting and keeps the chain verifiable from its anchor', () => {
    const { db, audit } = log();
    for (const days of [500, 400, 366]) write(audit, daysAgo(days));
    for (const days of [100, 1]) write(audit, daysAgo(days));

    const removed = pruneAudit({ log: audit, days: () => 365, shell: 'web', now: () => NOW });
    expect(removed).toBe(3);
    const left = audit.list(10);
    expect(left.map((e) => e.action)).toEqual(['audit.prune', 'stack.deploy', 'stack.deploy']);
    expect(left[0]?.details).toMatchObject({ days: 365, removed: 3, throughId: 3 });
    expect(audit.anchor()).toMatchObject({ throughId: 3 });
    expect(audit.verify()).toEqual({ ok: true, rows: 3 });

    // Nothing more to prune: no new row either.
    expect(pruneAudit({ log: audit, days: () => 365, shell: 'web', now: () => NOW })).toBe(0);
    expect(audit.list(10)).toHaveLength(3);

    // A kept row deleted by hand is still caught, right after the anchor.
    db.prepare('DELETE FROM audit_log WHERE id = 4').run();
    const broken = audit.verify();
    expect(broken).toMatchObject({ ok: false, id: 5, problem: 'deleted-before' });
  });

  it('continues the chain from the anchor when every row was pruned', () => {
    const { audit } = log();
    write(audit, daysAgo(40));
    write(audit, daysAgo(35));
    pruneAudit({ log: audit, days: () => 30, shell: 'cli', now: () => NOW });
    write(audit, daysAgo(0));
    expect(audit.anchor()).toMatchObject({ throughId: 2 });
    expect(audit.verify()).toEqual({ ok: true, rows: 2 });
  });

  it('keeps what a reopened console sealed: no row is re-chained from the start', () => {
    const { db, audit, dataDir } = log();
    write(audit, daysAgo(50));
    write(audit, daysAgo(1));
    pruneAudit({ log: audit, days: () => 30, shell: 'cli', now: () => NOW });
    db.close();
    const reopened = log(dataDir).audit;
    expect(reopened.verify()).toEqual({ ok: true, rows: 2 });
  });
});

describe('one principal’s rows', () => {
  it('matches the name and its tokens, not names that start alike', () => {
    const { audit } = log();
    write(audit, daysAgo(3), 'alice');
    write(audit, daysAgo(2), 'alice (token #3)');
    write(audit, daysAgo(2), 'alicex');
    write(audit, daysAgo(1), 'bob');
    write(audit, daysAgo(1), 'alice (tokens)');
    expect(audit.list(10, undefined, 'alice').map((e) => e.actor)).toEqual([
      'alice (token #3)',
      'alice',
    ]);
  });

  it('drover audit ls --principal and drover audit retention', async () => {
    const dataDir = dirs.make();
    const { db, audit } = log(dataDir);
    write(audit, daysAgo(3), 'alice');
    write(audit, new Date().toISOString(), 'bob');
    db.close();
    const run = cliFor(dataDir, '');
    const listed = JSON.parse((await run('audit', 'ls', '--principal', 'bob', '--json')).out);
    expect(listed.map((e: { actor: string }) => e.actor)).toEqual(['bob']);
    expect((await run('audit', 'retention')).out).toBe('The audit log keeps 365 days');
    expect((await run('audit', 'retention', '1')).code).toBe(0);
    expect((await run('audit', 'retention')).out).toBe('The audit log keeps 1 day');
    const actions = JSON.parse((await run('audit', 'ls', '--json')).out).map(
      (e: { action: string; actor: string }) => `${e.actor} ${e.action}`,
    );
    // alice's row was older than a day: pruned, and the prune and the setting are recorded.
    expect(actions).not.toContain('alice stack.deploy');
    expect(actions).toContain('bob stack.deploy');
    expect(actions.some((a: string) => a.endsWith('audit.prune'))).toBe(true);
    expect((await run('audit', 'verify')).code).toBe(0);
  }, 30_000);
});
