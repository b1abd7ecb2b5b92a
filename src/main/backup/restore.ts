// Restores a backup into a data directory: refused while a console runs there; the backup is
// checked in a private copy (integrity, a schema this Drover knows, the passphrase for a carried
// key) before anything is replaced; the database it replaces is backed up first.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { DroverError } from '../../shared/errors.js';
import { KEY_FILE } from '../secrets/secret-box.js';
import { acquireConsoleLock, consoleHolder, describeHolder } from '../store/console-lock.js';
import { DATABASE_FILE, latestVersion } from '../store/database.js';
import { ensurePrivateFile, securePrivateDir } from '../store/private-dir.js';
import { backupDir, pruneBackups, reserveBackupFile } from '../store/backup-files.js';
import { unwrapKey, type WrappedKey } from './key-wrap.js';
import { KEY_TABLE } from './online-backup.js';

export interface RestoreResult {
  schemaVersion: number;
  /** The backup carried the secrets key and it was put in place. */
  restoredKey: boolean;
  /** The backup of the database that was replaced, if there was one. */
  previous?: string;
}

export async function restoreBackup(
  dataDir: string,
  source: string,
  passphrase?: string,
  now: () => Date = () => new Date(),
): Promise<RestoreResult> {
  refuseWhileConsoleRuns(dataDir);
  if (!fs.statSync(source, { throwIfNoEntry: false })?.isFile()) {
    throw new DroverError('NOT_FOUND', `No backup file at ${source}`);
  }
  securePrivateDir(dataDir);
  const staging = path.join(dataDir, `.restore-${crypto.randomBytes(6).toString('hex')}.db`);
  try {
    ensurePrivateFile(staging);
    fs.copyFileSync(source, staging);
    const { schemaVersion, key } = await checkedCopy(staging, source, passphrase);
    // Held while files are swapped: no console may start on a half-restored folder.
    const lock = acquireConsoleLock(dataDir, 'cli');
    try {
      const previous = setAsidePrevious(dataDir, now());
      fs.renameSync(staging, path.join(dataDir, DATABASE_FILE));
      if (key) writeKey(dataDir, key, now());
      return { schemaVersion, restoredKey: key !== undefined, previous };
    } finally {
      lock.release();
    }
  } finally {
    fs.rmSync(staging, { force: true });
  }
}

function refuseWhileConsoleRuns(dataDir: string): void {
  const holder = consoleHolder(dataDir);
  if (holder) {
    throw new DroverError(
      'CONFLICT',
      `A Drover console is running on ${dataDir} (${describeHolder(holder)}): stop it before ` +
        `restoring. Nothing was changed.`,
    );
  }
}

/** Checks the private copy and takes the carried key out of it; throws with nothing replaced. */
async function checkedCopy(
  staging: string,
  source: string,
  passphrase: string | undefined,
): Promise<{ schemaVersion: number; key?: Buffer }> {
  let db: BetterSqlite3.Database;
  try {
    db = new BetterSqlite3(staging, { fileMustExist: true });
  } catch (error) {
    throw refused(source, (error as Error).message);
  }
  try {
    let integrity: string;
    let schemaVersion: number;
    try {
      integrity = (db.pragma('integrity_check') as { integrity_check: string }[])
        .map((row) => row.integrity_check)
        .join('; ');
      schemaVersion = db.pragma('user_version', { simple: true }) as number;
    } catch (error) {
      throw refused(source, (error as Error).message);
    }
    if (integrity !== 'ok') throw refused(source, `the integrity check found: ${integrity}`);
    const isDrover = db
      .prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'environments'")
      .get();
    if (schemaVersion < 1 || !isDrover) throw refused(source, 'it is not a Drover database');
    if (schemaVersion > latestVersion) {
      throw refused(
        source,
        `its schema version ${schemaVersion} is newer than this Drover supports (${latestVersion}); upgrade Drover first`,
      );
    }
    const key = await carriedKey(db, passphrase);
    db.exec(`DROP TABLE IF EXISTS ${KEY_TABLE}`);
    return { schemaVersion, key };
  } finally {
    db.close();
  }
}

async function carriedKey(
  db: BetterSqlite3.Database,
  passphrase: string | undefined,
): Promise<Buffer | undefined> {
  const hasTable = db
    .prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?")
    .get(KEY_TABLE);
  if (!hasTable) return undefined;
  const row = db.prepare(`SELECT wrapped_json FROM ${KEY_TABLE}`).get() as
    { wrapped_json: string } | undefined;
  if (!row) return undefined;
  if (passphrase === undefined) {
    throw new DroverError(
      'INVALID_ARGUMENT',
      'This backup carries its secrets key behind a passphrase: restore it with --passphrase-stdin. Nothing was changed.',
    );
  }
  const key = await unwrapKey(JSON.parse(row.wrapped_json) as WrappedKey, passphrase);
  if (key.length !== 32)
    throw new DroverError('INVALID_ARGUMENT', 'The carried key is not a Drover secrets key');
  return key;
}

/** Backs up the database being replaced (it may be the only copy of something) and clears its WAL. */
function setAsidePrevious(dataDir: string, at: Date): string | undefined {
  const file = path.join(dataDir, DATABASE_FILE);
  if (!fs.existsSync(file)) return undefined;
  const old = new BetterSqlite3(file, { fileMustExist: true });
  let copy: string;
  try {
    const reserved = reserveBackupFile(dataDir, 'before-restore', at);
    old.prepare('VACUUM INTO ?').run(reserved.partial);
    copy = reserved.commit();
    // Its WAL folded in and gone: a WAL left beside the restored file would be replayed into it.
    old.pragma('wal_checkpoint(TRUNCATE)');
  } finally {
    old.close();
  }
  for (const extra of ['-wal', '-shm']) fs.rmSync(file + extra, { force: true });
  pruneBackups(dataDir);
  return copy;
}

/** Puts the carried key in place; a different key already there is kept beside the backups. */
function writeKey(dataDir: string, key: Buffer, at: Date): void {
  const file = path.join(dataDir, KEY_FILE);
  const current = fs.existsSync(file) ? fs.readFileSync(file) : undefined;
  if (current?.equals(key)) return;
  if (current) {
    const stamp = at.toISOString().replace(/[:.]/g, '-');
    securePrivateDir(backupDir(dataDir));
    fs.renameSync(file, path.join(backupDir(dataDir), `${KEY_FILE}.${stamp}.before-restore`));
  }
  const temp = `${file}.${crypto.randomBytes(6).toString('hex')}`;
  fs.writeFileSync(temp, key, { mode: 0o600, flag: 'wx' });
  fs.renameSync(temp, file);
}

function refused(source: string, why: string): DroverError {
  return new DroverError(
    'INVALID_ARGUMENT',
    `${source} cannot be restored: ${why}. Nothing was changed.`,
  );
}
