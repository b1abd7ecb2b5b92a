// The CLI is a set of verb groups, one module each (web, env, and later host, stack, ...).
// Each gets the global options and its own arguments and returns an exit code.
import type { Core } from '../core/core.js';

export interface GlobalOptions {
  dataDir: string;
  json: boolean;
  /** A running console to drive instead of the data dir, with its API token. */
  url?: string;
  token?: string;
}

export interface CliIo {
  out: (text: string) => void;
  err: (text: string) => void;
  /** All of standard input (passwords come this way, never as arguments); default: the process's. */
  stdin?: () => Promise<string>;
}

export interface Command {
  name: string;
  /** Older names that still work (a verb renamed keeps its scripts running). */
  aliases?: string[];
  summary: string;
  usage: string;
  run(args: string[], globals: GlobalOptions, io: CliIo): Promise<number>;
}

/** A user error: printed without a stack, exit code 2. */
export class UsageError extends Error {}

/** Opens the core; `serve` is for long-running shells that keep every host connected. */
export type CoreFactory = (globals: GlobalOptions, mode?: { serve?: boolean }) => Core;
