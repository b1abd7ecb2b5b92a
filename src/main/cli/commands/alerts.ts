// drover alerts: the alerts the console raised (open ones, or all with history), newest first;
// `drover alerts ack ID...` acknowledges them. Reads the store: no host is contacted.
// `drover events` was its first name (an alert is not an event: see the glossary).
import { alertKindLabels } from '../../../shared/alerts.js';
import { UsageError, type Command, type CoreFactory } from '../command.js';
import { printList } from '../output.js';
import { parseOptions, withCore } from '../run.js';

export function alertsCommand(openCore: CoreFactory): Command {
  return {
    name: 'alerts',
    aliases: ['events'],
    summary: 'list alerts (host unreachable, CPU/memory, restart loops, replicas) or ack them',
    usage: [
      'drover alerts [--env ENV] [--open] [--limit N] [--json]',
      'drover alerts ack ID...',
    ].join('\n'),
    async run(args, globals, io) {
      const { values, positionals } = parseOptions(args, {
        env: { type: 'string' },
        open: { type: 'boolean' },
        limit: { type: 'string', default: '200' },
      });
      return withCore(openCore, globals, async ({ core, ctx, environment: find }) => {
        if (positionals[0] === 'ack') {
          const ids = positionals.slice(1).map(Number);
          if (!ids.length || ids.some((id) => !Number.isInteger(id) || id < 1))
            throw new UsageError('ack needs alert ids (the ID column of `drover alerts`)');
          const acked = await core.call('alert.acknowledge', { ids }, ctx);
          io.out(`Acknowledged ${acked.length} of ${ids.length}`);
          return 0;
        }
        if (positionals.length) throw new UsageError(`Unknown argument "${positionals[0]}"`);
        const limit = Number(values.limit);
        if (!Number.isInteger(limit) || limit < 1) throw new UsageError('--limit needs a number');
        const environment = values.env ? await find(values.env) : undefined;
        const alerts = await core.call(
          'alert.list',
          { environmentId: environment?.id, state: values.open ? 'open' : 'all', limit },
          ctx,
        );
        printList(
          alerts,
          [
            ['ID', (a) => a.id],
            ['STATE', (a) => (a.acknowledgedAt ? `${a.state} (ack)` : a.state)],
            ['SEVERITY', (a) => a.severity],
            ['ALERT', (a) => alertKindLabels[a.kind]],
            ['SUBJECT', (a) => a.subject.name],
            ['RAISED', (a) => a.raisedAt],
            ['RESOLVED', (a) => a.resolvedAt],
            ['MESSAGE', (a) => a.message],
          ],
          globals,
          io,
        );
        return 0;
      });
    },
  };
}
