// Web mode: the renderer over HTTP and the contract over a WebSocket, on 127.0.0.1 by default,
// behind a random token. Used on machines without Electron, by tests, and by remote browsers
// when an operator deliberately binds another address.
import http from 'node:http';
import path from 'node:path';
import type { AddressInfo, Socket } from 'node:net';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import type { Core } from '../core/core.js';
import { eventFor } from '../access/events.js';
import { localAdmin, type Principal } from '../access/principal.js';
import { principalContext } from '../rpc/context.js';
import { toDroverError } from '../rpc/dispatcher.js';
import { DroverError } from '../../shared/errors.js';
import { createSink } from '../rpc/sink.js';
import { TOKEN_COOKIE, authenticate, hostAllowed, newToken, originAllowed } from './auth.js';
import { guarded, requestUrl } from './entry.js';
import { parseRequest } from './request.js';
import { send, serveStatic } from './static.js';
import { DEFAULT_FLOW_LIMITS, watchFlow, type FlowLimits } from './flow.js';

export interface WebServerOptions {
  core: Core;
  host?: string;
  port?: number;
  token?: string;
  staticDir?: string;
  /** When a slow client's streams pause and when it is dropped (tests make them small). */
  flowLimits?: FlowLimits;
}

export interface WebServer {
  url: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

const MAX_MESSAGE_BYTES = 4 * 1024 * 1024;

export const defaultStaticDir = path.resolve(__dirname, '..', '..', 'renderer');

export async function startWebServer(options: WebServerOptions): Promise<WebServer> {
  const host = options.host ?? '127.0.0.1';
  const token = options.token ?? newToken();
  const staticDir = options.staticDir ?? defaultStaticDir;
  let port = options.port ?? 0;
  /** Every use of an API token (or attempt) is audited, without the token. */
  const apiTokens =
    (req: http.IncomingMessage) =>
    (offered: string): Principal | null => {
      const principal = options.core.services.users.authenticateToken(offered);
      const at = new Date().toISOString();
      options.core.services.audit.append({
        actor: principal?.name ?? 'unknown',
        shell: 'web',
        clientAddress: req.socket.remoteAddress,
        action: 'token.use',
        target: principal?.kind === 'user' && principal.token ? `token #${principal.token.id}` : '',
        details: {},
        result: principal ? 'ok' : 'denied',
        error: principal ? undefined : 'Unknown, revoked or expired API token',
        startedAt: at,
        endedAt: at,
      });
      return principal;
    };

  const server = http.createServer(
    guarded(
      'an HTTP request',
      (req: http.IncomingMessage, res: http.ServerResponse) => {
        const url = requestUrl(req.url);
        if (!url) return send(res, 400, 'Bad request');
        if (!hostAllowed(req, host, port)) return send(res, 403, 'Forbidden host');
        const auth = authenticate(req, url, token, apiTokens(req));
        if (!auth) return send(res, 401, 'Unauthorized');
        if (auth.fromQuery) {
          res.setHeader(
            'Set-Cookie',
            `${TOKEN_COOKIE}=${encodeURIComponent(token)}; HttpOnly; SameSite=Strict; Path=/`,
          );
        }
        if (req.method !== 'GET' && req.method !== 'HEAD') {
          return send(res, 405, 'Method not allowed');
        }
        serveStatic(staticDir, url.pathname, res);
      },
      (_req: http.IncomingMessage, res: http.ServerResponse) => {
        if (res.headersSent) res.destroy();
        else send(res, 500, 'Internal error');
      },
    ),
  );

  const sockets = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES });
  sockets.on('error', (error) => console.error('Drover web: WebSocket server error', error));
  server.on(
    'upgrade',
    guarded(
      'a WebSocket upgrade',
      (req: http.IncomingMessage, socket: Socket, head: Buffer) => {
        // Node hands the raw socket over without its error listener: a reset before the
        // handshake completes must not become an uncaught 'error' event.
        socket.on('error', () => socket.destroy());
        const url = requestUrl(req.url);
        if (!url) return refuseUpgrade(socket, '400 Bad Request');
        const ok = url.pathname === '/ws' && hostAllowed(req, host, port) && originAllowed(req);
        const auth = ok ? authenticate(req, url, token, apiTokens(req)) : null;
        if (!auth) return refuseUpgrade(socket, '401 Unauthorized');
        const principal = auth.principal ?? localAdmin();
        const client = req.socket.remoteAddress;
        sockets.handleUpgrade(req, socket, head, (ws) =>
          serveContract(
            ws,
            options.core,
            principal,
            client,
            options.flowLimits ?? DEFAULT_FLOW_LIMITS,
          ),
        );
      },
      (_req: http.IncomingMessage, socket: Socket) => socket.destroy(),
    ),
  );

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  port = (server.address() as AddressInfo).port;
  const shownHost = host.includes(':') ? `[${host}]` : host;

  return {
    url: `http://${shownHost}:${port}/?token=${token}`,
    port,
    token,
    close: () =>
      new Promise<void>((resolve) => {
        for (const client of sockets.clients) client.terminate();
        sockets.close();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function refuseUpgrade(socket: Socket, status: string): void {
  socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
}

/** One WebSocket: requests in, envelopes and events out. */
function serveContract(
  ws: WebSocket,
  core: Core,
  principal: Principal,
  clientAddress: string | undefined,
  limits: FlowLimits,
): void {
  /** Sends a message; false when JSON cannot carry it (a BigInt, a cycle): a bug, not a crash. */
  const flow = watchFlow(ws, `client ${clientAddress ?? 'unknown'} (${principal.name})`, limits);
  const deliver = (message: unknown): boolean => {
    if (!flow.admit()) return true;
    try {
      ws.send(JSON.stringify(message));
      return true;
    } catch (error) {
      console.error('Drover web: a message could not be sent', error);
      return false;
    }
  };
  // Streams opened through this socket report to it alone and close with it.
  const connection = createSink(deliver, flow);
  const ctx = { ...principalContext(principal, 'web', clientAddress), sink: connection.sink };
  // Events, metrics batches and alerts of environments the principal may not see stop here.
  const decision = core.services.access.decision(principal);
  const unsubscribe = core.events.subscribe((event) => {
    const visible = eventFor(decision, event);
    if (visible) deliver(visible);
  });
  ws.on('close', () => {
    unsubscribe();
    connection.close();
    flow.stop();
  });
  // Protocol errors (a frame over maxPayload, bad UTF-8, bad opcodes): ws has already closed the
  // socket with the fitting code (1009, 1007, 1002); without this listener the event would throw.
  ws.on('error', (error) => console.error('Drover web: WebSocket closed on', error.message));
  ws.on(
    'message',
    guarded(
      'a WebSocket message',
      (data: RawData) => {
        const request = parseRequest(String(data));
        if (typeof request === 'string') return ws.close(1003, request);
        void core
          .dispatch(request.method, request.args, ctx)
          .catch((error: unknown) => ({
            ok: false as const,
            error: toDroverError(error).payload(),
          }))
          .then((envelope) => {
            if (deliver({ id: request.id, ...envelope })) return;
            const error = new DroverError('INTERNAL', 'The answer could not be encoded');
            deliver({ id: request.id, ok: false, error: error.payload() });
          });
      },
      () => ws.close(1011, 'Internal error'),
    ),
  );
}
