// Another process writing to the database (a one-shot CLI command beside the console, a restore,
// a sqlite3 shell). better-sqlite3 waits for the lock synchronously, freezing the event loop for
// as long as SQLite's busy timeout, so the timeout is short and waiting happens here instead:
// reads are retried on timers, and what still finds the database busy gets a clear message.
import path from 'node:path';
import { DroverError } from '../../shared/errors.js';
import { sleep } from '../swarm/poll.js';
import { consoleHolder, describeHolder } from './console-lock.js';

/** How long one statement may block the event loop waiting for another writer. */
export const BUSY_TIMEOUT_MS = 100;

const READ_RETRY_DELAYS_MS = [50, 150, 400];

export function isBusy(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED';
}

export function busyError(file: string): DroverError {
  const holder = consoleHolder(path.dirname(file));
  const who =
    holder && holder.pid !== process.pid ? ` (the console: ${describeHolder(holder)})` : '';
  return new DroverError(
    'UNAVAILABLE',
    `The Drover database ${file} is busy: another process is writing to it${who}. ` +
      `This request was not completed; try again in a moment.`,
  );
}

/**
 * Runs `fn`; on a busy database, a read (safe to repeat) is tried again after a pause that lets
 * the event loop run, and a change is reported at once (it may have had effects before its write).
 */
export async function withBusyRetry<T>(
  file: string,
  repeatable: boolean,
  fn: () => T | Promise<T>,
): Promise<T> {
  const delays = repeatable ? READ_RETRY_DELAYS_MS : [];
  for (let attempt = 0; ; attempt++) {
    try {
      return await fn();
    } catch (error) {
      if (!isBusy(error)) throw error;
      const delay = delays[attempt];
      if (delay === undefined) throw busyError(file);
      await sleep(delay);
    }
  }
}
