// drover lb ls: load balancers (x-drover-lb services of stacks), one line per rule with its
// backends' health. LBs are deployed with their stack (`drover stack deploy -f FILE`).
import type { LbRuleInfo, LoadBalancerInfo } from '../../../shared/types.js';
import { UsageError, type Command, type CoreFactory } from '../command.js';
import { printList } from '../output.js';
import { parseSubcommand, withCore } from '../run.js';

type Row = { lb: LoadBalancerInfo; rule: LbRuleInfo };

export function lbCommand(openCore: CoreFactory): Command {
  return {
    name: 'lb',
    summary: 'list load balancers, their rules and backend health',
    usage: 'drover lb ls [--env ENV] [--stack STACK] [--json]',
    async run(args, globals, io) {
      const { sub, values } = parseSubcommand(
        args,
        { env: { type: 'string' }, stack: { type: 'string' } },
        false,
      );
      if (sub !== 'ls' && sub !== 'list') throw new UsageError('drover lb ls');
      return withCore(openCore, globals, async ({ core, ctx, connected }) => {
        const environment = await connected(values.env);
        const lbs = await core.call(
          'lb.list',
          { environmentId: environment.id, stack: values.stack },
          ctx,
        );
        if (globals.json) {
          io.out(JSON.stringify(lbs, null, 2));
          return 0;
        }
        const rows: Row[] = lbs.flatMap((lb) => lb.ruleInfo.map((rule) => ({ lb, rule })));
        printList(
          rows,
          [
            ['LB', ({ lb }) => `${lb.stack}/${lb.name}`],
            ['HOSTS', ({ lb }) => lb.hosts],
            ['EDGE', ({ lb }) => (lb.edge ? `${lb.edge.running}/${lb.edge.desired}` : 'missing')],
            ['LISTEN', ({ rule }) => `${rule.listen}/${rule.protocol}`],
            ['MATCH', ({ rule }) => `${rule.host ?? '*'}${rule.path ?? ''}`],
            ['TARGET', ({ rule }) => `${rule.target}:${rule.port}`],
            ['BACKENDS', ({ rule }) => (rule.up === null ? '?' : `${rule.up}/${rule.total} up`)],
          ],
          globals,
          io,
        );
        for (const lb of lbs.filter((l) => l.healthError))
          io.err(`${lb.stack}/${lb.name}: backend health unknown: ${lb.healthError}`);
        return 0;
      });
    },
  };
}
