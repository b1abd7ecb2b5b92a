// drover env ls|create|rename|rm: environments from the command line, through the same core.
import { localContext } from '../../rpc/context.js';
import { UsageError, type Command, type CoreFactory } from '../command.js';
import { printList } from '../output.js';
import { parseArgs } from 'node:util';

export function envCommand(openCore: CoreFactory): Command {
  return {
    name: 'env',
    summary: 'list, create, rename and remove environments',
    usage: [
      'drover env ls [--json]',
      'drover env create NAME [--description TEXT]',
      'drover env rename NAME NEW_NAME',
      'drover env rm NAME',
    ].join('\n'),
    async run(args, globals, io) {
      const [sub, ...rest] = args;
      const { values, positionals } = parseArgs({
        args: rest,
        options: { description: { type: 'string' } },
        allowPositionals: true,
      });
      const core = openCore(globals);
      const ctx = localContext('cli');
      const find = async (name: string | undefined) => {
        if (!name) throw new UsageError('Name the environment');
        const all = await core.call('env.list', {}, ctx);
        const found = all.find((e) => e.name.toLowerCase() === name.toLowerCase());
        if (!found) throw new UsageError(`No environment named "${name}"`);
        return found;
      };
      try {
        switch (sub) {
          case 'ls':
          case 'list': {
            const rows = await core.call('env.list', {}, ctx);
            printList(
              rows,
              [
                ['NAME', (e) => e.name],
                ['HOSTS', (e) => e.hostCount],
                ['DESCRIPTION', (e) => e.description],
                ['CREATED', (e) => e.createdAt],
              ],
              globals,
              io,
            );
            return 0;
          }
          case 'create': {
            const created = await core.call(
              'env.create',
              { name: positionals[0] ?? '', description: values.description ?? '' },
              ctx,
            );
            io.out(
              globals.json ? JSON.stringify(created) : `Created environment "${created.name}"`,
            );
            return 0;
          }
          case 'rename': {
            const env = await find(positionals[0]);
            const updated = await core.call(
              'env.update',
              { id: env.id, name: positionals[1] ?? '' },
              ctx,
            );
            io.out(`Renamed "${env.name}" to "${updated.name}"`);
            return 0;
          }
          case 'rm':
          case 'remove': {
            const env = await find(positionals[0]);
            await core.call('env.remove', { id: env.id }, ctx);
            io.out(`Removed environment "${env.name}"`);
            return 0;
          }
          default:
            throw new UsageError(`Unknown env command "${sub ?? ''}"`);
        }
      } finally {
        core.close();
      }
    },
  };
}
