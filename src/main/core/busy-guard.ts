// Every request handler behind the store's busy-database retry (see store/busy.ts).
import { requests, type Method } from '../../shared/contract.js';
import type { Handler, Handlers } from '../rpc/dispatcher.js';
import { withBusyRetry } from '../store/busy.js';

/** Every handler behind withBusyRetry: queries are retried, mutations reported. */
export function busyGuarded(handlers: Handlers, file: string): Handlers {
  const guarded: Partial<Record<Method, Handler<Method>>> = {};
  for (const method of Object.keys(handlers) as Method[]) {
    const handler = handlers[method] as Handler<Method>;
    const repeatable = !requests[method].mutates;
    guarded[method] = (args, ctx) => withBusyRetry(file, repeatable, () => handler(args, ctx));
  }
  return guarded as Handlers;
}
