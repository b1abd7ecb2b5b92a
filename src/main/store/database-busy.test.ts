// A database another process is writing to: the console must stay responsive and say so.
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../core/core.js';
import { TempDirs, testContext } from '../test-support.js';
import { DATABASE_FILE } from './database.js';

const dirs = new TempDirs();
const cores: Core[] = [];
const children: ChildProcess[] = [];

afterEach(() => {
  for (const core of cores.splice(0)) core.close();
  for (const child of children.splice(0)) child.kill();
  dirs.cleanup();
});

/** Another process (plain SQLite) that holds a write transaction until it is killed. */
async function holdWriteLock(file: string): Promise<void> {
  const script = `
    const db = new (require('better-sqlite3'))(process.argv[1]);
    db.exec('BEGIN IMMEDIATE');
    process.stdout.write('held\\n');
    setInterval(() => {}, 1000);
  `;
  const child = spawn(process.execPath, ['-e', script, file], {
    cwd: process.cwd(),
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  children.push(child);
  await new Promise<void>((resolve, reject) => {
    child.stdout!.once('data', () => resolve());
    child.once('exit', (code) => reject(new Error(`the lock holder exited (${code})`)));
  });
}

/** The longest gap between ticks of a 5 ms timer: how long the event loop was blocked. */
function watchEventLoop(): { stop(): Promise<number> } {
  let last = performance.now();
  let longest = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    longest = Math.max(longest, now - last);
    last = now;
  }, 5);
  return {
    async stop() {
      // One more tick, so a block that ended just now is counted.
      await new Promise((resolve) => setTimeout(resolve, 20));
      clearInterval(timer);
      return longest;
    },
  };
}

describe('a database locked by another process', () => {
  it('fails a write quickly with a clear message while the event loop keeps running', async () => {
    const dataDir = dirs.make();
    const core = createCore({ dataDir, shell: 'cli' });
    cores.push(core);
    await holdWriteLock(path.join(dataDir, DATABASE_FILE));

    const stalls = watchEventLoop();
    const started = performance.now();
    const error = await core.call('env.create', { name: 'blocked' }, testContext).then(
      () => undefined,
      (e: Error & { code?: string }) => e,
    );
    const elapsedMs = performance.now() - started;
    const maxStallMs = await stalls.stop();
    console.warn(
      `locked write: answered in ${elapsedMs.toFixed(0)} ms, longest event-loop stall ${maxStallMs.toFixed(0)} ms`,
    );

    expect(error?.code).toBe('UNAVAILABLE');
    expect(error?.message).toMatch(/busy: another process is writing to it/);
    expect(error?.message).toContain(path.join(dataDir, DATABASE_FILE));
    expect(maxStallMs).toBeLessThan(500);
    expect(elapsedMs).toBeLessThan(3000);
    // Reads go on meanwhile (WAL): the console keeps showing what it has.
    expect(await core.call('env.list', {}, testContext)).toEqual([
      expect.objectContaining({ name: 'Default' }),
    ]);
  }, 30_000);
});
