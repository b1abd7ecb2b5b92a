// drover audit ls|verify|export: the audit log, its digest chain, and exports for other tools.
import type { AuditEntry } from '../../../shared/types.js';
import { UsageError, type Command, type CoreFactory } from '../command.js';
import { printList } from '../output.js';
import { parseSubcommand, withCore } from '../run.js';
import { auditRetentionDays } from '../../settings/repository.js';

const CSV_COLUMNS = [
  'id',
  'at',
  'endedAt',
  'actor',
  'shell',
  'clientAddress',
  'environmentId',
  'action',
  'target',
  'result',
  'error',
  'details',
] as const;

export function auditCommand(openCore: CoreFactory): Command {
  return {
    name: 'audit',
    summary: 'list, verify and export the audit log',
    usage: [
      'drover audit ls [--limit N] [--principal NAME] [--json]',
      'drover audit verify',
      'drover audit export --format jsonl|csv',
      'drover audit retention [DAYS]',
    ].join('\n'),
    async run(args, globals, io) {
      const { sub, values, positionals } = parseSubcommand(args, {
        limit: { type: 'string' },
        format: { type: 'string' },
        principal: { type: 'string' },
      });
      return withCore(openCore, globals, async ({ core, ctx }) => {
        // The log's own rows: read from the data dir (a verb that needs them says so through --url).
        const log = () => core.services.audit;
        switch (sub) {
          case 'ls':
          case 'list':
            printList(
              await core.call(
                'audit.list',
                { limit: Number(values.limit ?? 50), principal: values.principal },
                ctx,
              ),
              [
                ['ID', (e) => e.id],
                ['AT', (e) => e.at],
                ['ACTOR', (e) => e.actor],
                ['SHELL', (e) => e.shell],
                ['ACTION', (e) => e.action],
                ['TARGET', (e) => e.target],
                ['RESULT', (e) => e.result],
              ],
              globals,
              io,
            );
            return 0;
          case 'verify': {
            const result = log().verify();
            if (result.ok) {
              io.out(
                `The audit log's ${result.rows} rows verify: none changed, inserted or deleted since written (see the README for what this proves).`,
              );
              return 0;
            }
            io.err(`drover: ${result.message}`);
            return 1;
          }
          case 'export': {
            if (values.format !== 'jsonl' && values.format !== 'csv') {
              throw new UsageError('--format is jsonl or csv');
            }
            if (values.format === 'csv') io.out(CSV_COLUMNS.join(','));
            for (const row of log().all()) {
              const entry = log().entry(row);
              io.out(values.format === 'jsonl' ? JSON.stringify(entry) : csvLine(entry));
            }
            return 0;
          }
          case 'retention': {
            const [given] = positionals;
            if (given === undefined) {
              const kept = auditRetentionDays(await core.call('settings.get', {}, ctx));
              io.out(`The audit log keeps ${days(kept)}`);
              return 0;
            }
            if (!/^\d+$/.test(given)) throw new UsageError('DAYS is a whole number of days');
            const saved = await core.call(
              'settings.update',
              { auditRetentionDays: Number(given) },
              ctx,
            );
            io.out(
              `The audit log keeps ${days(auditRetentionDays(saved))}; older rows were pruned`,
            );
            return 0;
          }
          default:
            throw new UsageError(`Unknown audit command "${sub ?? ''}"`);
        }
      });
    },
  };
}

const days = (n: number) => `${n} day${n === 1 ? '' : 's'}`;

function csvLine(entry: AuditEntry): string {
  return CSV_COLUMNS.map((column) => {
    const value = entry[column];
    const text =
      value === null || value === undefined
        ? ''
        : typeof value === 'object'
          ? JSON.stringify(value)
          : String(value);
    // RFC 4180 quoting; a leading = + - @ is prefixed so spreadsheets do not run it as a formula.
    const safe = /^[=+\-@]/.test(text) ? `'${text}` : text;
    return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
  }).join(',');
}
