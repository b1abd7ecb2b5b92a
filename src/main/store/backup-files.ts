// Where backups live and what they are called: <dataDir>/backups/drover-<UTC time>-<reason>.db,
// so the folder lists them in order and a name says when and why. The last KEEP are kept.
import fs from 'node:fs';
import path from 'node:path';
import type { BackupEntry } from '../../shared/types.js';
import { ensurePrivateFile, securePrivateDir } from './private-dir.js';

export const BACKUP_DIR = 'backups';
export const KEEP_BACKUPS = 7;

const NAME = /^drover-(\d{4}-\d\d-\d\dT\d\d-\d\d-\d\d-\d{3}Z)-([a-z0-9-]+)\.db$/;

export function backupDir(dataDir: string): string {
  return path.join(dataDir, BACKUP_DIR);
}

export interface ReservedBackup {
  /** An empty 0600 file to write the copy into; not listed as a backup until committed. */
  partial: string;
  /** Moves the finished copy to its name (listed from then on) and returns it. */
  commit(): string;
}

/** A place in the backups folder for a backup taken now for `reason`. */
export function reserveBackupFile(dataDir: string, reason: string, at: Date): ReservedBackup {
  const dir = backupDir(dataDir);
  securePrivateDir(dir);
  const stamp = at.toISOString().replace(/[:.]/g, '-');
  const file = path.join(dir, `drover-${stamp}-${reason}.db`);
  const partial = `${file}.partial`;
  fs.rmSync(partial, { force: true });
  ensurePrivateFile(partial);
  return {
    partial,
    commit: () => {
      fs.renameSync(partial, file);
      return file;
    },
  };
}

/** The backups in the folder, newest first. */
export function listBackups(dataDir: string): BackupEntry[] {
  let names: string[];
  try {
    names = fs.readdirSync(backupDir(dataDir));
  } catch {
    return [];
  }
  const entries: BackupEntry[] = [];
  for (const name of names) {
    const match = NAME.exec(name);
    if (!match) continue;
    const [, stamp, reason] = match as unknown as [string, string, string];
    const [date, time] = stamp.split('T') as [string, string];
    const [h, m, s, ms] = time.slice(0, -1).split('-');
    entries.push({
      file: path.join(backupDir(dataDir), name),
      reason,
      createdAt: `${date}T${h}:${m}:${s}.${ms}Z`,
      bytes: fs.statSync(path.join(backupDir(dataDir), name)).size,
    });
  }
  return entries.sort((a, b) => b.createdAt.localeCompare(a.createdAt));
}

/** Deletes all but the newest KEEP_BACKUPS backups. */
export function pruneBackups(dataDir: string, keep = KEEP_BACKUPS): void {
  for (const old of listBackups(dataDir).slice(keep)) fs.rmSync(old.file, { force: true });
}

/** A copy not written to for this long was left by a process that died (a live one writes on). */
export const STALE_PARTIAL_MS = 10 * 60_000;

/**
 * Removes what a backup or restore killed midway left behind: `backups/*.partial` and the data
 * dir's `.restore-*.db` staging copies, each a full-size copy of the database. Called when a
 * console takes the data dir; copies still being written (a CLI backup beside it) are younger.
 */
export function removeStalePartials(dataDir: string, now = Date.now()): string[] {
  const removed: string[] = [];
  const sweep = (dir: string, leftover: (name: string) => boolean) => {
    let names: string[];
    try {
      names = fs.readdirSync(dir);
    } catch {
      return;
    }
    for (const name of names.filter(leftover)) {
      const file = path.join(dir, name);
      const stat = fs.statSync(file, { throwIfNoEntry: false });
      if (!stat?.isFile() || now - stat.mtimeMs < STALE_PARTIAL_MS) continue;
      fs.rmSync(file, { force: true });
      removed.push(file);
    }
  };
  sweep(backupDir(dataDir), (name) => name.endsWith('.partial'));
  sweep(dataDir, (name) => /^\.restore-[0-9a-f]+\.db$/.test(name));
  return removed;
}
