// Entry of the `drover` command: global options, then one verb group module.
import { DroverError } from '../../shared/errors.js';
import { createCore } from '../core/core.js';
import { appVersion } from '../core/version.js';
import { resolveDataDir } from '../paths.js';
import {
  UsageError,
  type CliIo,
  type Command,
  type CoreFactory,
  type GlobalOptions,
} from './command.js';
import { backupCommand, restoreCommand } from './commands/backup.js';
import { desktopCommand } from './commands/desktop.js';
import { envCommand } from './commands/env.js';
import { alertsCommand } from './commands/alerts.js';
import { hostCommand } from './commands/host.js';
import { lbCommand } from './commands/lb.js';
import { logsCommand } from './commands/logs.js';
import { psCommand } from './commands/ps.js';
import { registryCommand } from './commands/registry.js';
import { serviceCommand } from './commands/service.js';
import { stackCommand } from './commands/stack.js';
import { metricsCommand } from './commands/metrics.js';
import { webCommand } from './commands/web.js';
import { auditCommand } from './commands/audit.js';
import { tokenCommand } from './commands/token.js';
import { userCommand } from './commands/user.js';
import { remoteCore } from './remote.js';

const openCore: CoreFactory = (globals, mode) => {
  if (globals.url !== undefined) {
    if (mode?.serve)
      throw new UsageError('A console is served from its data dir, not through --url');
    if (!globals.token) {
      throw new UsageError('--url needs an API token: --token drv_... or DROVER_TOKEN');
    }
    return remoteCore(globals.url, globals.token);
  }
  return createCore({
    dataDir: globals.dataDir,
    shell: mode?.serve ? 'web' : 'cli',
    connectHosts: mode?.serve ?? false,
  });
};

export const commands: Command[] = [
  desktopCommand(openCore),
  webCommand(openCore),
  envCommand(openCore),
  hostCommand(openCore),
  stackCommand(openCore),
  serviceCommand(openCore),
  registryCommand(openCore),
  lbCommand(openCore),
  psCommand(openCore),
  logsCommand(openCore),
  alertsCommand(openCore),
  metricsCommand(openCore),
  userCommand(openCore),
  tokenCommand(openCore),
  auditCommand(openCore),
  backupCommand(openCore),
  restoreCommand(openCore),
];

const consoleIo: CliIo = {
  out: (text) => process.stdout.write(text + '\n'),
  err: (text) => process.stderr.write(text + '\n'),
};

/** Takes the global options out of argv wherever they stand; the rest belongs to the verb. */
export function splitGlobals(argv: string[]): {
  flags: {
    dataDir?: string;
    url?: string;
    token?: string;
    json: boolean;
    help: boolean;
    version: boolean;
  };
  rest: string[];
} {
  const flags = {
    dataDir: undefined as string | undefined,
    url: undefined as string | undefined,
    token: undefined as string | undefined,
    json: false,
    help: false,
    version: false,
  };
  const rest: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === '--data-dir') {
      const value = argv[++i];
      if (!value) throw new UsageError('--data-dir needs a folder');
      flags.dataDir = value;
    } else if (arg.startsWith('--data-dir=')) {
      // An empty value must not fall through to the default folder.
      const value = arg.slice('--data-dir='.length);
      if (!value) throw new UsageError('--data-dir needs a folder');
      flags.dataDir = value;
    } else if (arg === '--url' || arg === '--token') {
      const value = argv[++i];
      if (!value) throw new UsageError(`${arg} needs a value`);
      flags[arg === '--url' ? 'url' : 'token'] = value;
    } else if (arg.startsWith('--url=') || arg.startsWith('--token=')) {
      const [name, ...value] = arg.slice(2).split('=');
      if (!value.join('=')) throw new UsageError(`--${name} needs a value`);
      flags[name as 'url' | 'token'] = value.join('=');
    } else if (arg === '--json') flags.json = true;
    else if (arg === '--help' || arg === '-h') flags.help = true;
    else if (arg === '--version' || arg === '-V') flags.version = true;
    else rest.push(arg);
  }
  return { flags, rest };
}

/** A verb by its name or an older name it had. */
export function findCommand(verb: string): Command | undefined {
  return commands.find((c) => c.name === verb || c.aliases?.includes(verb));
}

function usage(): string {
  const lines = commands.map(
    (c) =>
      `  ${c.name.padEnd(9)} ${c.summary}${c.aliases ? ` (also: ${c.aliases.join(', ')})` : ''}`,
  );
  return [
    'Usage: drover [--data-dir DIR | --url URL --token TOKEN] [--json] [COMMAND] [ARGS]',
    '',
    'Commands:',
    ...lines,
    '',
    'Global options:',
    '  --data-dir DIR  where the console keeps its database (or DROVER_DATA_DIR)',
    '  --url URL       drive a running console (drover web) instead (or DROVER_URL)',
    '  --token TOKEN   its API token, drv_... (or DROVER_TOKEN)',
    '  --json          machine-readable output for lists',
    '  --help          help for drover or a command',
  ].join('\n');
}

export async function main(argv: string[], io: CliIo = consoleIo): Promise<number> {
  try {
    const { flags, rest } = splitGlobals(argv);
    if (flags.version) {
      io.out(appVersion);
      return 0;
    }
    const [verb, ...args] = rest;
    const command = findCommand(verb ?? 'desktop');
    // `drover --help` (no verb) is help for drover, not for the default desktop command.
    if (verb === 'help' || (flags.help && (verb === undefined || !command))) {
      io.out(usage());
      return 0;
    }
    if (!command) throw new UsageError(`Unknown command "${verb}"\n\n${usage()}`);
    if (flags.help) {
      io.out(`Usage:\n${command.usage.replace(/^/gm, '  ')}`);
      return 0;
    }
    const url = flags.url ?? (process.env.DROVER_URL || undefined);
    if (url !== undefined && flags.dataDir !== undefined) {
      throw new UsageError('Give either --data-dir or --url, not both');
    }
    const globals: GlobalOptions = {
      dataDir: resolveDataDir(flags.dataDir),
      json: flags.json,
      url,
      token: flags.token ?? (process.env.DROVER_TOKEN || undefined),
    };
    return await command.run(args, globals, io);
  } catch (error) {
    // node:util parseArgs refuses unknown or malformed options: that is a usage error too.
    const parseError = String((error as NodeJS.ErrnoException)?.code ?? '').startsWith(
      'ERR_PARSE_ARGS',
    );
    if (error instanceof UsageError || parseError) {
      io.err(`drover: ${(error as Error).message}`);
      return 2;
    }
    if (error instanceof DroverError || (error instanceof Error && 'code' in error)) {
      io.err(`drover: ${error.message}`);
      return 1;
    }
    throw error;
  }
}
