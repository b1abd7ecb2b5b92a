import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../store/database.js';
import { migrations } from '../store/migrations.js';
import { StackRepository } from '../stacks/repository.js';
import { TempDirs } from '../test-support.js';
import { AuditLog } from './log.js';

const dirs = new TempDirs();
const opened: Database[] = [];

afterEach(() => {
  for (const db of opened.splice(0)) if (db.open) db.close();
  dirs.cleanup();
});

/** A real database (at schema version `upTo`, else the latest) with environment 1. */
function open(dataDir: string, upTo?: number): Database {
  const db = openDatabase(dataDir, {
    migrations: upTo === undefined ? undefined : migrations.filter((m) => m.version <= upTo),
  });
  db.prepare(`INSERT OR IGNORE INTO environments (id, name) VALUES (1, 'ops')`).run();
  opened.push(db);
  return db;
}

const START = '2025-06-01T10:00:00.000Z';
const END = '2025-06-01T10:02:03.000Z';
const record = {
  actor: 'alice',
  shell: 'web' as const,
  action: 'stack.deploy',
  target: 'shop',
  details: { name: 'shop' },
  result: 'ok' as const,
};

describe('start and end times (migration 9)', () => {
  it('keeps records written before it, with their only time and no made-up end', () => {
    const dataDir = dirs.make();
    const old = open(dataDir, 8);
    old
      .prepare(`INSERT INTO audit_log (at, actor, shell, action, result) VALUES (?, ?, ?, ?, ?)`)
      .run(END, 'bob', 'cli', 'env.create', 'ok');
    old.prepare(`INSERT INTO stacks (environment_id, name, compose) VALUES (1, 'shop', 'x')`).run();
    old
      .prepare(
        `INSERT INTO stack_versions (stack_id, version, compose, applied_at, actor)
         VALUES (1, 1, 'x', ?, 'bob')`,
      )
      .run(END);
    old.close();

    const db = open(dataDir);

    expect(new AuditLog(db).list(10)).toMatchObject([
      { action: 'env.create', at: END, endedAt: null },
    ]);
    expect(new StackRepository(db).versions(1)).toMatchObject([
      { version: 1, appliedAt: END, endedAt: null },
    ]);
  });

  it('stores an audit record with when it started and when it ended', () => {
    const log = new AuditLog(open(dirs.make()));

    const written = log.append({ ...record, startedAt: START, endedAt: END });

    expect(written).toMatchObject({ at: START, endedAt: END });
    expect(log.list(10)).toEqual([written]);
  });

  it('stores a stack version with when its deploy started and ended', () => {
    const stacks = new StackRepository(open(dirs.make()));

    const stack = stacks.recordVersion(1, 'shop', {
      version: 1,
      compose: 'services: {}',
      actor: 'alice',
      appliedAt: START,
      endedAt: END,
    });
    stacks.recordVersion(1, 'shop', { version: 2, compose: 'services: {}', actor: 'adopted' });

    const [first, adopted] = stacks.versions(stack.id);
    expect(first).toMatchObject({ appliedAt: START, endedAt: END });
    expect(adopted?.endedAt).toBeNull();
  });
});
