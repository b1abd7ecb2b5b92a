// What every CLI verb that talks to hosts needs: connect on demand, find the environment, and
// run an operation while printing its progress lines.
import crypto from 'node:crypto';
import type { Environment, OperationProgress } from '../../shared/types.js';
import type { Core } from '../core/core.js';
import { localContext } from '../rpc/context.js';
import { UsageError, type CliIo } from './command.js';
import { isRemote } from './remote.js';

export const ctx = localContext('cli');

/** The CLI connects on demand: open the environment's hosts and let them settle (at most 10 s). */
export async function startConnections(core: Core, environmentId?: number): Promise<void> {
  if (isRemote(core)) return; // a running console keeps its hosts connected itself
  const { hosts, connections } = core.services;
  const waits = hosts.list(environmentId).map(async (host) => {
    try {
      await connections.open(host.id).ready(10_000);
    } catch {
      // The host's state (unreachable, auth failed, ...) is in the store and shown.
    }
  });
  await Promise.all(waits);
}

/** Runs an operation and prints its progress lines as they come. */
export async function runOperation<T>(
  core: Core,
  io: CliIo,
  run: (operationId: string) => Promise<T>,
): Promise<T> {
  const operationId = crypto.randomUUID();
  const marks: Record<OperationProgress['state'], string> = {
    running: '…',
    done: '✓',
    warn: '!',
    failed: '✗',
  };
  const unsubscribe = core.events.subscribe((event) => {
    if (event.event === 'operation.progress' && event.payload.operationId === operationId) {
      const p = event.payload;
      // Steps print when they end; a running step only when it reports how far it is.
      if (p.state !== 'running' || p.fraction !== undefined)
        io.err(`${marks[p.state]} ${p.message}`);
    }
  });
  try {
    return await run(operationId);
  } finally {
    unsubscribe();
  }
}

export async function findEnvironment(core: Core, name: string | undefined): Promise<Environment> {
  const all = await core.call('env.list', {}, ctx);
  if (!name) return all[0] as Environment;
  const found = all.find((e) => e.name.toLowerCase() === name.toLowerCase());
  if (!found) throw new UsageError(`No environment named "${name}"`);
  return found;
}

/** A password or token piped in (`--password-stdin`), without its final newline. */
export async function passwordFromStdin(io: CliIo, flag = '--password-stdin'): Promise<string> {
  const text = await (io.stdin ?? readProcessStdin)();
  const password = text.replace(/\r?\n$/, '');
  if (!password) throw new UsageError(`${flag}: standard input was empty`);
  return password;
}

function readProcessStdin(): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    process.stdin.on('data', (c: Buffer) => chunks.push(c));
    process.stdin.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    process.stdin.on('error', reject);
  });
}
