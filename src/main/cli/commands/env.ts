// drover env ls|create|rename|rm: environments from the command line, through the same core.
import { isRole } from '../../access/principal.js';
import {
  UsageError,
  type CliIo,
  type Command,
  type CoreFactory,
  type GlobalOptions,
} from '../command.js';
import { parseSubcommand, withCore } from '../run.js';
import { printList } from '../output.js';

export function envCommand(openCore: CoreFactory): Command {
  return {
    name: 'env',
    summary: 'list, create, rename and remove environments',
    usage: [
      'drover env ls [--json]',
      'drover env create NAME [--description TEXT]',
      'drover env rename NAME NEW_NAME',
      'drover env rm NAME',
      'drover env member add ENV USER ROLE [--stacks PATTERN]',
      'drover env member ls ENV [--json]',
      'drover env member rm ENV USER',
    ].join('\n'),
    async run(args, globals, io) {
      if (args[0] === 'member') return memberCommand(openCore, args.slice(1), globals, io);
      const { sub, values, positionals } = parseSubcommand(args, {
        description: { type: 'string' },
      });
      return withCore(openCore, globals, async ({ core, ctx, environment }) => {
        const find = (name: string | undefined) => {
          if (!name) throw new UsageError('Name the environment');
          return environment(name);
        };
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
      });
    },
  };
}

/** drover env member add|ls|rm: who may do what in an environment. */
function memberCommand(
  openCore: CoreFactory,
  args: string[],
  globals: GlobalOptions,
  io: CliIo,
): Promise<number> {
  const { sub, values, positionals } = parseSubcommand(args, { stacks: { type: 'string' } });
  const [envName, userName, role] = positionals;
  if (!envName) throw new UsageError('Name the environment');
  return withCore(openCore, globals, async ({ core, environment, audit }) => {
    const env = await environment(envName);
    const users = core.services.users;
    switch (sub) {
      case 'add': {
        if (!userName || !role) throw new UsageError('drover env member add ENV USER ROLE');
        if (!isRole(role)) throw new UsageError('ROLE is owner, member, restricted or read-only');
        const user = users.find(userName);
        users.setMembership(user.id, env.id, role, values.stacks ?? null);
        audit('env.member.add', `${user.name}@${env.name}`, {
          role,
          stacks: values.stacks ?? null,
        });
        const limit = values.stacks ? ` on stacks ${values.stacks}` : '';
        io.out(`${user.name} is ${role} of ${env.name}${limit}`);
        return 0;
      }
      case 'ls':
      case 'list':
        printList(
          users.members(env.id),
          [
            ['USER', (m) => m.user],
            ['ROLE', (m) => m.role],
            ['STACKS', (m) => m.stacks ?? 'all'],
          ],
          globals,
          io,
        );
        return 0;
      case 'rm':
      case 'remove': {
        if (!userName) throw new UsageError('drover env member rm ENV USER');
        const user = users.find(userName);
        if (!users.removeMembership(user.id, env.id)) {
          throw new UsageError(`${user.name} is not a member of ${env.name}`);
        }
        audit('env.member.remove', `${user.name}@${env.name}`);
        io.out(`${user.name} is no longer a member of ${env.name}`);
        return 0;
      }
      default:
        throw new UsageError(`Unknown env member command "${sub ?? ''}"`);
    }
  });
}
