// drover registry add|ls|rm|test: private registry logins of an environment. The password is
// read from standard input only (--password-stdin, as docker login), never from the arguments.
import type { RegistryCredential } from '../../../shared/types.js';
import { UsageError, type Command, type CoreFactory } from '../command.js';
import { printList } from '../output.js';
import { parseSubcommand, withCore } from '../run.js';
import { passwordFromStdin } from '../session.js';
import { normalizeRegistry } from '../../registries/reference.js';

export function registryCommand(openCore: CoreFactory): Command {
  return {
    name: 'registry',
    summary: 'add, list, test and remove private registry logins',
    usage: [
      'drover registry add [--env ENV] [--no-verify] ADDRESS --user USER --password-stdin',
      'drover registry ls [--env ENV] [--json]',
      'drover registry test [--env ENV] ADDRESS',
      'drover registry rm [--env ENV] ADDRESS',
      '',
      'ADDRESS is host[:port] as images name it (docker.io for Docker Hub). add logs in from a',
      'manager of the environment first (--no-verify stores without trying); the password or',
      'token comes from standard input: echo "$TOKEN" | drover registry add ... --password-stdin',
    ].join('\n'),
    async run(args, globals, io) {
      const { sub, values, positionals } = parseSubcommand(args, {
        env: { type: 'string' },
        user: { type: 'string', short: 'u' },
        'password-stdin': { type: 'boolean', default: false },
        'no-verify': { type: 'boolean', default: false },
      });
      if (positionals.length > 1 && sub !== 'ls' && sub !== 'list') {
        // A password typed as a second argument would end up in the shell's history.
        throw new UsageError(
          'Give one registry address; the password is read from standard input (--password-stdin)',
        );
      }
      return withCore(openCore, globals, async ({ core, ctx, environment, connect }) => {
        const env = await environment(values.env);
        const list = () => core.call('registry.list', { environmentId: env.id }, ctx);
        const find = async (address: string | undefined): Promise<RegistryCredential> => {
          if (!address) throw new UsageError('Name the registry (host[:port])');
          const all = await list();
          const found = all.find((r) => r.address === normalizeRegistry(address));
          if (!found) throw new UsageError(`No login for ${address} in environment "${env.name}"`);
          return found;
        };
        switch (sub) {
          case 'add': {
            if (!values.user) throw new UsageError('Give the user name with --user');
            if (!values['password-stdin']) {
              throw new UsageError(
                'Pipe the password or token in and pass --password-stdin (it is never an argument)',
              );
            }
            const verify = !values['no-verify'];
            if (verify) await connect(env);
            const added = await core.call(
              'registry.add',
              {
                environmentId: env.id,
                address: positionals[0] ?? '',
                username: values.user,
                password: await passwordFromStdin(io),
                verify,
              },
              ctx,
            );
            io.out(
              `${verify ? 'Login succeeded; stored' : 'Stored'} the login of "${added.username}" for ${added.address} in environment "${env.name}"`,
            );
            return 0;
          }
          case 'ls':
          case 'list':
            printList(
              await list(),
              [
                ['REGISTRY', (r) => r.address],
                ['USER', (r) => r.username],
                ['PASSWORD', () => 'set'],
                ['UPDATED', (r) => r.updatedAt],
              ],
              globals,
              io,
            );
            return 0;
          case 'test': {
            const stored = await find(positionals[0]);
            await connect(env);
            const result = await core.call('registry.test', { id: stored.id }, ctx);
            io.out(`${result.address}: ${result.status}`);
            return 0;
          }
          case 'rm':
          case 'remove': {
            const stored = await find(positionals[0]);
            await core.call('registry.remove', { id: stored.id }, ctx);
            io.out(`Removed the login for ${stored.address}`);
            return 0;
          }
          default:
            throw new UsageError(`Unknown registry command "${sub ?? ''}"`);
        }
      });
    },
  };
}
