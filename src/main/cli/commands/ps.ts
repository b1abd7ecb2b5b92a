// drover ps: containers across the hosts of an environment, as each host's Docker reports them.
import { parseArgs } from 'node:util';
import type { ContainerSummary } from '../../../shared/types.js';
import type { Command, CoreFactory } from '../command.js';
import { printList } from '../output.js';
import { ctx, findEnvironment, startConnections } from '../session.js';

export function psCommand(openCore: CoreFactory): Command {
  return {
    name: 'ps',
    summary: 'list containers across the hosts of an environment',
    usage: 'drover ps [--env ENV] [--all] [--json]',
    async run(args, globals, io) {
      const { values } = parseArgs({
        args,
        options: { env: { type: 'string' }, all: { type: 'boolean', short: 'a' } },
      });
      const core = openCore(globals);
      try {
        const environment = await findEnvironment(core, values.env);
        await startConnections(core, environment.id);
        const containers = await core.call<ContainerSummary[]>(
          'container.list',
          { environmentId: environment.id },
          ctx,
        );
        // As `docker ps`: running ones unless asked for all (Swarm keeps dead tasks around).
        const shown = values.all ? containers : containers.filter((c) => c.state === 'running');
        printList(
          shown,
          [
            ['NAME', (c) => c.name],
            ['STACK', (c) => c.stack],
            ['SERVICE', (c) => c.service],
            ['HOST', (c) => c.hostName],
            ['STATE', (c) => c.state],
            ['IMAGE', (c) => c.image],
            ['STATUS', (c) => c.status],
          ],
          globals,
          io,
        );
        return 0;
      } finally {
        core.close();
      }
    },
  };
}
