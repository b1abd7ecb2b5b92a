// The access commands through the real CLI entry, on a real data dir.
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { DATABASE_FILE } from '../../store/database.js';
import { TempDirs } from '../../test-support.js';
import { cliFor } from '../../../../e2e/support/core';

const dirs = new TempDirs();
afterEach(() => dirs.cleanup());

/** The CLI on one data dir; each call may feed its own stdin (a password). */
function cli(dataDir: string) {
  return (args: string[], stdin = '') => cliFor(dataDir, stdin)(...args);
}

describe('drover user, env member, token and audit', () => {
  it('manages users, memberships and tokens, and verifies and exports the audit log', async () => {
    const dataDir = dirs.make();
    const drover = cli(dataDir);

    expect(
      (await drover(['user', 'add', 'alice', '--password-stdin'], 'long enough secret\n')).code,
    ).toBe(0);
    expect((await drover(['user', 'add', 'bob', '--password-stdin'], 'short\n')).err).toMatch(
      /at least 12/,
    );
    expect((await drover(['env', 'create', 'dev'])).code).toBe(0);
    expect(
      (await drover(['env', 'member', 'add', 'dev', 'alice', 'restricted', '--stacks', 'shop-*']))
        .code,
    ).toBe(0);
    expect(JSON.parse((await drover(['env', 'member', 'ls', 'dev', '--json'])).out)).toMatchObject([
      { user: 'alice', role: 'restricted', stacks: 'shop-*' },
    ]);

    const created = await drover([
      'token',
      'create',
      '--user',
      'alice',
      '--env',
      'dev',
      '--role',
      'read-only',
      '--expires',
      '30d',
      '--name',
      'ci',
    ]);
    expect(created.out).toMatch(/^drv_[A-Za-z0-9_-]{43}$/);
    const [token] = JSON.parse((await drover(['token', 'ls', '--json'])).out) as Record<
      string,
      unknown
    >[];
    expect(token).toMatchObject({
      user: 'alice',
      name: 'ci',
      roleCeiling: 'read-only',
      revokedAt: null,
    });
    expect(JSON.stringify(token)).not.toContain(created.out.slice(4));
    expect((await drover(['token', 'revoke', String(token!.id)])).code).toBe(0);

    const users = JSON.parse((await drover(['user', 'ls', '--json'])).out) as Record<
      string,
      unknown
    >[];
    expect(users.map((u) => u.name)).toEqual(['alice']);
    expect(JSON.stringify(users)).not.toMatch(/scrypt|secret/);

    const verified = await drover(['audit', 'verify']);
    expect(verified).toMatchObject({ code: 0 });
    const lines = (await drover(['audit', 'export', '--format', 'jsonl'])).out.split('\n');
    // The same contract calls as the admin pages: the refused short password included.
    expect(
      lines.map((l) => {
        const entry = JSON.parse(l) as { action: string; result: string };
        return `${entry.action} ${entry.result}`;
      }),
    ).toEqual([
      'user.add ok',
      'user.add error',
      'env.create ok',
      'member.set ok',
      'token.create ok',
      'token.revoke ok',
    ]);
    const csv = (await drover(['audit', 'export', '--format', 'csv'])).out.split('\n');
    expect(csv[0]).toMatch(/^id,at,/);
    expect(csv).toHaveLength(7);

    // Edited with another SQLite connection, as the sqlite3 CLI would.
    const other = new BetterSqlite3(path.join(dataDir, DATABASE_FILE));
    other.prepare(`UPDATE audit_log SET target = 'nobody' WHERE id = 3`).run();
    other.close();
    const tampered = await drover(['audit', 'verify']);
    expect(tampered.code).toBe(1);
    expect(tampered.err).toContain('Row #3 was changed');
  }, 30_000);
});
