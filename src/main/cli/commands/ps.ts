// drover ps: containers across the hosts of an environment, as each host's Docker reports them.
// A host whose containers are not known live is named on stderr, with since when and why.
import { parseOptions, withCore } from '../run.js';
import type { Command, CoreFactory } from '../command.js';
import { printList } from '../output.js';
import { isRemote } from '../remote.js';

export function psCommand(openCore: CoreFactory): Command {
  return {
    name: 'ps',
    summary: 'list containers across the hosts of an environment',
    usage: 'drover ps [--env ENV] [--all] [--json]',
    async run(args, globals, io) {
      const { values } = parseOptions(
        args,
        { env: { type: 'string' }, all: { type: 'boolean', short: 'a' } },
        false,
      );
      return withCore(openCore, globals, async ({ core, ctx, connected }) => {
        const environment = await connected(values.env);
        // A fresh core lists each host once its event stream is open: wait for those lists (a
        // running console reached with --url has them already).
        if (!isRemote(core)) await core.services.containers.settled(environment.id, 10_000);
        const { containers, hosts } = await core.call(
          'container.list',
          { environmentId: environment.id },
          ctx,
        );
        for (const host of hosts.filter((h) => h.state !== 'live'))
          io.err(
            `! ${host.hostName}: containers ${host.state === 'loading' ? 'still loading' : 'state unknown'}` +
              `${host.lastSeenAt ? ` (as last seen at ${host.lastSeenAt})` : ''}` +
              `${host.error ? `: ${host.error}` : ''}`,
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
      });
    },
  };
}
