// drover service ls|scale: the Swarm services of an environment (of every stack, or one).
import { describeProblem } from '../../../shared/service-problem.js';
import { UsageError, type Command, type CoreFactory } from '../command.js';
import { printList } from '../output.js';
import { withCore, parseSubcommand } from '../run.js';
import { runOperation } from '../session.js';

export function serviceCommand(openCore: CoreFactory): Command {
  return {
    name: 'service',
    summary: 'list, scale, stop, start, restart, update and roll back services',
    usage: [
      'drover service ls [--env ENV] [--stack STACK] [--json]',
      'drover service scale [--env ENV] STACK/SERVICE=N...',
      'drover service stop|start|restart|rollback [--env ENV] STACK/SERVICE',
      'drover service update [--env ENV] --image IMAGE STACK/SERVICE',
    ].join('\n'),
    async run(args, globals, io) {
      const { sub, values, positionals } = parseSubcommand(args, {
        env: { type: 'string' },
        stack: { type: 'string' },
        image: { type: 'string' },
      });
      return withCore(openCore, globals, async ({ core, ctx, connected }) => {
        switch (sub) {
          case 'ls':
          case 'list': {
            const environmentId = (await connected(values.env)).id;
            const services = await core.call(
              'service.list',
              { environmentId, stack: values.stack },
              ctx,
            );
            printList(
              services,
              [
                ['NAME', (s) => s.name],
                ['MODE', (s) => s.mode],
                ['REPLICAS', (s) => `${s.runningTasks}/${s.desiredTasks}`],
                ['IMAGE', (s) => s.image],
                ['PORTS', (s) => s.ports.join(', ')],
                ['PROBLEM', (s) => (s.problem ? describeProblem(s.problem) : '')],
              ],
              globals,
              io,
            );
            return 0;
          }
          case 'scale': {
            if (positionals.length === 0) throw new UsageError('Give STACK/SERVICE=N');
            const wanted = positionals.map(parseScale);
            const environmentId = (await connected(values.env)).id;
            for (const { service, replicas } of wanted) {
              const info = await runOperation(core, io, (operationId) =>
                core.call('service.scale', { environmentId, service, replicas, operationId }, ctx),
              );
              io.out(`${info.name} scaled to ${replicas} (${info.runningTasks} running)`);
            }
            return 0;
          }
          case 'stop':
          case 'start':
          case 'restart':
          case 'rollback':
          case 'update': {
            if (positionals.length !== 1) throw new UsageError('Name one STACK/SERVICE');
            if (sub === 'update' && !values.image) throw new UsageError('Give --image IMAGE');
            const service = serviceRef(positionals[0] as string);
            const environmentId = (await connected(values.env)).id;
            const info = await runOperation(core, io, (operationId) =>
              core.call(
                `service.${sub}`,
                {
                  environmentId,
                  service,
                  operationId,
                  ...(sub === 'update' ? { image: values.image } : {}),
                },
                ctx,
              ),
            );
            io.out(
              `${info.name}: ${info.runningTasks}/${info.desiredTasks} running, ${info.image}`,
            );
            return 0;
          }
          default:
            throw new UsageError(`Unknown service command "${sub ?? ''}"`);
        }
      });
    },
  };
}

/** "web-server/nginx-cluster=3" → the Swarm service web-server_nginx-cluster, 3 replicas. */
export function parseScale(text: string): { service: string; replicas: number } {
  const match = /^([^=/]+)(?:\/([^=]+))?=(\d+)$/.exec(text);
  if (!match) throw new UsageError(`Scale as STACK/SERVICE=N, not "${text}"`);
  const service = match[2] ? `${match[1]}_${match[2]}` : (match[1] as string);
  return { service, replicas: Number(match[3]) };
}

/** "web-server/nginx-cluster" → web-server_nginx-cluster; a Swarm name or id stays as it is. */
export function serviceRef(text: string): string {
  const match = /^([^/]+)\/([^/]+)$/.exec(text);
  return match ? `${match[1]}_${match[2]}` : text;
}
