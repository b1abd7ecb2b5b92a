// drover stack deploy|ls|export|rm: stacks from the command line, through the same core.
import fs from 'node:fs';
import path from 'node:path';
import type { StackDeployResult, StackPlan } from '../../../shared/types.js';
import {
  UsageError,
  type CliIo,
  type Command,
  type CoreFactory,
  type GlobalOptions,
} from '../command.js';
import { inlineEnvFiles } from '../../stacks/env-file.js';
import { durationBetween } from '../../../shared/format.js';
import { printList } from '../output.js';
import { parseSubcommand, withCore } from '../run.js';
import { runOperation } from '../session.js';

export function stackCommand(openCore: CoreFactory): Command {
  return {
    name: 'stack',
    summary: 'deploy, list, export and remove stacks (compose files)',
    usage: [
      'drover stack deploy [--env ENV] [--dry-run] -f FILE NAME',
      'drover stack history [--env ENV] [--json] NAME',
      'drover stack rollback [--env ENV] NAME VERSION',
      'drover stack ls [--env ENV] [--json]',
      'drover stack export [--env ENV] NAME',
      'drover stack rm [--env ENV] NAME',
    ].join('\n'),
    async run(args, globals, io) {
      const { sub, values, positionals } = parseSubcommand(args, {
        env: { type: 'string' },
        file: { type: 'string', short: 'f' },
        'dry-run': { type: 'boolean' },
      });
      return withCore(openCore, globals, async ({ core, ctx, connected }) => {
        const connectedId = async () => (await connected(values.env)).id;
        const name = () => {
          if (positionals.length !== 1) throw new UsageError('Name the stack');
          return positionals[0] as string;
        };
        switch (sub) {
          case 'deploy': {
            if (!values.file) throw new UsageError('Give the compose file with -f FILE');
            const stack = name();
            const file = path.resolve(values.file);
            const compose = withEnvFiles(file, io);
            const environmentId = await connectedId();
            if (values['dry-run']) {
              const plan = await core.call(
                'stack.plan',
                {
                  environmentId,
                  name: stack,
                  compose,
                  env: referencedEnvironment(compose),
                  workingDir: path.dirname(file),
                },
                ctx,
              );
              printPlan(plan, globals, io);
              return plan.errors.length || plan.refusals.length ? 1 : 0;
            }
            const result = await runOperation(core, io, (operationId) =>
              core.call(
                'stack.deploy',
                {
                  environmentId,
                  name: stack,
                  compose,
                  env: referencedEnvironment(compose),
                  workingDir: path.dirname(file),
                  operationId,
                },
                ctx,
              ),
            );
            printDeploy(result, globals, io);
            return 0;
          }
          case 'ls':
          case 'list': {
            const environmentId = await connectedId();
            const stacks = await core.call('stack.list', { environmentId }, ctx);
            printList(
              stacks,
              [
                ['NAME', (s) => s.name],
                ['SERVICES', (s) => s.services],
                ['TASKS', (s) => `${s.runningTasks}/${s.desiredTasks}`],
                ['SOURCE', (s) => s.source],
                ['VERSION', (s) => s.version],
              ],
              globals,
              io,
            );
            return 0;
          }
          case 'export': {
            const stack = name();
            const environmentId = await connectedId();
            io.out(
              (await core.call('stack.export', { environmentId, name: stack }, ctx)).trimEnd(),
            );
            return 0;
          }
          case 'history': {
            const stack = name();
            const environmentId = await connectedId();
            const versions = await core.call('stack.history', { environmentId, name: stack }, ctx);
            printList(
              versions,
              [
                ['VERSION', (v) => v.version],
                ['STARTED', (v) => v.appliedAt],
                ['TOOK', (v) => durationBetween(v.appliedAt, v.endedAt) ?? '-'],
                ['ACTOR', (v) => v.actor],
                ['NOTE', (v) => v.note],
              ],
              globals,
              io,
            );
            return 0;
          }
          case 'rollback': {
            if (positionals.length !== 2 || !/^\d+$/.test(positionals[1] as string))
              throw new UsageError('Give the stack and the version: NAME VERSION');
            const stack = positionals[0] as string;
            const version = Number(positionals[1]);
            const environmentId = await connectedId();
            const result = await runOperation(core, io, (operationId) =>
              core.call(
                'stack.rollback',
                { environmentId, name: stack, version, operationId },
                ctx,
              ),
            );
            printDeploy(result, globals, io);
            return 0;
          }
          case 'rm':
          case 'remove': {
            const stack = name();
            const environmentId = await connectedId();
            await runOperation(core, io, (operationId) =>
              core.call('stack.remove', { environmentId, name: stack, operationId }, ctx),
            );
            io.out(`Removed stack ${stack}`);
            return 0;
          }
          default:
            throw new UsageError(`Unknown stack command "${sub ?? ''}"`);
        }
      });
    },
  };
}

/**
 * The compose file with its services' env_file variables written into environment: (docker
 * stack deploy inlines them into the service specs), so the stored document stands on its own.
 */
function withEnvFiles(file: string, io: CliIo): string {
  try {
    const { compose, inlined } = inlineEnvFiles(
      fs.readFileSync(file, 'utf8'),
      path.dirname(file),
      (f) => fs.readFileSync(f, 'utf8'),
    );
    if (inlined.length)
      io.err(
        `! env_file written into environment (and so into the stack's history): ${inlined.join('; ')}`,
      );
    return compose;
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

/**
 * Only the variables the file can refer to go to the core (and so to the audit log): names that
 * appear in it, never the whole shell environment.
 */
export function referencedEnvironment(compose: string): Record<string, string> {
  const names = new Set(compose.match(/[A-Za-z_][A-Za-z0-9_]*/g) ?? []);
  const env: Record<string, string> = {};
  for (const name of names) {
    const value = process.env[name];
    if (value !== undefined) env[name] = value;
  }
  return env;
}

function printDeploy(result: StackDeployResult, globals: GlobalOptions, io: CliIo): void {
  if (globals.json) {
    io.out(JSON.stringify(result, null, 2));
    return;
  }
  const list = (verb: string, refs: StackDeployResult['created']) =>
    refs.length ? [`${verb}: ${refs.map((r) => `${r.kind} ${r.name}`).join(', ')}`] : [];
  io.out(
    [
      `Stack ${result.stack} version ${result.version}${result.converged ? ', all tasks running' : ''}`,
      ...list('Created', result.created),
      ...list('Updated', result.updated),
      ...list('Removed', result.removed),
      ...result.warnings.map((w) => `Warning: ${w}`),
    ].join('\n'),
  );
}

/** The plan of a dry run: the document's diff, then one line per object that changes. */
function printPlan(plan: StackPlan, globals: GlobalOptions, io: CliIo): void {
  if (globals.json) {
    io.out(JSON.stringify(plan, null, 2));
    return;
  }
  if (plan.errors.length) {
    for (const e of plan.errors)
      io.err(`${e.line !== null ? `line ${e.line}:${e.column ?? 1}: ` : ''}${e.message}`);
    return;
  }
  const marks = { create: '+', update: '~', remove: '-', unchanged: '=' } as const;
  const changed = plan.changes.filter((c) => c.action !== 'unchanged');
  io.out(
    [
      ...(plan.diff ? [plan.diff.trimEnd(), ''] : []),
      ...changed.flatMap((c) => [
        `${marks[c.action]} ${c.kind} ${c.name}${c.fields.length && !c.values.length ? `: ${c.fields.join(', ')}` : ''}`,
        ...c.values.map(
          (v) => `    ${v.label}: ${v.before ?? '(not set)'} -> ${v.after ?? '(not set)'}`,
        ),
      ]),
      ...(changed.length ? [] : ['No changes']),
      ...plan.warnings.map((w) => `Warning: ${w}`),
      ...plan.refusals.map(
        (r) =>
          `Refused: ${r.line !== null ? `line ${r.line}: ` : ''}${[r.service, r.field, r.message].filter(Boolean).join(': ')}`,
      ),
    ].join('\n'),
  );
}
