// drover env binds through the real CLI entry, on a real data dir.
import { afterEach, describe, expect, it } from 'vitest';
import { TempDirs } from '../../test-support.js';
import { cliFor } from '../../../../e2e/support/core';

const dirs = new TempDirs();
afterEach(() => dirs.cleanup());

describe('drover env binds', () => {
  it('keeps the allow-list per environment, refusing the socket and unclean paths', async () => {
    const dataDir = dirs.make();
    const run = cliFor(dataDir, '');
    expect((await run('env', 'create', 'dev')).code).toBe(0);
    expect((await run('env', 'create', 'ops')).code).toBe(0);
    expect((await run('env', 'binds', 'ls', 'dev')).out).toMatch(/No bind mounts are allowed/);

    expect((await run('env', 'binds', 'add', 'dev', '/srv/data')).code).toBe(0);
    expect((await run('env', 'binds', 'add', 'dev', '/opt/app/logs')).code).toBe(0);
    expect(JSON.parse((await run('env', 'binds', 'ls', 'dev', '--json')).out)).toEqual([
      '/opt/app/logs',
      '/srv/data',
    ]);
    expect(JSON.parse((await run('env', 'binds', 'ls', 'ops', '--json')).out)).toEqual([]);

    const socket = await run('env', 'binds', 'add', 'dev', '/var/run');
    expect(socket.code).not.toBe(0);
    expect(socket.err).toMatch(/Docker socket/);
    for (const bad of ['srv/data', '/srv/../etc', '/srv/data/', '/srv//data']) {
      const refused = await run('env', 'binds', 'add', 'dev', bad);
      expect(refused.code, bad).not.toBe(0);
      expect(refused.err, bad).toMatch(/absolute folder/);
    }

    expect((await run('env', 'binds', 'rm', 'dev', '/srv/data')).code).toBe(0);
    expect(JSON.parse((await run('env', 'binds', 'ls', 'dev', '--json')).out)).toEqual([
      '/opt/app/logs',
    ]);
    // Every change and every refused one is in the audit log.
    const audit = JSON.parse((await run('audit', 'ls', '--json')).out) as {
      action: string;
      result: string;
    }[];
    const results = audit.filter((a) => a.action === 'env.setBindPaths').map((a) => a.result);
    expect(results.sort()).toEqual(['error', 'error', 'error', 'error', 'error', 'ok', 'ok', 'ok']);
  }, 60_000);
});
