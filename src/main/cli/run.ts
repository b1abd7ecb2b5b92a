// The steps every CLI verb repeats: open the core, find the environment, connect its hosts when
// asked, run, close. One helper so each command is only its own logic.
import { parseArgs, type ParseArgsConfig } from 'node:util';
import type { Environment } from '../../shared/types.js';
import type { Core } from '../core/core.js';
import type { CallContext } from '../rpc/context.js';
import type { CliIo, CoreFactory, GlobalOptions } from './command.js';
import { ctx, findEnvironment, startConnections } from './session.js';

export interface CommandScope {
  core: Core;
  ctx: CallContext;
  /** The environment named (or the first one), looked up on first use. */
  environment(name?: string): Promise<Environment>;
  /** Opens the environment's hosts and lets them settle (commands that reach the cluster). */
  connect(environment: Environment): Promise<void>;
  /** The environment named (or the first one) with its hosts opened: most verbs start so. */
  connected(name?: string): Promise<Environment>;
}

export async function withCore(
  openCore: CoreFactory,
  globals: GlobalOptions,
  run: (scope: CommandScope) => Promise<number>,
): Promise<number> {
  const core = openCore(globals);
  try {
    return await run({
      core,
      ctx,
      environment: (name) => findEnvironment(core, name),
      connect: (environment) => startConnections(core, environment.id),
      connected: async (name) => {
        const environment = await findEnvironment(core, name);
        await startConnections(core, environment.id);
        return environment;
      },
    });
  } finally {
    core.close();
  }
}

/** Prints a value as JSON or as a line for people. */
export function print(io: CliIo, globals: GlobalOptions, value: unknown, line: string): void {
  io.out(globals.json ? JSON.stringify(value) : line);
}

type Options = NonNullable<ParseArgsConfig['options']>;

/** A verb's options and positionals (node:util refuses an unknown option, and a positional
 * unless `allowPositionals`). */
export function parseOptions<O extends Options, P extends boolean = true>(
  args: string[],
  options: O,
  allowPositionals: P = true as P,
) {
  return parseArgs({ args, options, allowPositionals });
}

/** `drover GROUP SUB [options] [args]`: the sub-command word, then its options and positionals. */
export function parseSubcommand<O extends Options, P extends boolean = true>(
  args: string[],
  options: O,
  allowPositionals: P = true as P,
) {
  const [sub, ...rest] = args;
  return { sub, ...parseOptions(rest, options, allowPositionals) };
}
