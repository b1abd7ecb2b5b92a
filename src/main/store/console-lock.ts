// One console per data directory: the desktop app and web mode take <dataDir>/console.lock
// before they open anything, so two consoles never run samplers and alert rules side by side.
// One-shot CLI commands do not take it. A lock whose process is gone is taken over.
import fs from 'node:fs';
import path from 'node:path';
import { DroverError } from '../../shared/errors.js';
import type { ShellKind } from '../../shared/types.js';

export const LOCK_FILE = 'console.lock';

export interface LockHolder {
  pid: number;
  shell: ShellKind;
  /** When the console started (ISO). */
  since: string;
  /** The process's start time as the kernel counts it (Linux): tells a reused pid apart. */
  processStart?: string;
}

export interface ConsoleLock {
  readonly holder: LockHolder;
  release(): void;
}

/** Takes the data directory for this process, or throws naming the console that holds it. */
export function acquireConsoleLock(
  dataDir: string,
  shell: ShellKind,
  now: () => Date = () => new Date(),
): ConsoleLock {
  fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const file = path.join(dataDir, LOCK_FILE);
  const holder: LockHolder = {
    pid: process.pid,
    shell,
    since: now().toISOString(),
    processStart: processStart(process.pid),
  };
  const text = JSON.stringify(holder);
  // Two tries: the second after removing a stale lock.
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      // 'wx' creates the file or fails if it exists: the check and the take are one step.
      fs.writeFileSync(file, text, { mode: 0o600, flag: 'wx' });
      return {
        holder,
        release: () => {
          // Only our own lock: a lock taken over meanwhile belongs to someone else.
          if (readLock(file)?.pid === holder.pid) fs.rmSync(file, { force: true });
        },
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const current = readLock(file);
    if (current && isAlive(current)) throw heldBy(dataDir, current);
    fs.rmSync(file, { force: true });
  }
  const current = readLock(file);
  throw current ? heldBy(dataDir, current) : new Error(`Cannot take ${file}`);
}

/** The live console on a data directory, if any (stale locks are ignored). */
export function consoleHolder(dataDir: string): LockHolder | undefined {
  const current = readLock(path.join(dataDir, LOCK_FILE));
  return current && isAlive(current) ? current : undefined;
}

export function describeHolder(holder: LockHolder): string {
  const shell = holder.shell === 'electron' ? 'the desktop app' : `${holder.shell} mode`;
  return `${shell}, pid ${holder.pid}, since ${holder.since}`;
}

function heldBy(dataDir: string, holder: LockHolder): DroverError {
  return new DroverError(
    'CONFLICT',
    `The data directory ${dataDir} is already used by a Drover console (${describeHolder(holder)}). ` +
      `Use that console or stop it first; one-shot commands such as \`drover host ls\` work beside it.`,
  );
}

function readLock(file: string): LockHolder | undefined {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
  try {
    const parsed = JSON.parse(text) as LockHolder;
    return Number.isInteger(parsed.pid) && parsed.pid > 0 ? parsed : undefined;
  } catch {
    // A torn or foreign file holds nothing we can check: treated as stale.
    return undefined;
  }
}

function isAlive(holder: LockHolder): boolean {
  try {
    process.kill(holder.pid, 0);
  } catch (error) {
    // EPERM: the process exists but belongs to another user.
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  // Same pid, another process (the pid was reused after a crash): stale.
  const start = processStart(holder.pid);
  return !(holder.processStart && start && start !== holder.processStart);
}

/** Field 22 of /proc/<pid>/stat (start time in clock ticks since boot); undefined off Linux. */
function processStart(pid: number): string | undefined {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may hold spaces and parentheses: count from the last ')'.
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
  } catch {
    return undefined;
  }
}
