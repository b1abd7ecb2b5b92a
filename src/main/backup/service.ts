// Automatic and manual backups of the console's database: daily while a console runs, before a
// stack or a host is removed, and on request; the last KEEP_BACKUPS are kept. (Before every
// migration the store takes its own, see store/database.ts.)
import type { BackupEntry } from '../../shared/types.js';
import type { Database } from '../store/database.js';
import { listBackups, pruneBackups, reserveBackupFile } from '../store/backup-files.js';
import { backupTo } from './online-backup.js';

const DAY_MS = 24 * 60 * 60 * 1000;
const CHECK_EVERY_MS = 60 * 60 * 1000;
const FIRST_CHECK_MS = 60 * 1000;

export interface BackupServiceOptions {
  db: Database;
  dataDir: string;
  now?: () => Date;
}

export class BackupService {
  private queue: Promise<unknown> = Promise.resolve();
  private timer?: NodeJS.Timeout;
  private first?: NodeJS.Timeout;
  private readonly now: () => Date;

  constructor(private readonly o: BackupServiceOptions) {
    this.now = o.now ?? (() => new Date());
  }

  list(): BackupEntry[] {
    return listBackups(this.o.dataDir);
  }

  /** A backup into the backups folder; one at a time, oldest beyond the kept number removed. */
  create(reason: string, passphrase?: string): Promise<BackupEntry> {
    return this.serial(async () => {
      const reserved = reserveBackupFile(this.o.dataDir, reason, this.now());
      await backupTo(this.o.db, this.o.dataDir, reserved.partial, passphrase);
      const file = reserved.commit();
      pruneBackups(this.o.dataDir);
      return this.list().find((b) => b.file === file) as BackupEntry;
    });
  }

  /** A backup to a file of the user's choice (not pruned), optionally carrying the secrets key. */
  exportTo(target: string, passphrase?: string): Promise<void> {
    return this.serial(() => backupTo(this.o.db, this.o.dataDir, target, passphrase));
  }

  /** Before a removal the database cannot undo: the removal waits for the copy. */
  async beforeRemoving(what: 'stack' | 'host'): Promise<void> {
    await this.create(`before-${what}-remove`);
  }

  /** Daily backups while this console runs: checked soon after start and every hour. */
  startDaily(): void {
    const check = () => {
      const last = this.list()[0];
      if (last && this.now().getTime() - Date.parse(last.createdAt) < DAY_MS) return;
      this.create('daily').catch((error: unknown) =>
        console.error('Drover: the daily database backup failed:', error),
      );
    };
    // The first check a minute after start: not in the way of the console coming up.
    const first = setTimeout(check, FIRST_CHECK_MS);
    first.unref();
    this.timer = setInterval(check, CHECK_EVERY_MS);
    this.timer.unref();
    this.first = first;
  }

  stop(): void {
    clearTimeout(this.first);
    clearInterval(this.timer);
  }

  private serial<T>(task: () => Promise<T>): Promise<T> {
    const run = this.queue.then(task, task);
    this.queue = run.catch(() => undefined);
    return run;
  }
}
