// drover backup / drover restore: the console's database (and, behind a passphrase, its secrets
// key) to a file and back.
import fs from 'node:fs';
import path from 'node:path';
import { restoreBackup } from '../../backup/restore.js';
import { UsageError, type CliIo, type Command, type CoreFactory } from '../command.js';
import { ctx, passwordFromStdin } from '../session.js';
import { parseOptions, withCore } from '../run.js';

const PASSPHRASE_FLAG = '--passphrase-stdin';
const MIN_PASSPHRASE = 8;

async function passphrase(io: CliIo, given: boolean | undefined): Promise<string | undefined> {
  if (!given) return undefined;
  const text = await passwordFromStdin(io, PASSPHRASE_FLAG);
  if (text.length < MIN_PASSPHRASE) {
    throw new UsageError(
      `${PASSPHRASE_FLAG}: the passphrase needs at least ${MIN_PASSPHRASE} characters`,
    );
  }
  return text;
}

export function backupCommand(openCore: CoreFactory): Command {
  return {
    name: 'backup',
    summary: 'back up the database (into the data folder, or to a file)',
    usage: [
      'drover backup [--to FILE] [--passphrase-stdin]',
      '  without --to: into <data dir>/backups (the last 7 are kept)',
      '  --passphrase-stdin: the backup also carries the secrets key, sealed with the passphrase,',
      '  so it restores on another workstation with stored passwords and keys intact',
    ].join('\n'),
    async run(args, globals, io) {
      const { values } = parseOptions(
        args,
        { to: { type: 'string' }, 'passphrase-stdin': { type: 'boolean' } },
        false,
      );
      const secret = await passphrase(io, values['passphrase-stdin']);
      const target = values.to === undefined ? undefined : path.resolve(values.to);
      if (target && fs.existsSync(target)) {
        throw new UsageError(`${target} exists; choose a new file name`);
      }
      return withCore(openCore, globals, async ({ core, ctx }) => {
        if (target) {
          await core.services.backups.exportTo(target, secret);
          io.out(globals.json ? JSON.stringify({ file: target }) : `Backed up to ${target}`);
        } else {
          const entry = secret
            ? await core.services.backups.create('manual', secret)
            : await core.call('backup.create', {}, ctx);
          io.out(globals.json ? JSON.stringify(entry) : `Backed up to ${entry.file}`);
        }
        return 0;
      });
    },
  };
}

export function restoreCommand(openCore: CoreFactory): Command {
  return {
    name: 'restore',
    summary: 'replace the database with a backup (no console may run on the data folder)',
    usage: [
      'drover restore FILE [--passphrase-stdin]',
      '  the backup is checked before anything is replaced; the database it replaces is backed',
      '  up into <data dir>/backups first',
    ].join('\n'),
    async run(args, globals, io) {
      const { values, positionals } = parseOptions(args, {
        'passphrase-stdin': { type: 'boolean' },
      });
      if (positionals.length !== 1) throw new UsageError('Name the backup file to restore');
      const secret = await passphrase(io, values['passphrase-stdin']);
      const file = path.resolve(positionals[0] as string);
      const startedAt = new Date().toISOString();
      const result = await restoreBackup(globals.dataDir, file, secret);
      // The restored database records its own restore: who put it back, from which file.
      const core = openCore(globals);
      try {
        core.services.audit.append({
          actor: ctx.actor,
          shell: ctx.shell,
          action: 'backup.restore',
          target: file,
          details: result,
          result: 'ok',
          startedAt,
          endedAt: new Date().toISOString(),
        });
      } finally {
        core.close();
      }
      if (globals.json) io.out(JSON.stringify(result));
      else {
        io.out(
          `Restored ${positionals[0]} into ${globals.dataDir} (schema version ${result.schemaVersion})`,
        );
        if (result.restoredKey) io.out('The secrets key from the backup is in place.');
        if (result.previous) io.out(`The database it replaced was backed up to ${result.previous}`);
      }
      return 0;
    },
  };
}
