import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { main } from '../cli/main.js';
import { createCore, type Core } from '../core/core.js';
import { KEY_FILE, KeyFileSecretBox } from '../secrets/secret-box.js';
import { DATABASE_FILE } from '../store/database.js';
import { sha256File, TempDirs, testContext } from '../test-support.js';
import { listBackups } from '../store/backup-files.js';
import { BackupService } from './service.js';

const dirs = new TempDirs();
const cores: Core[] = [];

afterEach(() => {
  for (const core of cores.splice(0)) core.close();
  dirs.cleanup();
});

const PASSPHRASE = 'correct horse battery staple';
/** Each passphrase costs a deliberately slow key derivation (scrypt). */
const SLOW_KDF_MS = 40_000;

async function cli(stdin: string, ...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, {
    out: (t) => out.push(t),
    err: (t) => err.push(t),
    stdin: async () => stdin,
  });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

function core(dataDir: string, holdDataDir = false): Core {
  const made = createCore({ dataDir, shell: 'cli', holdDataDir });
  cores.push(made);
  return made;
}

function closeAll(): void {
  for (const c of cores.splice(0)) c.close();
}

/** A data dir with one host whose password is sealed with the dir's key file. */
function dataDirWithHost(password: string): string {
  const dataDir = dirs.make();
  const c = core(dataDir);
  const box = new KeyFileSecretBox(dataDir);
  c.services.hosts.insert({
    environmentId: c.services.environments.list()[0]!.id,
    name: 'web-1',
    address: '127.0.0.1',
    port: 2222,
    user: 'ops',
    auth: { kind: 'password' },
    secret: box.seal(password),
    hostKey: 'SHA256:x',
    jump: null,
  });
  closeAll();
  return dataDir;
}

/** What a data dir holds, to show nothing was replaced. */
function fingerprint(dataDir: string): Record<string, string> {
  const found: Record<string, string> = {};
  for (const name of fs.readdirSync(dataDir)) {
    const full = path.join(dataDir, name);
    if (fs.statSync(full).isFile()) found[name] = sha256File(full);
  }
  return found;
}

describe('drover backup and drover restore', () => {
  it(
    'restores a passphrase backup on another workstation: the sealed host password still opens',
    async () => {
      const password = `pw-${crypto.randomUUID()}`;
      const dataDir = dataDirWithHost(password);
      const file = path.join(dirs.make(), 'drover.backup');

      const backedUp = await cli(
        PASSPHRASE,
        '--data-dir',
        dataDir,
        'backup',
        '--to',
        file,
        '--passphrase-stdin',
      );
      expect(backedUp).toMatchObject({ code: 0, out: `Backed up to ${file}` });
      expect(fs.statSync(file).mode & 0o777).toBe(0o600);
      fs.rmSync(dataDir, { recursive: true });

      const fresh = path.join(dirs.make(), 'new-workstation');
      const restored = await cli(
        PASSPHRASE,
        '--data-dir',
        fresh,
        'restore',
        file,
        '--passphrase-stdin',
      );

      expect(restored.code).toBe(0);
      expect(restored.out).toContain('The secrets key from the backup is in place.');
      expect(fs.statSync(fresh).mode & 0o777).toBe(0o700);
      expect(fs.statSync(path.join(fresh, KEY_FILE)).mode & 0o777).toBe(0o600);
      const c = core(fresh);
      const host = c.services.hosts.list()[0]!;
      expect(host.name).toBe('web-1');
      const { secret } = c.services.hosts.login(host.id);
      expect(new KeyFileSecretBox(fresh).open(secret!)).toBe(password);
      // The carried key is not left in the restored database.
      expect(
        c.services.db
          .prepare("SELECT name FROM sqlite_master WHERE name LIKE 'drover_backup%'")
          .all(),
      ).toEqual([]);
    },
    SLOW_KDF_MS,
  );

  it(
    'refuses a passphrase backup without the passphrase or with a wrong one, replacing nothing',
    async () => {
      const dataDir = dataDirWithHost('pw');
      const file = path.join(dirs.make(), 'drover.backup');
      await cli(PASSPHRASE, '--data-dir', dataDir, 'backup', '--to', file, '--passphrase-stdin');
      const target = dataDirWithHost('other');
      const before = fingerprint(target);

      const without = await cli('', '--data-dir', target, 'restore', file);
      const wrong = await cli(
        'not the passphrase',
        '--data-dir',
        target,
        'restore',
        file,
        '--passphrase-stdin',
      );

      expect(without.err).toMatch(
        /carries its secrets key behind a passphrase.*Nothing was changed/,
      );
      expect(wrong.err).toMatch(/passphrase does not open the secrets key/);
      expect(fingerprint(target)).toEqual(before);
    },
    SLOW_KDF_MS,
  );

  it('refuses to restore while a console holds the data directory', async () => {
    const dataDir = dataDirWithHost('pw');
    const file = path.join(dirs.make(), 'drover.backup');
    await cli('', '--data-dir', dataDir, 'backup', '--to', file);
    core(dataDir, true);
    const before = fingerprint(dataDir);

    const result = await cli('', '--data-dir', dataDir, 'restore', file);

    expect(result.code).toBe(1);
    expect(result.err).toMatch(
      new RegExp(
        `A Drover console is running on ${dataDir} \\(cli mode, pid ${process.pid}, since .*\\): stop it`,
      ),
    );
    expect(fingerprint(dataDir)).toEqual(before);
  });

  it('refuses a corrupt backup after checking it, with nothing replaced and no copy left behind', async () => {
    const dataDir = dataDirWithHost('pw');
    const c = core(dataDir);
    const insert = c.services.db.prepare(
      "INSERT INTO audit_log (actor, shell, action, result) VALUES ('alice', 'cli', ?, 'ok')",
    );
    for (let i = 0; i < 2000; i++) insert.run(`env.create ${'x'.repeat(100)} ${i}`);
    closeAll();
    const file = path.join(dirs.make(), 'drover.backup');
    await cli('', '--data-dir', dataDir, 'backup', '--to', file);
    const bytes = fs.readFileSync(file);
    const pageSize = 4096;
    crypto.randomBytes(pageSize).copy(bytes, Math.floor(bytes.length / pageSize / 2) * pageSize);
    fs.writeFileSync(file, bytes);
    const before = fingerprint(dataDir);

    const result = await cli('', '--data-dir', dataDir, 'restore', file);

    expect(result.code).toBe(1);
    expect(result.err).toMatch(/cannot be restored: .*Nothing was changed/);
    expect(fingerprint(dataDir)).toEqual(before);
    expect(fs.readdirSync(dataDir).filter((n) => n.startsWith('.restore'))).toEqual([]);
  });

  it('refuses a backup from a newer Drover', async () => {
    const source = path.join(dirs.make(), 'newer.db');
    const newer = new BetterSqlite3(source);
    newer.exec('CREATE TABLE environments (id INTEGER)');
    newer.pragma('user_version = 999');
    newer.close();
    const target = dirs.make();

    const result = await cli('', '--data-dir', target, 'restore', source);

    expect(result.err).toMatch(/schema version 999 is newer than this Drover supports/);
    expect(fs.existsSync(path.join(target, DATABASE_FILE))).toBe(false);
  });

  it('restores a plain backup where the key is, keeping a backup of the database it replaces', async () => {
    const dataDir = dataDirWithHost('first');
    const file = path.join(dirs.make(), 'drover.backup');
    await cli('', '--data-dir', dataDir, 'backup', '--to', file);
    await core(dataDir).call('env.create', { name: 'after the backup' }, testContext);
    closeAll();

    const result = await cli('', '--data-dir', dataDir, 'restore', file);

    expect(result.code).toBe(0);
    const c = core(dataDir);
    expect(c.services.environments.list().map((e) => e.name)).toEqual(['Default']);
    // The restore is on the record of the database it brought back.
    const [restore] = await c.call('audit.list', { limit: 1 }, testContext);
    expect(restore).toMatchObject({ action: 'backup.restore', target: file, result: 'ok' });
    const [previous] = c.services.backups.list();
    expect(previous?.reason).toBe('before-restore');
    const old = new BetterSqlite3(previous!.file, { readonly: true });
    expect(old.prepare('SELECT name FROM environments ORDER BY id').pluck().all()).toContain(
      'after the backup',
    );
    old.close();
  });
});

describe('what a killed backup or restore leaves behind', () => {
  it('is removed when a console takes the data dir; copies still being written are kept', () => {
    const dataDir = dirs.make();
    core(dataDir);
    closeAll();
    const backups = path.join(dataDir, 'backups');
    fs.mkdirSync(backups, { recursive: true });
    const stale = [
      path.join(backups, 'drover-2026-01-01T00-00-00-000Z-daily.db.partial'),
      path.join(dataDir, '.restore-0123456789ab.db'),
    ];
    const fresh = path.join(backups, 'drover-2026-01-02T00-00-00-000Z-manual.db.partial');
    const hourAgo = new Date(Date.now() - 3_600_000);
    for (const file of [...stale, fresh]) fs.writeFileSync(file, 'copy');
    for (const file of stale) fs.utimesSync(file, hourAgo, hourAgo);

    core(dataDir); // a one-shot CLI core: it sweeps nothing
    closeAll();
    for (const file of stale) expect(fs.existsSync(file)).toBe(true);
    core(dataDir, true);

    for (const file of stale) expect(fs.existsSync(file)).toBe(false);
    expect(fs.existsSync(fresh)).toBe(true);
  });
});

describe('automatic backups', () => {
  it('keeps the last 7, newest first, each a 0600 file in a 0700 folder', async () => {
    const dataDir = dirs.make();
    const c = core(dataDir);
    let t = Date.parse('2026-01-01T00:00:00.000Z');
    const backups = new BackupService({
      db: c.services.db,
      dataDir,
      now: () => new Date((t += 1000)),
    });

    for (let i = 0; i < 9; i++) await backups.create(i % 2 ? 'daily' : 'manual');

    const list = listBackups(dataDir);
    expect(list).toHaveLength(7);
    expect(list[0]!.createdAt).toBe('2026-01-01T00:00:09.000Z');
    expect(list[6]!.createdAt).toBe('2026-01-01T00:00:03.000Z');
    expect(fs.statSync(path.dirname(list[0]!.file)).mode & 0o777).toBe(0o700);
    for (const b of list) expect(fs.statSync(b.file).mode & 0o777).toBe(0o600);
    const copy = new BetterSqlite3(list[0]!.file, { readonly: true });
    expect(copy.pragma('integrity_check', { simple: true })).toBe('ok');
    copy.close();
  });

  it('backs up daily while a console runs: soon after start, then when the last is a day old', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'setInterval'] });
    try {
      const dataDir = dirs.make();
      const c = core(dataDir);
      let now = Date.parse('2026-01-01T00:00:00.000Z');
      const backups = new BackupService({ db: c.services.db, dataDir, now: () => new Date(now) });
      // The online backup steps on setImmediate (not faked): wait, in real time, for n backups.
      const settle = async (n: number, ms = 5000) => {
        const deadline = Date.now() + ms;
        while (backups.list().length < n && Date.now() < deadline)
          await new Promise((resolve) => setImmediate(resolve));
      };
      backups.startDaily();

      await vi.advanceTimersByTimeAsync(60_000);
      await settle(1);
      expect(backups.list().map((b) => b.reason)).toEqual(['daily']);

      now += 3 * 3600_000;
      await vi.advanceTimersByTimeAsync(3 * 3600_000);
      await settle(2, 300);
      expect(backups.list()).toHaveLength(1);

      now += 22 * 3600_000;
      await vi.advanceTimersByTimeAsync(3600_000);
      await settle(2);
      expect(backups.list().map((b) => b.createdAt)).toEqual([
        '2026-01-02T01:00:00.000Z',
        '2026-01-01T00:00:00.000Z',
      ]);
      backups.stop();
    } finally {
      vi.useRealTimers();
    }
  });

  it('backs up before a host or a stack is removed, and on request through the contract', async () => {
    const dataDir = dataDirWithHost('pw');
    const c = core(dataDir);
    const host = c.services.hosts.list()[0]!;

    await c.call('host.remove', { id: host.id }, testContext).catch(() => undefined);
    await c
      .call('stack.remove', { environmentId: host.environmentId, name: 'web' }, testContext)
      .catch(() => undefined);
    const manual = await c.call('backup.create', {}, testContext);

    expect(manual.reason).toBe('manual');
    expect((await c.call('backup.list', {}, testContext)).map((b) => b.reason)).toEqual(
      expect.arrayContaining(['before-host-remove', 'before-stack-remove', 'manual']),
    );
  });
});
