import fs from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { KeyFileSecretBox } from '../secrets/secret-box.js';
import { TempDirs } from '../test-support.js';
import { DATABASE_FILE, openDatabase, type Database } from './database.js';

const dirs = new TempDirs();
const opened: Database[] = [];

afterEach(() => {
  for (const db of opened.splice(0)) if (db.open) db.close();
  dirs.cleanup();
});

const modeOf = (file: string) => fs.statSync(file).mode & 0o777;

/** Every entry under dir with its mode, e.g. { 'drover.db': 0o600 }. */
function modes(dir: string): Record<string, number> {
  const found: Record<string, number> = {};
  for (const name of fs.readdirSync(dir, { recursive: true }) as string[]) {
    found[name] = modeOf(path.join(dir, name));
  }
  return found;
}

describe('the data directory is private', () => {
  it('creates the database, its WAL and shared memory 0600 in a 0700 folder, whatever the umask', () => {
    const dataDir = path.join(dirs.make(), 'drover');
    const umask = process.umask(0o022);
    try {
      const db = openDatabase(dataDir);
      opened.push(db);
      new KeyFileSecretBox(dataDir);
      db.prepare("INSERT INTO settings (key, value_json) VALUES ('probe', '1')").run();

      expect(modeOf(dataDir)).toBe(0o700);
      expect(Object.keys(modes(dataDir))).toEqual(
        expect.arrayContaining([DATABASE_FILE, `${DATABASE_FILE}-wal`, `${DATABASE_FILE}-shm`]),
      );
      for (const [name, mode] of Object.entries(modes(dataDir))) {
        expect([name, mode.toString(8)]).toEqual([name, '600']);
      }
    } finally {
      process.umask(umask);
    }
  });

  it('tightens an existing folder made by an older Drover: folder 0700, files 0600', () => {
    const dataDir = dirs.make();
    const file = path.join(dataDir, DATABASE_FILE);
    const old = new BetterSqlite3(file);
    old.pragma('journal_mode = WAL');
    old.close();
    fs.mkdirSync(path.join(dataDir, 'backups'));
    fs.writeFileSync(path.join(dataDir, 'backups', 'old.db'), 'x');
    fs.writeFileSync(path.join(dataDir, `${DATABASE_FILE}.v1.bak`), 'x');
    for (const name of fs.readdirSync(dataDir, { recursive: true }) as string[]) {
      const full = path.join(dataDir, name);
      fs.chmodSync(full, fs.statSync(full).isDirectory() ? 0o755 : 0o644);
    }
    fs.chmodSync(dataDir, 0o755);

    opened.push(openDatabase(dataDir));

    expect(modeOf(dataDir)).toBe(0o700);
    expect(modes(dataDir)).toEqual({
      backups: 0o700,
      [path.join('backups', 'old.db')]: 0o600,
      [`${DATABASE_FILE}.v1.bak`]: 0o600,
      [DATABASE_FILE]: 0o600,
      [`${DATABASE_FILE}-wal`]: 0o600,
      [`${DATABASE_FILE}-shm`]: 0o600,
    });
  });
});
