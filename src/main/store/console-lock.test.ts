import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { main } from '../cli/main.js';
import { createCore, type Core } from '../core/core.js';
import { TempDirs } from '../test-support.js';
import { acquireConsoleLock, consoleHolder, LOCK_FILE, type ConsoleLock } from './console-lock.js';

const dirs = new TempDirs();
const cores: Core[] = [];
const locks: ConsoleLock[] = [];

afterEach(() => {
  for (const core of cores.splice(0)) core.close();
  for (const lock of locks.splice(0)) lock.release();
  dirs.cleanup();
});

function cli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  return main(argv, { out: (t) => out.push(t), err: (t) => err.push(t) }).then((code) => ({
    code,
    out: out.join('\n'),
    err: err.join('\n'),
  }));
}

/** The pid of a process that has exited. */
function deadPid(): number {
  return Number(
    execFileSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']),
  );
}

describe('one console per data directory', () => {
  it('refuses `drover web` on a folder a console holds, naming it; one-shot commands still work', async () => {
    const dataDir = dirs.make();
    const since = new Date('2026-01-02T03:04:05.000Z');
    const console1 = createCore({ dataDir, shell: 'electron', holdDataDir: true });
    cores.push(console1);

    const second = await cli('--data-dir', dataDir, 'web', '--port', '0', '--no-open');

    expect(second.code).toBe(1);
    expect(second.err).toContain(
      `already used by a Drover console (the desktop app, pid ${process.pid}, since `,
    );
    expect(second.err).toMatch(/one-shot commands .* work beside it/);
    const ls = await cli('--data-dir', dataDir, '--json', 'env', 'ls');
    expect(ls.code).toBe(0);
    expect(JSON.parse(ls.out)).toEqual([expect.objectContaining({ name: 'Default' })]);

    // The lock names its holder and is released with the console.
    const held = acquireAttempt(dataDir);
    expect(held).toMatch(/pid \d+/);
    console1.close();
    cores.length = 0;
    expect(fs.existsSync(path.join(dataDir, LOCK_FILE))).toBe(false);
    locks.push(acquireConsoleLock(dataDir, 'web', () => since));
    expect(consoleHolder(dataDir)).toEqual(
      expect.objectContaining({ pid: process.pid, shell: 'web', since: since.toISOString() }),
    );
  });

  it('takes over a lock whose process is gone', () => {
    const dataDir = dirs.make();
    const file = path.join(dataDir, LOCK_FILE);
    fs.writeFileSync(file, JSON.stringify({ pid: deadPid(), shell: 'web', since: 'x' }));
    expect(consoleHolder(dataDir)).toBeUndefined();

    locks.push(acquireConsoleLock(dataDir, 'web'));

    expect(JSON.parse(fs.readFileSync(file, 'utf8')).pid).toBe(process.pid);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
  });

  it('takes over a lock whose pid now belongs to another process (reused after a crash)', () => {
    const dataDir = dirs.make();
    const file = path.join(dataDir, LOCK_FILE);
    const lock = { pid: process.pid, shell: 'web', since: 'x', processStart: '1' };
    fs.writeFileSync(file, JSON.stringify(lock));

    locks.push(acquireConsoleLock(dataDir, 'electron'));

    expect(JSON.parse(fs.readFileSync(file, 'utf8')).shell).toBe('electron');
  });

  it('leaves a lock taken over by another console in place when the first releases', () => {
    const dataDir = dirs.make();
    const file = path.join(dataDir, LOCK_FILE);
    const mine = acquireConsoleLock(dataDir, 'web');
    fs.writeFileSync(file, JSON.stringify({ pid: 1, shell: 'web', since: 'x' }));

    mine.release();

    expect(JSON.parse(fs.readFileSync(file, 'utf8')).pid).toBe(1);
  });
});

function acquireAttempt(dataDir: string): string {
  try {
    locks.push(acquireConsoleLock(dataDir, 'web'));
    return 'acquired';
  } catch (error) {
    return (error as Error).message;
  }
}
