// `drover --url URL --token T`: the CLI drives a running console over its WebSocket with an API
// token instead of opening a data dir. Requests go through that console's dispatcher (the token's
// user and role ceiling decide), its events (operation progress) come back on the same socket,
// and errors arrive as the same DroverErrors, so every verb that speaks only the contract prints
// what it prints on a data dir. Verbs that need the data dir itself (users, tokens, audit
// verification, backups) say so instead.
import WebSocket from 'ws';
import type { Method } from '../../shared/contract.js';
import { DroverError, type Envelope } from '../../shared/errors.js';
import type { Core } from '../core/core.js';
import { EventBus, type AnyEvent } from '../events/bus.js';

const remotes = new WeakSet<Core>();

/** Whether a core is a running console reached over --url (its hosts are its own business). */
export const isRemote = (core: Core): boolean => remotes.has(core);

/** The console's WebSocket address for the URL it printed (http[s]://host:port/...). */
export function socketUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new DroverError('INVALID_ARGUMENT', `--url is not a URL: ${url}`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new DroverError(
      'INVALID_ARGUMENT',
      '--url must be the http:// or https:// address of a console',
    );
  }
  return `${parsed.protocol === 'https:' ? 'wss' : 'ws'}://${parsed.host}/ws`;
}

export function remoteCore(url: string, token: string): Core {
  const target = socketUrl(url);
  const events = new EventBus();
  const pending = new Map<number, (envelope: Envelope<unknown>) => void>();
  let nextId = 1;
  let failure: DroverError | null = null;
  const fail = (error: DroverError) => {
    failure ??= error;
    for (const answer of pending.values()) answer({ ok: false, error: failure.payload() });
    pending.clear();
  };
  // The token travels in the upgrade's Authorization header, never in the URL (logs, proxies).
  const ws = new WebSocket(target, { headers: { authorization: `Bearer ${token}` } });
  const opened = new Promise<void>((resolve) => {
    ws.once('open', () => resolve());
    ws.once('close', () => resolve());
  });
  ws.on('unexpected-response', (_req, res) => {
    fail(
      res.statusCode === 401
        ? new DroverError(
            'FORBIDDEN',
            `The console at ${url} refused the token (unknown, revoked or expired)`,
          )
        : new DroverError('UNAVAILABLE', `The console at ${url} answered ${res.statusCode ?? '?'}`),
    );
    ws.terminate();
  });
  ws.on('error', (error) =>
    fail(new DroverError('UNAVAILABLE', `Cannot reach the console at ${url}: ${error.message}`)),
  );
  ws.on('close', (_code, reason) =>
    fail(
      new DroverError(
        'UNAVAILABLE',
        `The console at ${url} closed the connection${reason.length ? `: ${String(reason)}` : ''}`,
      ),
    ),
  );
  ws.on('message', (data) => {
    const message = JSON.parse(String(data)) as ({ id: number } & Envelope<unknown>) | AnyEvent;
    if ('event' in message) events.publish(message.event, message.payload as never);
    else {
      pending.get(message.id)?.(message);
      pending.delete(message.id);
    }
  });

  const dispatch = async (method: unknown, args: unknown): Promise<Envelope<unknown>> => {
    await opened;
    if (failure) return { ok: false, error: failure.payload() };
    const id = nextId++;
    return new Promise((resolve) => {
      pending.set(id, resolve);
      ws.send(JSON.stringify({ id, method, args }));
    });
  };
  const core: Core = {
    dispatch,
    events,
    get info(): never {
      throw onlyOnDataDir();
    },
    // What only a data dir has: a verb that reaches for it says so.
    services: new Proxy({} as Core['services'], {
      get: () => {
        throw onlyOnDataDir();
      },
    }),
    async call(method: Method, args: unknown): Promise<never> {
      const envelope = await dispatch(method, args);
      if (!envelope.ok) throw DroverError.from(envelope.error);
      return envelope.result as never;
    },
    close: () => ws.close(),
  };
  remotes.add(core);
  return core;
}

function onlyOnDataDir(): DroverError {
  return new DroverError(
    'INVALID_ARGUMENT',
    'This command works on the console’s data directory only, not through --url',
  );
}
