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
      'drover env binds ls ENV [--json]',
      'drover env binds add|rm ENV PATH',
    ].join('\n'),
    async run(args, globals, io) {
      if (args[0] === 'member') return memberCommand(openCore, args.slice(1), globals, io);
      if (args[0] === 'binds') return bindsCommand(openCore, args.slice(1), globals, io);
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
  return withCore(openCore, globals, async ({ core, ctx, environment }) => {
    const env = await environment(envName);
    switch (sub) {
      case 'add': {
        if (!userName || !role) throw new UsageError('drover env member add ENV USER ROLE');
        if (!isRole(role)) throw new UsageError('ROLE is owner, member, restricted or read-only');
        const stacks = values.stacks ?? null;
        await core.call('member.set', { environmentId: env.id, user: userName, role, stacks }, ctx);
        const limit = stacks ? ` on stacks ${stacks}` : '';
        io.out(`${userName} is ${role} of ${env.name}${limit}`);
        return 0;
      }
      case 'ls':
      case 'list':
        printList(
          await core.call('member.list', { environmentId: env.id }, ctx),
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
        const members = await core.call('member.list', { environmentId: env.id }, ctx);
        if (!members.some((m) => m.user === userName)) {
          throw new UsageError(`${userName} is not a member of ${env.name}`);
        }
        await core.call('member.remove', { environmentId: env.id, user: userName }, ctx);
        io.out(`${userName} is no longer a member of ${env.name}`);
        return 0;
      }
      default:
        throw new UsageError(`Unknown env member command "${sub ?? ''}"`);
    }
  });
}

/**
 * drover env binds ls|add|rm: the host folders a restricted member's bind mounts may come from
 * (the deploy guardrails' allow-list), through the contract like the settings page.
 */
function bindsCommand(
  openCore: CoreFactory,
  args: string[],
  globals: GlobalOptions,
  io: CliIo,
): Promise<number> {
  const [sub, envName, folder] = args;
  if (!envName) throw new UsageError('Name the environment');
  return withCore(openCore, globals, async ({ core, ctx, environment }) => {
    const env = await environment(envName);
    const current = await core.call('env.bindPaths', { environmentId: env.id }, ctx);
    const set = (paths: string[]) =>
      core.call('env.setBindPaths', { environmentId: env.id, paths }, ctx);
    switch (sub) {
      case 'ls':
      case 'list':
        if (globals.json) io.out(JSON.stringify(current));
        else if (!current.length)
          io.out(`No bind mounts are allowed to restricted members of ${env.name}`);
        else io.out(current.join('\n'));
        return 0;
      case 'add': {
        if (!folder) throw new UsageError('drover env binds add ENV PATH');
        await set([...current, folder]);
        io.out(`Restricted members of ${env.name} may bind-mount ${folder}`);
        return 0;
      }
      case 'rm':
      case 'remove': {
        if (!folder) throw new UsageError('drover env binds rm ENV PATH');
        if (!current.includes(folder)) throw new UsageError(`${folder} is not in the list`);
        await set(current.filter((p) => p !== folder));
        io.out(`Restricted members of ${env.name} may no longer bind-mount ${folder}`);
        return 0;
      }
      default:
        throw new UsageError(`Unknown env binds command "${sub ?? ''}"`);
    }
  });
}
