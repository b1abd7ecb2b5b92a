// Web mode: the renderer over HTTP and the contract over a WebSocket, on 127.0.0.1 by default,
// behind a random token. Used on machines without Electron, by tests, and by remote browsers
// when an operator deliberately binds another address.
import http from 'node:http';
import https from 'node:https';
import path from 'node:path';
import type { AddressInfo, Socket } from 'node:net';
import { WebSocketServer } from 'ws';
import type { Core } from '../core/core.js';
import { LoginThrottle, type LoginThrottleOptions } from '../access/login-throttle.js';
import { localAdmin, type Principal } from '../access/principal.js';
import {
  TOKEN_COOKIE,
  authenticate,
  hostAllowed,
  newToken,
  originAllowed,
  type Credentials,
} from './auth.js';
import { serveContract } from './contract-socket.js';
import { guarded, requestUrl } from './entry.js';
import { loginRoutes } from './login.js';
import { SessionSockets } from './session-sockets.js';
import { send, serveStatic } from './static.js';
import { DEFAULT_FLOW_LIMITS, type FlowLimits } from './flow.js';

export interface WebServerOptions {
  core: Core;
  host?: string;
  port?: number;
  token?: string;
  staticDir?: string;
  /** How often sockets' sessions are checked for expiry (revocation closes them at once). */
  sessionCheckMs?: number;
  /** For tests: the login throttle's rules and clock. */
  throttle?: LoginThrottleOptions;
  /** Serve HTTPS with this certificate and key (PEM); without: plain HTTP (loopback only). */
  tls?: { cert: string; key: string };
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

  const credentials = (req: http.IncomingMessage): Credentials => ({
    token,
    apiToken: apiTokens(req),
    session: (id) => options.core.services.sessions.authenticate(id),
  });
  const scheme = options.tls ? 'https' : 'http';
  const routes = loginRoutes(options.core, scheme, new LoginThrottle(options.throttle));
  const sessionSockets = new SessionSockets(
    options.core.services.sessions,
    options.sessionCheckMs ?? 5000,
  );

  const handler = guarded(
    'an HTTP request',
    (req: http.IncomingMessage, res: http.ServerResponse) => {
      const url = requestUrl(req.url);
      if (!url) return send(res, 400, 'Bad request');
      if (!hostAllowed(req, host, port)) return send(res, 403, 'Forbidden host');
      const auth = authenticate(req, url, credentials(req));
      if (auth?.fromQuery) {
        res.setHeader(
          'Set-Cookie',
          `${TOKEN_COOKIE}=${encodeURIComponent(token)}; HttpOnly; SameSite=Strict; Path=/` +
            (scheme === 'https' ? '; Secure' : ''),
        );
      }
      if (routes.handle(req, res, url.pathname, auth)) return;
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        return send(res, 405, 'Method not allowed');
      }
      // The page itself is public (it holds no data): without a credential it shows how to get
      // in (the login, or the URL printed at start). Everything else travels over the socket.
      serveStatic(staticDir, url.pathname, res);
    },
    (_req: http.IncomingMessage, res: http.ServerResponse) => {
      if (res.headersSent) res.destroy();
      else send(res, 500, 'Internal error');
    },
  );
  const server = options.tls
    ? https.createServer({ cert: options.tls.cert, key: options.tls.key }, handler)
    : http.createServer(handler);

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
        if (url.pathname !== '/ws') return refuseUpgrade(socket, '404 Not Found');
        if (!hostAllowed(req, host, port)) return refuseUpgrade(socket, '403 Forbidden');
        if (!originAllowed(req, scheme)) return refuseUpgrade(socket, '403 Forbidden');
        const auth = authenticate(req, url, credentials(req));
        if (!auth) return refuseUpgrade(socket, '401 Unauthorized');
        const principal = auth.principal ?? localAdmin();
        const { sessionId } = auth;
        sockets.handleUpgrade(req, socket, head, (ws) => {
          if (sessionId !== undefined) sessionSockets.add(sessionId, ws);
          serveContract(ws, options.core, {
            principal,
            clientAddress: req.socket.remoteAddress,
            sessionId,
            flowLimits: options.flowLimits ?? DEFAULT_FLOW_LIMITS,
          });
        });
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
    url: `${scheme}://${shownHost}:${port}/?token=${token}`,
    port,
    token,
    close: () =>
      new Promise<void>((resolve) => {
        sessionSockets.close();
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
