import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { AuditEntry, Environment } from '../../shared/types.js';
import { appVersion } from '../core/version.js';
import { DATABASE_FILE } from '../store/database.js';
import { TempDirs } from '../test-support.js';
import type { CliIo } from './command.js';
import { main } from './main.js';

const dirs = new TempDirs();
let dataDir: string;

beforeEach(() => {
  dataDir = dirs.make();
  // Nothing a test does may reach the user's real data folder.
  const home = dirs.make('drover-home-');
  vi.stubEnv('DROVER_DATA_DIR', undefined);
  vi.stubEnv('XDG_DATA_HOME', path.join(home, 'xdg'));
  vi.stubEnv('HOME', home);
});

afterEach(() => {
  vi.unstubAllEnvs();
  dirs.cleanup();
});

interface Run {
  code: number;
  out: string;
  err: string;
}

async function drover(...argv: string[]): Promise<Run> {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = { out: (text) => out.push(text), err: (text) => err.push(text) };
  const code = await main(argv, io);
  return { code, out: out.join('\n'), err: err.join('\n') };
}

/** `drover` against the test's data folder. */
const run = (...argv: string[]) => drover('--data-dir', dataDir, ...argv);

async function listed(dir = dataDir): Promise<Environment[]> {
  const result = await drover('--data-dir', dir, 'env', 'ls', '--json');
  expect(result.code).toBe(0);
  return JSON.parse(result.out) as Environment[];
}

function auditRows(dir = dataDir): AuditEntry[] {
  const db = new BetterSqlite3(path.join(dir, DATABASE_FILE), { readonly: true });
  try {
    return db.prepare('SELECT * FROM audit_log ORDER BY id').all() as AuditEntry[];
  } finally {
    db.close();
  }
}

describe('drover env', () => {
  it('ls --json lists the Default environment of a new data folder', async () => {
    const result = await run('env', 'ls', '--json');

    expect(result).toMatchObject({ code: 0, err: '' });
    const environments = JSON.parse(result.out) as Environment[];
    expect(environments).toHaveLength(1);
    expect(environments[0]).toMatchObject({ name: 'Default', hostCount: 0 });
  });

  it('create adds an environment that ls then shows in aligned columns', async () => {
    const created = await run('env', 'create', 'Staging area', '--description', 'pre-prod');
    expect(created).toMatchObject({ code: 0, out: 'Created environment "Staging area"', err: '' });

    const result = await run('env', 'ls');

    expect(result.code).toBe(0);
    const [header, ...rows] = result.out.split('\n');
    expect(header).toMatch(/^NAME +HOSTS +DESCRIPTION +CREATED$/);
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatch(/^Default +0 +Created on first start +\d{4}-\d\d-\d\dT/);
    expect(rows[1]).toMatch(/^Staging area +0 +pre-prod +\d{4}-\d\d-\d\dT/);
    // Every column starts at the same place on every line.
    for (const column of ['HOSTS', 'DESCRIPTION', 'CREATED']) {
      const at = header?.indexOf(column) ?? -1;
      for (const row of rows) {
        expect(row[at - 1]).toBe(' ');
        expect(row[at]).not.toBe(' ');
      }
    }
  });

  it('create --json prints the created environment', async () => {
    const result = await run('--json', 'env', 'create', 'Ops');
    expect(result.code).toBe(0);
    expect(JSON.parse(result.out)).toMatchObject({ name: 'Ops', description: '', hostCount: 0 });
  });

  it.each([['bad;name'], ['$(reboot)'], ['`id`'], ['']])(
    'create %j fails with exit 1, says why, and creates nothing',
    async (name) => {
      const result = await run('env', 'create', name);

      expect(result.code).toBe(1);
      expect(result.out).toBe('');
      expect(result.err).toMatch(/^drover: name: /);
      expect((await listed()).map((e) => e.name)).toEqual(['Default']);
    },
  );

  it('create refuses a duplicate name (any case) with exit 1', async () => {
    expect((await run('env', 'create', 'Staging')).code).toBe(0);
    const result = await run('env', 'create', 'STAGING');
    expect(result.code).toBe(1);
    expect(result.err).toContain('already exists');
    expect((await listed()).map((e) => e.name)).toEqual(['Default', 'Staging']);
  });

  it('rename and rm work by name, case-insensitively', async () => {
    await run('env', 'create', 'Staging');

    expect(await run('env', 'rename', 'staging', 'Preprod')).toMatchObject({
      code: 0,
      out: 'Renamed "Staging" to "Preprod"',
    });
    expect(await run('env', 'rm', 'PREPROD')).toMatchObject({
      code: 0,
      out: 'Removed environment "Preprod"',
    });
    expect((await listed()).map((e) => e.name)).toEqual(['Default']);
  });

  it('rm of an unknown environment is a usage error (exit 2)', async () => {
    const result = await run('env', 'rm', 'Nope');
    expect(result.code).toBe(2);
    expect(result.err).toBe('drover: No environment named "Nope"');
  });

  it('an unknown env subcommand is a usage error', async () => {
    const result = await run('env', 'explode');
    expect(result.code).toBe(2);
    expect(result.err).toContain('Unknown env command "explode"');
  });

  it('an unknown option fails without creating anything', async () => {
    const result = await run('env', 'create', 'Ops', '--colour', 'blue');
    expect(result.code).toBe(2);
    expect(result.err).toContain('--colour');
    expect((await listed()).map((e) => e.name)).toEqual(['Default']);
  });

  it('records its changes in the audit log as shell "cli", by the local user', async () => {
    await run('env', 'create', 'Staging');
    await run('env', 'create', 'bad;name');
    await run('env', 'rm', 'Staging');

    const rows = auditRows();
    expect(rows.map((r) => [r.action, r.target, r.result])).toEqual([
      ['env.create', 'Staging', 'ok'],
      ['env.create', '', 'error'],
      ['env.remove', 'Staging', 'ok'],
    ]);
    for (const row of rows) {
      expect(row.shell).toBe('cli');
      expect(row.actor).toBe(os.userInfo().username);
    }
  });

  it('reports a corrupt database with exit 1, naming the file, and leaves it alone', async () => {
    const file = path.join(dataDir, DATABASE_FILE);
    const garbage = crypto.randomBytes(8192);
    fs.writeFileSync(file, garbage);

    const result = await run('env', 'ls');

    expect(result.code).toBe(1);
    expect(result.err).toContain(file);
    expect(fs.readFileSync(file).equals(garbage)).toBe(true);
  });
});

describe('drover: commands, help and global options', () => {
  it('an unknown command exits 2 and prints the usage', async () => {
    const result = await run('frobnicate');
    expect(result.code).toBe(2);
    expect(result.out).toBe('');
    expect(result.err).toContain('Unknown command "frobnicate"');
    expect(result.err).toContain('Usage: drover');
  });

  it.each([[['--help']], [['-h']], [['help']]])('%j lists every command', async (argv) => {
    const result = await drover(...argv);
    expect(result.code).toBe(0);
    expect(result.out).toContain('Usage: drover');
    for (const command of ['desktop', 'web', 'env']) {
      expect(result.out).toMatch(new RegExp(`^ +${command} +\\S`, 'm'));
    }
    expect(result.out).toContain('--data-dir');
  });

  it('COMMAND --help shows that command usage and does nothing', async () => {
    const result = await run('env', 'create', 'Ops', '--help');
    expect(result.code).toBe(0);
    expect(result.out).toContain('drover env create NAME');
    expect(fs.existsSync(path.join(dataDir, DATABASE_FILE))).toBe(false);

    const desktop = await run('desktop', '--help');
    expect(desktop).toMatchObject({ code: 0, out: 'Usage:\n  drover [desktop]' });
  });

  it('a renamed verb keeps its old name: events is alerts, stats is metrics', async () => {
    const help = await drover('--help');
    expect(help.out).toMatch(/^ +alerts +.*\(also: events\)$/m);
    expect(help.out).toMatch(/^ +metrics +.*\(also: stats\)$/m);
    expect((await run('events', '--help')).out).toBe((await run('alerts', '--help')).out);
    expect((await run('stats', '--help')).out).toContain('drover metrics [--env ENV]');
    // The old name runs the command, not just its help.
    const alerts = await run('alerts', '--json');
    expect(alerts).toMatchObject({ code: 0, out: '[]' });
    expect(await run('events', '--json')).toEqual(alerts);
  });

  it('--version prints the package version', async () => {
    const result = await drover('--version');
    expect(result).toMatchObject({ code: 0, out: appVersion });
    expect(appVersion).toMatch(/^\d+\.\d+\.\d+/);
  });

  it('accepts --data-dir=DIR and global options after the verb', async () => {
    await drover('env', 'create', 'Ops', `--data-dir=${dataDir}`);
    expect((await listed()).map((e) => e.name)).toEqual(['Default', 'Ops']);
  });

  it.each([[['--data-dir']], [['--data-dir', '']], [['--data-dir=']]])(
    '%j without a folder is a usage error, not a fall-back to the default folder',
    async (flag) => {
      const result = await drover('env', 'ls', ...flag);
      expect(result.code).toBe(2);
      expect(result.err).toContain('--data-dir needs a folder');
      expect(fs.existsSync(path.join(process.env.XDG_DATA_HOME ?? '', 'drover'))).toBe(false);
    },
  );

  it('uses DROVER_DATA_DIR when --data-dir is absent, and --data-dir wins over it', async () => {
    const fromEnv = dirs.make();
    vi.stubEnv('DROVER_DATA_DIR', fromEnv);

    expect((await drover('env', 'create', 'FromEnv')).code).toBe(0);
    expect((await run('env', 'create', 'FromFlag')).code).toBe(0);

    expect((await listed(fromEnv)).map((e) => e.name)).toEqual(['Default', 'FromEnv']);
    expect((await listed(dataDir)).map((e) => e.name)).toEqual(['Default', 'FromFlag']);
  });

  it('falls back to $XDG_DATA_HOME/drover', async () => {
    expect((await drover('env', 'create', 'Xdg')).code).toBe(0);
    const xdg = path.join(process.env.XDG_DATA_HOME ?? '', 'drover');
    expect((await listed(xdg)).map((e) => e.name)).toEqual(['Default', 'Xdg']);
  });
});
