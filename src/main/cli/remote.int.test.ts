// `drover --url`: the CLI against a real web-mode console (core, server, SQLite, WebSocket) gives
// the output the data-dir CLI gives, and the token's role ceiling decides what it may change.
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TEST_COST } from '../access/passwords.js';
import { createCore, type Core } from '../core/core.js';
import { TempDirs } from '../test-support.js';
import { startWebServer, type WebServer } from '../web/server.js';
import { main } from './main.js';

const dirs = new TempDirs();
let dataDir: string;
let core: Core;
let server: WebServer;
let adminToken: string;
let readOnlyToken: string;

beforeEach(async () => {
  dataDir = path.join(dirs.make(), 'data');
  core = createCore({ dataDir, shell: 'web', passwordCost: TEST_COST });
  server = await startWebServer({ core, staticDir: dirs.make() });
  const { users } = core.services;
  const root = await users.add('root', 'correct horse battery', true);
  adminToken = users.createToken({ userId: root.id }).token;
  const alice = await users.add('alice', 'correct horse battery');
  users.setMembership(alice.id, core.services.environments.list()[0]!.id, 'owner', null);
  readOnlyToken = users.createToken({ userId: alice.id, roleCeiling: 'read-only' }).token;
});

afterEach(async () => {
  await server.close();
  core.close();
  dirs.cleanup();
});

async function drover(globals: string[], args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main([...globals, ...args], {
    out: (t) => out.push(t),
    err: (t) => err.push(t),
  });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

const origin = () => `http://127.0.0.1:${server.port}/`;
const viaUrl = (token: string) => ['--url', origin(), '--token', token];
const viaDataDir = () => ['--data-dir', dataDir];

describe('drover --url', () => {
  it('prints what the data-dir CLI prints, for lists and for changes', async () => {
    const steps: string[][] = [
      ['env', 'create', 'staging', '--description', 'for tests'],
      ['env', 'ls'],
      ['env', 'ls', '--json'],
      ['host', 'ls'],
      ['stack', 'ls'],
      ['env', 'rename', 'staging', 'preprod'],
      ['env', 'rm', 'preprod'],
      ['env', 'ls'],
    ];
    expect((await drover(viaUrl(adminToken), steps[0]!)).out).toBe('Created environment "staging"');
    for (const step of steps.slice(1)) {
      const remote = await drover(viaUrl(adminToken), step);
      // The same step again through the data dir must find the same state and say the same.
      const local = await drover(
        viaDataDir(),
        step.map((a) => (a === 'create' ? 'ls' : a)),
      );
      if (step[1] === 'create') {
        expect(remote).toEqual({ code: 0, out: 'Created environment "staging"', err: '' });
        continue;
      }
      if (step[1] === 'rename' || step[1] === 'rm') {
        expect(remote.code).toBe(0);
        continue;
      }
      expect({ step, ...remote }).toEqual({ step, ...local });
    }
  });

  it('gives a token with a read-only ceiling FORBIDDEN for a change, printed as the CLI prints errors', async () => {
    const listed = await drover(viaUrl(readOnlyToken), ['env', 'ls']);
    expect(listed.code).toBe(0);
    expect(listed.out).toContain('Default');
    const refused = await drover(viaUrl(readOnlyToken), ['env', 'rename', 'Default', 'Mine']);
    expect(refused).toEqual({
      code: 1,
      out: '',
      err: 'drover: alice may not call env.update: it needs the role owner (it has read-only)',
    });
    expect(core.services.environments.list().map((e) => e.name)).toEqual(['Default']);
  });

  it('says clearly when the token is refused, the console is not there, or a verb needs the data dir', async () => {
    const bad = await drover(
      ['--url', origin(), '--token', `drv_${'A'.repeat(43)}`],
      ['env', 'ls'],
    );
    expect(bad).toMatchObject({ code: 1, err: expect.stringMatching(/refused the token/) });
    const gone = await drover(
      ['--url', 'http://127.0.0.1:1/', '--token', adminToken],
      ['env', 'ls'],
    );
    expect(gone).toMatchObject({ code: 1, err: expect.stringMatching(/Cannot reach the console/) });
    // Users are contract methods now: listed through the console like any verb.
    const users = await drover(viaUrl(adminToken), ['user', 'ls']);
    expect(users).toMatchObject({ code: 0, err: '' });
    // The audit log's rows for export are read from the data dir itself.
    const exported = await drover(viaUrl(adminToken), ['audit', 'export', '--format', 'jsonl']);
    expect(exported).toMatchObject({ code: 1, err: expect.stringMatching(/data directory only/) });
    // Its list is a contract method: served through the console.
    expect(await drover(viaUrl(adminToken), ['audit', 'ls'])).toMatchObject({ code: 0 });
    const noToken = await drover(['--url', origin()], ['env', 'ls']);
    expect(noToken).toMatchObject({ code: 2, err: expect.stringMatching(/needs an API token/) });
  });
});
