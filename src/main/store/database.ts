// Opens the console's SQLite store: WAL, migrations at start, a backup before each migration,
// and a clear refusal (touching nothing) when the file is corrupt or written by a newer Drover.
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { DroverError } from '../../shared/errors.js';
import { BACKUP_DIR, pruneBackups, reserveBackupFile } from './backup-files.js';
import { BUSY_TIMEOUT_MS, busyError, isBusy } from './busy.js';
import { ensurePrivateFile, securePrivateDir } from './private-dir.js';
import { latestVersion, migrations as defaultMigrations, type Migration } from './migrations.js';

export type Database = BetterSqlite3.Database;

export const DATABASE_FILE = 'drover.db';

export interface OpenOptions {
  migrations?: readonly Migration[];
  /** For tests: a fixed clock for backup names. */
  now?: () => Date;
}

export function openDatabase(dataDir: string, options: OpenOptions = {}): Database {
  const migrations = options.migrations ?? defaultMigrations;
  const target = Math.max(0, ...migrations.map((m) => m.version));
  securePrivateDir(dataDir);
  const file = path.join(dataDir, DATABASE_FILE);
  ensurePrivateFile(file);

  let db: Database;
  try {
    // A short wait for other writers: better-sqlite3 waits synchronously (see busy.ts).
    db = new BetterSqlite3(file, { fileMustExist: false, timeout: BUSY_TIMEOUT_MS });
  } catch (error) {
    throw unreadable(file, error);
  }
  try {
    // Reading the header is the first real access: a corrupt file fails here, before any write.
    const version = db.pragma('user_version', { simple: true }) as number;
    if (version > target) {
      throw new DroverError(
        'CONFLICT',
        `The database ${file} has schema version ${version}, newer than this Drover supports ` +
          `(${target}). Upgrade Drover, or point --data-dir at another folder. The file was not changed.`,
      );
    }
    const integrity = db.pragma('quick_check', { simple: true }) as string;
    if (integrity !== 'ok') throw new Error(integrity);
    db.pragma('journal_mode = WAL');
    db.pragma('foreign_keys = ON');
    migrate(db, file, version, migrations, options.now ?? (() => new Date()));
    return db;
  } catch (error) {
    db.close();
    if (error instanceof DroverError) throw error;
    if (isBusy(error)) throw busyError(file);
    throw unreadable(file, error);
  }
}

function migrate(
  db: Database,
  file: string,
  current: number,
  migrations: readonly Migration[],
  now: () => Date,
): void {
  const pending = migrations
    .filter((m) => m.version > current)
    .sort((a, b) => a.version - b.version);
  if (pending.length === 0) return;
  if (current > 0) backup(db, path.dirname(file), current, now());
  for (const migration of pending) {
    try {
      db.transaction(() => {
        db.exec(migration.sql);
        db.pragma(`user_version = ${migration.version}`);
      })();
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      const applied = db.pragma('user_version', { simple: true }) as number;
      throw new DroverError(
        'INTERNAL',
        `Upgrading the Drover database ${file} failed at migration ${migration.version} ` +
          `(${migration.name}): ${reason}. It was rolled back; the database is at schema ` +
          `version ${applied}` +
          (current > 0
            ? `, and a copy of version ${current} was saved in ${path.join(path.dirname(file), BACKUP_DIR)}.`
            : '.'),
      );
    }
  }
}

/**
 * A consistent copy in the backups folder, named after the version it holds. VACUUM INTO rather
 * than the online backup API: it runs synchronously inside this synchronous open, before the
 * console serves anything (no event loop to keep free yet), and writes a compacted copy.
 */
function backup(db: Database, dataDir: string, version: number, at: Date): void {
  const copy = reserveBackupFile(dataDir, `before-migration-from-v${version}`, at);
  db.prepare('VACUUM INTO ?').run(copy.partial);
  copy.commit();
  pruneBackups(dataDir);
}

function unreadable(file: string, error: unknown): DroverError {
  const reason = error instanceof Error ? error.message : String(error);
  return new DroverError(
    'UNAVAILABLE',
    `Cannot open the Drover database ${file}: ${reason}. The file was left as it is; move it ` +
      `aside to start with an empty database (running workloads are not affected), or restore a backup.`,
  );
}

export { latestVersion };
