// drover host add|ls|rm|label|promote|demote: hosts from the command line, through the same core.
import { parseArgs } from 'node:util';
import type { Host } from '../../../shared/types.js';
import {
  UsageError,
  type CliIo,
  type Command,
  type CoreFactory,
  type GlobalOptions,
} from '../command.js';
import { printList } from '../output.js';
import { withCore, type CommandScope } from '../run.js';
import { passwordFromStdin, runOperation, startConnections } from '../session.js';

const GiB = 1024 ** 3;

export function hostCommand(openCore: CoreFactory): Command {
  return {
    name: 'host',
    summary: 'add, list, label, promote and remove hosts',
    usage: [
      'drover host add [--env ENV] [--name NAME] [--port 22] [--key FILE] [--password-stdin]',
      '                [--trust-on-first-use | --host-key SHA256:...] [--jump USER@HOST[:PORT]] [USER@]ADDRESS',
      'drover host ls [--env ENV] [--json]',
      'drover host rm [--env ENV] NAME',
      'drover host label [--env ENV] NAME KEY=VALUE... [KEY-...]',
      'drover host promote|demote [--env ENV] NAME',
    ].join('\n'),
    async run(args, globals, io) {
      const [sub, ...rest] = args;
      return withCore(openCore, globals, async (scope) => {
        const { core, ctx } = scope;
        switch (sub) {
          case 'add':
            return await add(scope, rest, globals, io);
          case 'ls':
          case 'list':
            return await list(scope, rest, globals, io);
          case 'rm':
          case 'remove':
            return await withHost(scope, rest, async (host) => {
              await runOperation(core, io, (operationId) =>
                core.call('host.remove', { id: host.id, operationId }, ctx),
              );
              io.out(`Removed ${host.name}`);
            });
          case 'label':
            return await withHost(scope, rest, async (host, extra) => {
              const set: Record<string, string> = {};
              const remove: string[] = [];
              for (const item of extra) {
                const at = item.indexOf('=');
                if (at > 0) set[item.slice(0, at)] = item.slice(at + 1);
                else if (item.endsWith('-')) remove.push(item.slice(0, -1));
                else
                  throw new UsageError(`Labels are KEY=VALUE (or KEY- to remove), not "${item}"`);
              }
              const updated = await core.call('host.label', { id: host.id, set, remove }, ctx);
              io.out(
                Object.entries(updated.labels)
                  .map(([k, v]) => `${k}=${v}`)
                  .join('\n') || '(no labels)',
              );
            });
          case 'promote':
          case 'demote':
            return await withHost(scope, rest, async (host) => {
              const role = sub === 'promote' ? 'manager' : 'worker';
              await core.call('host.setRole', { id: host.id, role }, ctx);
              io.out(`${host.name} is now a ${role}`);
            });
          default:
            throw new UsageError(`Unknown host command "${sub ?? ''}"`);
        }
      });
    },
  };
}

async function add(
  { core, ctx, environment: find, connect }: CommandScope,
  args: string[],
  globals: GlobalOptions,
  io: CliIo,
): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      env: { type: 'string' },
      name: { type: 'string' },
      port: { type: 'string' },
      key: { type: 'string' },
      'password-stdin': { type: 'boolean', default: false },
      'trust-on-first-use': { type: 'boolean', default: false },
      'host-key': { type: 'string' },
      jump: { type: 'string' },
    },
  });
  const destination = positionals[0];
  if (!destination || positionals.length > 1) throw new UsageError('Give one [USER@]ADDRESS');
  if (values['trust-on-first-use'] && values['host-key']) {
    throw new UsageError('Use either --trust-on-first-use or --host-key, not both');
  }
  const { user, address } = splitDestination(destination);
  const environment = await find(values.env);
  const auth = values['password-stdin']
    ? { kind: 'password' as const, password: await passwordFromStdin(io) }
    : values.key
      ? { kind: 'key' as const, keyPath: values.key }
      : { kind: 'agent' as const };
  const jump = values.jump ? parseJump(values.jump) : undefined;
  await connect(environment);
  const result = await runOperation(core, io, (operationId) =>
    core.call(
      'host.add',
      {
        environmentId: environment.id,
        name: values.name,
        address,
        user,
        port: values.port !== undefined ? Number(values.port) : undefined,
        auth,
        hostKey: values['host-key'],
        trustOnFirstUse: values['trust-on-first-use'],
        jump,
        operationId,
      },
      ctx,
    ),
  );
  io.out(
    globals.json
      ? JSON.stringify(result.host)
      : `Added ${result.host.name} (${result.host.role}) to ${environment.name}`,
  );
  return 0;
}

async function list(
  { core, ctx, environment: find }: CommandScope,
  args: string[],
  globals: GlobalOptions,
  io: CliIo,
): Promise<number> {
  const { values } = parseArgs({ args, options: { env: { type: 'string' } } });
  const environment = values.env ? await find(values.env) : undefined;
  // Without --env: every environment's hosts.
  await startConnections(core, environment?.id);
  const hosts = await core.call('host.list', { environmentId: environment?.id }, ctx);
  printList(
    hosts,
    [
      ['NAME', (h) => h.name],
      ['ADDRESS', (h) => `${h.address}${h.port === 22 ? '' : `:${h.port}`}`],
      ['STATE', (h) => h.state],
      ['ROLE', (h) => h.role],
      ['DOCKER', (h) => h.dockerVersion],
      ['CPUS', (h) => h.cpus],
      ['MEMORY', (h) => (h.memoryBytes ? `${(h.memoryBytes / GiB).toFixed(1)} GiB` : null)],
    ],
    globals,
    io,
  );
  return 0;
}

async function withHost(
  { core, ctx, environment: find, connect }: CommandScope,
  args: string[],
  action: (host: Host, extra: string[]) => Promise<void>,
): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { env: { type: 'string' } },
  });
  const [name, ...extra] = positionals;
  if (!name) throw new UsageError('Name the host');
  const environment = await find(values.env);
  const host = (await core.call('host.list', { environmentId: environment.id }, ctx)).find(
    (h) => h.name === name,
  );
  if (!host) throw new UsageError(`No host named "${name}" in ${environment.name}`);
  await connect(environment);
  await action(host, extra);
  return 0;
}

function splitDestination(destination: string): { user?: string; address: string } {
  const at = destination.lastIndexOf('@');
  return at > 0
    ? { user: destination.slice(0, at), address: destination.slice(at + 1) }
    : { address: destination };
}

function parseJump(text: string): { user: string; address: string; port: number } {
  const match = /^([^@]+)@([^:]+)(?::(\d+))?$/.exec(text);
  if (!match) throw new UsageError('--jump takes USER@HOST[:PORT]');
  return {
    user: match[1] as string,
    address: match[2] as string,
    port: match[3] ? Number(match[3]) : 22,
  };
}
