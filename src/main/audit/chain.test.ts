import fs from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../core/core.js';
import { DATABASE_FILE } from '../store/database.js';
import { adminContext, TempDirs } from '../test-support.js';
import { verifyChain } from './chain.js';

const dirs = new TempDirs();
const cores: Core[] = [];
afterEach(() => {
  for (const core of cores.splice(0)) core.close();
  dirs.cleanup();
});

async function consoleWithLog(rows: number) {
  const dataDir = dirs.make();
  const core = createCore({ dataDir, shell: 'cli' });
  cores.push(core);
  for (let i = 0; i < rows; i++) {
    await core.call('env.create', { name: `env${i}` }, adminContext('alice', 'cli'));
  }
  // Another program (as the sqlite3 CLI would) on the same file.
  const other = new BetterSqlite3(path.join(dataDir, DATABASE_FILE));
  const verify = () => verifyChain(core.services.audit.all());
  return { core, other, verify, dataDir };
}

describe('the audit chain', () => {
  it('verifies an untouched log', async () => {
    const { verify, other } = await consoleWithLog(5);
    other.close();
    expect(verify()).toEqual({ ok: true, rows: 5 });
  });

  it('names a row edited directly in SQLite', async () => {
    const { verify, other } = await consoleWithLog(5);
    other.prepare(`UPDATE audit_log SET actor = 'mallory' WHERE id = 3`).run();
    other.close();
    expect(verify()).toMatchObject({ ok: false, id: 3, problem: 'changed' });
  });

  it('names the row after a deleted one', async () => {
    const { verify, other } = await consoleWithLog(5);
    other.prepare(`DELETE FROM audit_log WHERE id = 2`).run();
    other.close();
    expect(verify()).toMatchObject({ ok: false, id: 3, problem: 'deleted-before' });
  });

  it('names a row inserted around Drover', async () => {
    const { verify, other } = await consoleWithLog(3);
    other
      .prepare(
        `INSERT INTO audit_log (actor, shell, action, result) VALUES ('x', 'cli', 'y', 'ok')`,
      )
      .run();
    other.close();
    expect(verify()).toMatchObject({ ok: false, id: 4, problem: 'inserted' });
  });

  it('keeps refused calls with huge arguments small (20 x 3 MiB stays under 1 MB)', async () => {
    const { core, other, dataDir } = await consoleWithLog(0);
    other.close();
    const huge = 'x'.repeat(3 * 1024 * 1024);
    for (let i = 0; i < 20; i++) {
      await core.dispatch('env.create', { name: huge }, adminContext('alice', 'web'));
    }
    core.services.db.pragma('wal_checkpoint(TRUNCATE)');
    const size = fs.statSync(path.join(dataDir, DATABASE_FILE)).size;
    expect(core.services.audit.list(100)).toHaveLength(20);
    expect(size).toBeLessThan(1024 * 1024);
  });
});
