// drover user add|ls|rm|passwd: local accounts for team mode (the OS user running drover on
// this data dir is the local admin and needs none).
import { UsageError, type Command, type CoreFactory } from '../command.js';
import { printList } from '../output.js';
import { parseSubcommand, withCore } from '../run.js';
import { passwordFromStdin } from '../session.js';

export function userCommand(openCore: CoreFactory): Command {
  return {
    name: 'user',
    summary: 'add, list and remove users, set their passwords',
    usage: [
      'drover user add NAME [--admin] --password-stdin',
      'drover user ls [--json]',
      'drover user rm NAME',
      'drover user passwd NAME --password-stdin',
    ].join('\n'),
    async run(args, globals, io) {
      const { sub, values, positionals } = parseSubcommand(args, {
        admin: { type: 'boolean' },
        'password-stdin': { type: 'boolean' },
      });
      const name = positionals[0];
      const password = async () => {
        if (!values['password-stdin'])
          throw new UsageError('Pipe the password in with --password-stdin');
        return passwordFromStdin(io);
      };
      return withCore(openCore, globals, async ({ core, ctx }) => {
        switch (sub) {
          case 'add': {
            if (!name) throw new UsageError('Name the user');
            const user = await core.call(
              'user.add',
              { name, password: await password(), siteAdmin: values.admin ?? false },
              ctx,
            );
            io.out(`Added user "${user.name}"${user.siteAdmin ? ' (site admin)' : ''}`);
            return 0;
          }
          case 'ls':
          case 'list':
            printList(
              await core.call('user.list', {}, ctx),
              [
                ['NAME', (u) => u.name],
                ['SITE ADMIN', (u) => (u.siteAdmin ? 'yes' : 'no')],
                ['CREATED', (u) => u.createdAt],
              ],
              globals,
              io,
            );
            return 0;
          case 'rm':
          case 'remove': {
            if (!name) throw new UsageError('Name the user');
            await core.call('user.remove', { name }, ctx);
            io.out(`Removed user "${name}", their memberships and tokens`);
            return 0;
          }
          case 'passwd': {
            if (!name) throw new UsageError('Name the user');
            await core.call('user.setPassword', { name, password: await password() }, ctx);
            io.out(`Changed the password of "${name}"`);
            return 0;
          }
          default:
            throw new UsageError(`Unknown user command "${sub ?? ''}"`);
        }
      });
    },
  };
}
