import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { sha256File, TempDirs, thrownBy } from '../test-support.js';
import { DATABASE_FILE, latestVersion, openDatabase, type Database } from './database.js';
import { migrations, type Migration } from './migrations.js';

const dirs = new TempDirs();
const opened: Database[] = [];

afterEach(() => {
  for (const db of opened.splice(0)) if (db.open) db.close();
  dirs.cleanup();
});

function open(dataDir: string, options?: Parameters<typeof openDatabase>[1]): Database {
  const db = openDatabase(dataDir, options);
  opened.push(db);
  return db;
}

/** Opens a file with plain SQLite, outside the code under test. */
function raw(file: string, readonly = false): BetterSqlite3.Database {
  const db = new BetterSqlite3(file, { readonly, fileMustExist: true });
  opened.push(db);
  return db;
}

function tables(db: BetterSqlite3.Database): string[] {
  return (
    db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as {
      name: string;
    }[]
  ).map((row) => row.name);
}

function backups(dataDir: string): string[] {
  const dir = path.join(dataDir, 'backups');
  return fs.existsSync(dir) ? fs.readdirSync(dir).map((name) => path.join('backups', name)) : [];
}

// Version 1 is not idempotent on purpose: running it twice would fail on "table already exists".
const v1: Migration = {
  version: 1,
  name: 'notes',
  sql: 'CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT NOT NULL);',
};
const v2: Migration = {
  version: 2,
  name: 'tags',
  sql: `CREATE TABLE tags (note_id INTEGER NOT NULL REFERENCES notes(id), tag TEXT NOT NULL);
        ALTER TABLE notes ADD COLUMN pinned INTEGER NOT NULL DEFAULT 0;`,
};

describe('openDatabase on a new data directory', () => {
  it('creates the folder and the database at the latest schema, in WAL mode', () => {
    const dataDir = path.join(dirs.make(), 'nested', 'drover');
    const db = open(dataDir);

    expect(fs.existsSync(path.join(dataDir, DATABASE_FILE))).toBe(true);
    expect(db.pragma('user_version', { simple: true })).toBe(latestVersion);
    expect(latestVersion).toBe(Math.max(...migrations.map((m) => m.version)));
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(tables(db)).toEqual(
      expect.arrayContaining(['environments', 'hosts', 'audit_log', 'settings']),
    );
    // A fresh database has nothing to back up.
    expect(backups(dataDir)).toEqual([]);
  });

  it('keeps the data folder private to the user (it will hold credentials)', () => {
    const dataDir = path.join(dirs.make(), 'drover');
    open(dataDir);
    expect(fs.statSync(dataDir).mode & 0o077).toBe(0);
  });

  it('applies pending migrations in version order even when listed out of order', () => {
    const dataDir = dirs.make();
    const db = open(dataDir, { migrations: [v2, v1] });
    expect(db.pragma('user_version', { simple: true })).toBe(2);
    expect(tables(db)).toEqual(['notes', 'tags']);
  });
});

describe('openDatabase on an existing database', () => {
  it('runs no migration and makes no backup when the schema is current', () => {
    const dataDir = dirs.make();
    const first = open(dataDir, { migrations: [v1] });
    first.prepare('INSERT INTO notes (text) VALUES (?)').run('kept');
    first.close();

    const again = open(dataDir, { migrations: [v1] });

    expect(again.pragma('user_version', { simple: true })).toBe(1);
    expect(again.prepare('SELECT text FROM notes').pluck().all()).toEqual(['kept']);
    expect(backups(dataDir)).toEqual([]);
  });

  it('migrates an older database and leaves a backup holding the old version and its data', () => {
    const dataDir = dirs.make();
    const old = open(dataDir, { migrations: [v1] });
    old.prepare('INSERT INTO notes (text) VALUES (?)').run('written by v1');
    old.close();

    const at = new Date('2025-03-04T05:06:07.089Z');
    const db = open(dataDir, { migrations: [v1, v2], now: () => at });

    expect(db.pragma('user_version', { simple: true })).toBe(2);
    expect(db.prepare('SELECT text, pinned FROM notes').all()).toEqual([
      { text: 'written by v1', pinned: 0 },
    ]);
    expect(backups(dataDir)).toEqual([
      path.join('backups', 'drover-2025-03-04T05-06-07-089Z-before-migration-from-v1.db'),
    ]);

    const copy = raw(path.join(dataDir, backups(dataDir)[0] as string), true);
    expect(copy.pragma('user_version', { simple: true })).toBe(1);
    expect(tables(copy)).toEqual(['notes']);
    expect(copy.prepare('SELECT text FROM notes').pluck().all()).toEqual(['written by v1']);
  });

  it('rolls a failing migration back: version unchanged, no half-made table, data intact', () => {
    const dataDir = dirs.make();
    const old = open(dataDir, { migrations: [v1] });
    old.prepare('INSERT INTO notes (text) VALUES (?)').run('before');
    old.close();

    const broken: Migration = {
      version: 2,
      name: 'broken',
      sql: 'CREATE TABLE half_made (x INTEGER); CREATE TABL oops (y);',
    };
    const error = thrownBy(() => open(dataDir, { migrations: [v1, broken] }));
    expect(error.message).toContain(path.join(dataDir, DATABASE_FILE));
    expect(error.message).toContain('failed at migration 2 (broken)');
    expect(error.message).toContain('schema version 1');
    expect(error.message).toContain(
      `copy of version 1 was saved in ${path.join(dataDir, 'backups')}`,
    );

    const db = raw(path.join(dataDir, DATABASE_FILE));
    expect(db.pragma('user_version', { simple: true })).toBe(1);
    expect(tables(db)).toEqual(['notes']);
    expect(db.prepare('SELECT text FROM notes').pluck().all()).toEqual(['before']);
  });

  it('leaves a new database empty when its first migration fails', () => {
    const dataDir = dirs.make();
    const broken: Migration = { version: 1, name: 'broken', sql: 'CREATE TABLE a (x); SELEC 1;' };
    thrownBy(() => open(dataDir, { migrations: [broken] }));

    const db = raw(path.join(dataDir, DATABASE_FILE));
    expect(db.pragma('user_version', { simple: true })).toBe(0);
    expect(tables(db)).toEqual([]);
  });
});

describe('openDatabase refuses files it must not touch', () => {
  it('refuses a file of random bytes, naming the file, and leaves it unchanged', () => {
    const dataDir = dirs.make();
    const file = path.join(dataDir, DATABASE_FILE);
    fs.writeFileSync(file, crypto.randomBytes(16 * 1024));
    const before = sha256File(file);

    const error = thrownBy(() => open(dataDir));

    expect(error.code).toBe('UNAVAILABLE');
    expect(error.message).toContain(file);
    expect(sha256File(file)).toBe(before);
  });

  it('refuses a valid database with a garbage page, naming the file, and leaves it unchanged', () => {
    const dataDir = dirs.make();
    const file = path.join(dataDir, DATABASE_FILE);
    const db = open(dataDir);
    const insert = db.prepare(
      "INSERT INTO audit_log (actor, shell, action, result) VALUES ('alice', 'cli', ?, 'ok')",
    );
    for (let i = 0; i < 2000; i++) insert.run(`env.create ${'x'.repeat(100)} ${i}`);
    const pageSize = db.pragma('page_size', { simple: true }) as number;
    const pages = db.pragma('page_count', { simple: true }) as number;
    db.close();

    const bytes = fs.readFileSync(file);
    const victim = Math.floor(pages / 2);
    crypto.randomBytes(pageSize).copy(bytes, victim * pageSize);
    fs.writeFileSync(file, bytes);
    const before = sha256File(file);

    const error = thrownBy(() => open(dataDir));

    expect(error.code).toBe('UNAVAILABLE');
    expect(error.message).toContain(file);
    expect(sha256File(file)).toBe(before);
    expect(backups(dataDir)).toEqual([]);
  });

  it('refuses a database from a newer Drover with a clear message and leaves it unchanged', () => {
    const dataDir = dirs.make();
    const file = path.join(dataDir, DATABASE_FILE);
    const newer = new BetterSqlite3(file);
    newer.pragma('journal_mode = WAL');
    newer.exec('CREATE TABLE from_the_future (x INTEGER); INSERT INTO from_the_future VALUES (1);');
    newer.pragma('user_version = 99');
    newer.close();
    const before = sha256File(file);

    const error = thrownBy(() => open(dataDir));

    expect(error.code).toBe('CONFLICT');
    expect(error.message).toContain(file);
    expect(error.message).toContain('99');
    expect(error.message).toMatch(/newer than this Drover/);
    expect(error.message).toMatch(/Upgrade Drover/);
    expect(sha256File(file)).toBe(before);
    expect(backups(dataDir)).toEqual([]);
    const check = raw(file, true);
    expect(check.pragma('user_version', { simple: true })).toBe(99);
  });
});
