// Web mode: the renderer over HTTP and the contract over a WebSocket, on 127.0.0.1 by default,
// behind a random token. Used on machines without Electron, by tests, and by remote browsers
// when an operator deliberately binds another address.
import http from 'node:http';
import path from 'node:path';
import type { AddressInfo, Socket } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import type { Core } from '../core/core.js';
import { localContext } from '../rpc/context.js';
import { toDroverError } from '../rpc/dispatcher.js';
import { createSink } from '../rpc/sink.js';
import { TOKEN_COOKIE, authenticate, hostAllowed, newToken, originAllowed } from './auth.js';
import { send, serveStatic } from './static.js';

export interface WebServerOptions {
  core: Core;
  host?: string;
  port?: number;
  token?: string;
  staticDir?: string;
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

  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (!hostAllowed(req, host, port)) return send(res, 403, 'Forbidden host');
    const auth = authenticate(req, url, token);
    if (!auth) return send(res, 401, 'Unauthorized');
    if (auth.fromQuery) {
      res.setHeader(
        'Set-Cookie',
        `${TOKEN_COOKIE}=${encodeURIComponent(token)}; HttpOnly; SameSite=Strict; Path=/`,
      );
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, 'Method not allowed');
    serveStatic(staticDir, url.pathname, res);
  });

  const sockets = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES });
  server.on('upgrade', (req, socket: Socket, head) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const ok =
      url.pathname === '/ws' &&
      hostAllowed(req, host, port) &&
      originAllowed(req) &&
      authenticate(req, url, token) !== null;
    if (!ok) {
      socket.end('HTTP/1.1 401 Unauthorized\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    sockets.handleUpgrade(req, socket, head, (ws) => serveContract(ws, options.core));
  });

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

/** One WebSocket: requests in, envelopes and events out. */
function serveContract(ws: WebSocket, core: Core): void {
  const deliver = (event: unknown) => {
    if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(event));
  };
  // Streams opened through this socket report to it alone and close with it.
  const connection = createSink(deliver);
  const ctx = { ...localContext('web'), sink: connection.sink };
  const unsubscribe = core.events.subscribe(deliver);
  ws.on('close', () => {
    unsubscribe();
    connection.close();
  });
  ws.on('message', (data) => {
    let message: { id?: unknown; method?: unknown; args?: unknown };
    try {
      message = JSON.parse(String(data)) as typeof message;
    } catch {
      ws.close(1003, 'Messages must be JSON');
      return;
    }
    // `null` parses fine but has no fields: reading message.id would throw and end the process.
    const id = typeof message?.id === 'number' ? message.id : null;
    if (id === null) {
      ws.close(1003, 'Requests need a numeric id');
      return;
    }
    void core
      .dispatch(message.method, message.args, ctx)
      .catch((error: unknown) => ({ ok: false as const, error: toDroverError(error).payload() }))
      .then((envelope) => {
        if (ws.readyState === ws.OPEN) ws.send(JSON.stringify({ id, ...envelope }));
      });
  });
}
