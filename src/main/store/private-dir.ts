// The data directory holds credentials (sealed secrets, the secrets key) and the whole inventory:
// the folder is 0700 and every file in it 0600, also for a folder made by an older Drover or by
// hand. SQLite creates a new database with 0644 (less the umask) and gives its -wal and -shm the
// database file's mode, so the database file is made 0600 before SQLite first opens it.
import fs from 'node:fs';
import path from 'node:path';

const DIR_MODE = 0o700;
const FILE_MODE = 0o600;

/** Creates the folder (0700) or tightens it and what it holds (files 0600, folders 0700). */
export function securePrivateDir(dir: string): void {
  fs.mkdirSync(dir, { recursive: true, mode: DIR_MODE });
  tighten(dir);
}

/** Creates an empty file with mode 0600 unless it exists (then tightens it). */
export function ensurePrivateFile(file: string): void {
  try {
    fs.closeSync(fs.openSync(file, 'wx', FILE_MODE));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    chmodIfLooser(file, FILE_MODE);
  }
}

function tighten(dir: string): void {
  chmodIfLooser(dir, DIR_MODE);
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    // Symlinks are left alone: chmod would follow them out of the data directory.
    if (entry.isDirectory()) tighten(full);
    else if (entry.isFile()) chmodIfLooser(full, FILE_MODE);
  }
}

function chmodIfLooser(file: string, mode: number): void {
  const current = fs.lstatSync(file).mode & 0o777;
  if ((current & ~mode) !== 0) fs.chmodSync(file, current & mode);
}
