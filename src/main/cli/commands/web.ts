// drover web: the console in a browser, bound to 127.0.0.1 behind a token; bound to another
// address, over HTTPS only (the operator's certificate or a self-signed one in the data dir).
import { spawn } from 'node:child_process';
import { parseArgs } from 'node:util';
import { isLoopback } from '../../web/auth.js';
import { startWebServer } from '../../web/server.js';
import { loadTls, selfSignedTls, type TlsMaterial } from '../../web/tls.js';
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
    usage: [
      'drover web [--port N] [--host ADDR] [--tls-cert FILE --tls-key FILE] [--no-open]',
      '  --port 0 picks a free port. Bound to anything but loopback, the console serves HTTPS',
      '  only: with --tls-cert/--tls-key, or a self-signed certificate kept in the data dir.',
    ].join('\n'),
    run: (args, globals, io) => {
      const { values } = parseArgs({
        args,
        options: {
          port: { type: 'string', default: String(DEFAULT_WEB_PORT) },
          host: { type: 'string', default: '127.0.0.1' },
          'no-open': { type: 'boolean', default: false },
          'tls-cert': { type: 'string' },
          'tls-key': { type: 'string' },
        },
      });
      const cert = values['tls-cert'];
      const key = values['tls-key'];
      if ((cert === undefined) !== (key === undefined)) {
        throw new UsageError('Give both --tls-cert and --tls-key, or neither');
      }
      const port = Number(values.port);
      if (!Number.isInteger(port) || port < 0 || port > 65535) {
        throw new UsageError(`--port must be a number from 0 to 65535, not "${values.port}"`);
      }
      return runWeb(openCore, globals, io, {
        port,
        host: values.host,
        open: !values['no-open'],
        tls: cert && key ? { cert, key } : undefined,
      });
    },
  };
}

export async function runWeb(
  openCore: CoreFactory,
  globals: GlobalOptions,
  io: CliIo,
  options: { port: number; host: string; open: boolean; tls?: { cert: string; key: string } },
): Promise<number> {
  const tls: TlsMaterial | undefined = options.tls
    ? loadTls(options.tls.cert, options.tls.key)
    : isLoopback(options.host)
      ? undefined
      : await selfSignedTls(globals.dataDir, options.host);
  const core = openCore(globals, { serve: true });
  let server;
  try {
    server = await startWebServer({ core, host: options.host, port: options.port, tls });
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
      `Warning: listening on ${options.host}, reachable from other machines; anyone with the URL's token controls your clusters. Team members sign in with their accounts (drover user add).`,
    );
  }
  io.out(`Drover console: ${server.url}`);
  if (tls) {
    io.out(`TLS certificate: ${tls.certFile}${tls.selfSigned ? ' (self-signed)' : ''}`);
    io.out(`SHA-256 fingerprint: ${tls.fingerprint}`);
    if (tls.selfSigned) {
      io.out(
        'Browsers warn about a self-signed certificate: accept it only if the fingerprint they show is this one.',
      );
    }
  }
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
