// drover web: the console in a browser, bound to 127.0.0.1 behind a token.
import { spawn } from 'node:child_process';
import { parseArgs } from 'node:util';
import { isLoopback } from '../../web/auth.js';
import { startWebServer } from '../../web/server.js';
import {
  UsageError,
  type CliIo,
  type Command,
  type CoreFactory,
  type GlobalOptions,
} from '../command.js';

export const DEFAULT_WEB_PORT = 4780;

export function webCommand(openCore: CoreFactory): Command {
  return {
    name: 'web',
    summary: 'serve the console to a browser on this machine',
    usage: 'drover web [--port N] [--host ADDR] [--no-open]   (--port 0 picks a free port)',
    run: (args, globals, io) => {
      const { values } = parseArgs({
        args,
        options: {
          port: { type: 'string', default: String(DEFAULT_WEB_PORT) },
          host: { type: 'string', default: '127.0.0.1' },
          'no-open': { type: 'boolean', default: false },
        },
      });
      const port = Number(values.port);
      if (!Number.isInteger(port) || port < 0 || port > 65535) {
        throw new UsageError(`--port must be a number from 0 to 65535, not "${values.port}"`);
      }
      return runWeb(openCore, globals, io, { port, host: values.host, open: !values['no-open'] });
    },
  };
}

export async function runWeb(
  openCore: CoreFactory,
  globals: GlobalOptions,
  io: CliIo,
  options: { port: number; host: string; open: boolean },
): Promise<number> {
  const core = openCore(globals, { serve: true });
  let server;
  try {
    server = await startWebServer({ core, host: options.host, port: options.port });
  } catch (error) {
    core.close();
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE') {
      throw new UsageError(
        `Port ${options.port} is in use; choose another with --port (0 picks a free one)`,
      );
    }
    throw error;
  }
  if (!isLoopback(options.host)) {
    io.err(
      `Warning: listening on ${options.host}, reachable from other machines; anyone with the URL's token controls your clusters.`,
    );
  }
  io.out(`Drover console: ${server.url}`);
  io.out(`Data directory: ${globals.dataDir}`);
  if (options.open) openBrowser(server.url);

  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  await server.close();
  core.close();
  return 0;
}

/** Best effort: a desktop session opens the URL; a headless machine just has the printed line. */
function openBrowser(url: string): void {
  const opener =
    process.platform === 'darwin' ? 'open' : process.platform === 'win32' ? 'explorer' : 'xdg-open';
  try {
    const child = spawn(opener, [url], { stdio: 'ignore', detached: true });
    child.on('error', () => undefined);
    child.unref();
  } catch {
    // No opener: the URL is printed above.
  }
}
