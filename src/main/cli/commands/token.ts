// drover token create|ls|revoke: API tokens for team mode, shown once, kept as digests.
import { isRole } from '../../access/principal.js';
import { UsageError, type Command, type CoreFactory } from '../command.js';
import { printList } from '../output.js';
import { parseSubcommand, withCore } from '../run.js';

export function tokenCommand(openCore: CoreFactory): Command {
  return {
    name: 'token',
    summary: 'create, list and revoke API tokens',
    usage: [
      'drover token create --user NAME [--env ENV]... [--role ROLE] [--expires 30d] [--name TEXT]',
      'drover token ls [--json]',
      'drover token revoke ID',
    ].join('\n'),
    async run(args, globals, io) {
      const { sub, values, positionals } = parseSubcommand(args, {
        user: { type: 'string' },
        env: { type: 'string', multiple: true },
        role: { type: 'string' },
        expires: { type: 'string' },
        name: { type: 'string' },
      });
      return withCore(openCore, globals, async ({ core, ctx, environment }) => {
        switch (sub) {
          case 'create': {
            if (!values.user) throw new UsageError('--user names whose token it is');
            if (values.role !== undefined && !isRole(values.role)) {
              throw new UsageError('--role is owner, member, restricted or read-only');
            }
            const environmentIds = [];
            for (const name of values.env ?? []) environmentIds.push((await environment(name)).id);
            const { token, info } = await core.call(
              'token.create',
              {
                user: values.user,
                name: values.name,
                environmentIds,
                role: values.role as never,
                expires: values.expires,
              },
              ctx,
            );
            io.err(`Token #${info.id} for ${info.user}: shown once, store it now.`);
            io.out(token);
            return 0;
          }
          case 'ls':
          case 'list':
            printList(
              await core.call('token.list', {}, ctx),
              [
                ['ID', (t) => t.id],
                ['USER', (t) => t.user],
                ['NAME', (t) => t.name],
                ['ENVIRONMENTS', (t) => t.environmentIds?.join(',') ?? 'all'],
                ['ROLE CEILING', (t) => t.roleCeiling],
                ['EXPIRES', (t) => t.expiresAt],
                ['LAST USED', (t) => t.lastUsedAt],
                ['REVOKED', (t) => t.revokedAt],
              ],
              globals,
              io,
            );
            return 0;
          case 'revoke': {
            const id = Number(positionals[0]);
            if (!Number.isInteger(id) || id < 1)
              throw new UsageError('Give the token id (drover token ls)');
            await core.call('token.revoke', { id }, ctx);
            io.out(`Revoked token #${id}`);
            return 0;
          }
          default:
            throw new UsageError(`Unknown token command "${sub ?? ''}"`);
        }
      });
    },
  };
}
