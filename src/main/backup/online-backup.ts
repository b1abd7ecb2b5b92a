// A consistent copy of the live database while the console keeps running: SQLite's online
// backup API copies pages in steps and yields to the event loop between them, so a large database
// does not freeze the console; writes made meanwhile are carried into the copy (this connection)
// or restart it (another process), never torn.
import fs from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { DroverError } from '../../shared/errors.js';
import { KEY_FILE } from '../secrets/secret-box.js';
import type { Database } from '../store/database.js';
import { ensurePrivateFile } from '../store/private-dir.js';
import { wrapKey } from './key-wrap.js';

/** Where a passphrase-protected backup keeps the data directory's secrets key. */
export const KEY_TABLE = 'drover_backup_key';

export async function backupTo(
  db: Database,
  dataDir: string,
  target: string,
  passphrase?: string,
): Promise<void> {
  const key = passphrase === undefined ? undefined : readSecretsKey(dataDir);
  ensurePrivateFile(target);
  try {
    await db.backup(target);
    const copy = new BetterSqlite3(target, { fileMustExist: true });
    try {
      // One self-contained file: no -wal beside it when it is moved or mailed.
      copy.pragma('journal_mode = DELETE');
      if (key) {
        const wrapped = await wrapKey(key, passphrase as string);
        copy.exec(`CREATE TABLE ${KEY_TABLE} (wrapped_json TEXT NOT NULL)`);
        copy.prepare(`INSERT INTO ${KEY_TABLE} VALUES (?)`).run(JSON.stringify(wrapped));
      }
    } finally {
      copy.close();
    }
  } catch (error) {
    fs.rmSync(target, { force: true });
    throw error;
  }
}

function readSecretsKey(dataDir: string): Buffer {
  try {
    return fs.readFileSync(path.join(dataDir, KEY_FILE));
  } catch {
    throw new DroverError(
      'PRECONDITION_FAILED',
      `${dataDir} has no secrets key file: its secrets are sealed by the OS keychain, which ` +
        `cannot move to another workstation. Back up without a passphrase.`,
    );
  }
}
