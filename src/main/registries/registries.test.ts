// Registry logins without a lab: stored sealed, never returned, redacted in the audit log,
// addresses validated, the CLI reading the password from standard input only.
import fs from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cliFor } from '../../../e2e/support/core';
import { createCore, type Core } from '../core/core';
import { DATABASE_FILE } from '../store/database';
import { TempDirs, testContext as ctx } from '../test-support';

const dirs = new TempDirs();
const PASSWORD = 'hunter2-registry-secret';
let dataDir: string;
let core: Core;
let environmentId: number;

beforeEach(() => {
  dataDir = dirs.make('drover-registries-');
  core = createCore({ dataDir, shell: 'web' });
  environmentId = core.services.environments.list()[0]!.id;
});

afterEach(() => {
  core.close();
  dirs.cleanup();
});

const add = (address: string, extra: object = {}) =>
  core.call(
    'registry.add',
    { environmentId, address, username: 'drover', password: PASSWORD, ...extra },
    ctx,
  );

describe('registry logins', () => {
  it('stores the password sealed and never returns it', async () => {
    const added = await add('Registry.Example.com:5000');
    expect(added).toMatchObject({ address: 'registry.example.com:5000', username: 'drover' });
    expect(added.passwordSet).toBe(true);
    expect(JSON.stringify(added)).not.toContain(PASSWORD);
    expect(JSON.stringify(await core.call('registry.list', { environmentId }, ctx))).not.toContain(
      PASSWORD,
    );
    const db = new BetterSqlite3(path.join(dataDir, DATABASE_FILE), { readonly: true });
    const row = db.prepare('SELECT secret FROM registry_credentials').get() as { secret: string };
    db.close();
    expect(row.secret).toMatch(/^v1:keyfile:/);
    expect(fs.readFileSync(path.join(dataDir, DATABASE_FILE)).includes(PASSWORD)).toBe(false);
    // Deploys get the login back, unsealed, for images of that registry only.
    const registries = core.services.registries;
    expect(registries.authFor(environmentId, 'registry.example.com:5000/team/app:1').auth).toEqual({
      username: 'drover',
      password: PASSWORD,
      serveraddress: 'registry.example.com:5000',
    });
    expect(registries.authFor(environmentId, 'nginx:latest')).toEqual({ registry: 'docker.io' });
  });

  it('keeps the password out of the audit log', async () => {
    await add('10.77.0.2:5001');
    const [entry] = await core.call('audit.list', { limit: 1 }, ctx);
    expect(entry).toMatchObject({ action: 'registry.add', target: 'drover@10.77.0.2:5001' });
    expect(JSON.stringify(entry)).not.toContain(PASSWORD);
  });

  it('refuses a second login for the same registry, and changes or removes one', async () => {
    const added = await add('docker.io');
    await expect(add('index.docker.io')).rejects.toMatchObject({ code: 'CONFLICT' });
    const updated = await core.call('registry.update', { id: added.id, username: 'ci-bot' }, ctx);
    expect(updated.username).toBe('ci-bot');
    // An update without a password keeps the stored one.
    expect(core.services.registries.authFor(environmentId, 'acme/app').auth?.password).toBe(
      PASSWORD,
    );
    await core.call('registry.remove', { id: added.id }, ctx);
    expect(await core.call('registry.list', { environmentId }, ctx)).toEqual([]);
  });

  it.each([
    ['https://registry.example.com', /Leave out the scheme/],
    ['registry.example.com/team', /without a path/],
    ['registry example.com', /host\[:port\]/],
    ['registry.example.com:99999', /host\[:port\]/],
    ['', /required/],
  ])('refuses the address %j with a clear message', async (address, message) => {
    await expect(add(address)).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT',
      message: expect.stringMatching(message),
    });
  });

  it('tests a login only through a connected manager', async () => {
    const added = await add('10.77.0.2:5001');
    await expect(core.call('registry.test', { id: added.id }, ctx)).rejects.toMatchObject({
      code: 'UNAVAILABLE',
      message: expect.stringMatching(/No manager/),
    });
  });
});

describe('drover registry', () => {
  it('adds from standard input, lists without the password, removes', async () => {
    core.close();
    const withPassword = cliFor(dataDir, `${PASSWORD}\n`);
    const added = await withPassword(
      'registry',
      'add',
      '--no-verify',
      'ghcr.io',
      '--user',
      'bot',
      '--password-stdin',
    );
    expect(added.code, added.err).toBe(0);
    const listed = await cliFor(dataDir)('registry', 'ls');
    expect(listed.out).toMatch(/ghcr\.io\s+bot\s+set/);
    expect(listed.out).not.toContain(PASSWORD);
    expect((await cliFor(dataDir)('registry', 'rm', 'ghcr.io')).code).toBe(0);
    core = createCore({ dataDir, shell: 'web' });
  });

  it('never takes the password as an argument', async () => {
    core.close();
    const drover = cliFor(dataDir);
    const asOption = await drover('registry', 'add', 'ghcr.io', '--user', 'bot', '--password', 'x');
    expect(asOption.code).toBe(2);
    const asArgument = await drover('registry', 'add', 'ghcr.io', 'secret', '--user', 'bot');
    expect(asArgument.code).toBe(2);
    expect(asArgument.err).toMatch(/standard input/);
    const noStdin = await drover('registry', 'add', '--no-verify', 'ghcr.io', '--user', 'bot');
    expect(noStdin.err).toMatch(/--password-stdin/);
    core = createCore({ dataDir, shell: 'web' });
    expect(await core.call('registry.list', { environmentId }, ctx)).toEqual([]);
  });
});
