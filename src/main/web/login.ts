// Team mode's HTTP routes: what the page needs to know before it opens the WebSocket
// (`GET /auth/session`), a password login that starts a session (`POST /auth/login`) and a
// logout that ends it (`POST /auth/logout`). Logins, failures, throttled attempts and logouts
// are audit rows with the name and the client's address.
import type http from 'node:http';
import type { Core } from '../core/core.js';
import { LoginThrottle } from '../access/login-throttle.js';
import { SESSION_COOKIE, cookieValue, postOriginAllowed, type RequestAuth } from './auth.js';
import { sendJson } from './static.js';

const MAX_BODY_BYTES = 8 * 1024;
const USER_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

export interface LoginRoutes {
  /** Answers the request if it is one of these routes; false: not one of them. */
  handle(
    req: http.IncomingMessage,
    res: http.ServerResponse,
    path: string,
    auth: RequestAuth | null,
  ): boolean;
}

export function loginRoutes(
  core: Core,
  scheme: 'http' | 'https',
  throttle: LoginThrottle,
): LoginRoutes {
  const { users, sessions, audit } = core.services;
  const address = (req: http.IncomingMessage) => req.socket.remoteAddress ?? 'unknown';
  const record = (
    req: http.IncomingMessage,
    actor: string,
    action: string,
    result: 'ok' | 'denied',
    target = '',
    error?: string,
  ) => {
    const at = sessions.now().toISOString();
    core.events.publish(
      'audit.appended',
      audit.append({
        actor,
        shell: 'web',
        clientAddress: address(req),
        action,
        target,
        details: {},
        result,
        error,
        startedAt: at,
        endedAt: at,
      }),
    );
  };
  const cookie = (value: string, maxAgeSeconds: number) =>
    `${SESSION_COOKIE}=${value}; HttpOnly; SameSite=Strict; Path=/; Max-Age=${maxAgeSeconds}` +
    (scheme === 'https' ? '; Secure' : '');

  async function login(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const body = await readJson(req);
    if (body === 'too-large') {
      res.setHeader('Connection', 'close');
      return sendJson(res, 413, { error: 'The request is too large' });
    }
    const name = typeof body?.name === 'string' ? body.name.trim() : '';
    const password = typeof body?.password === 'string' ? body.password : '';
    if (!USER_NAME.test(name) || !password || password.length > 1024) {
      return sendJson(res, 400, { error: 'Give a user name and a password' });
    }
    const from = address(req);
    const wait = throttle.begin(name, from);
    if (wait > 0) {
      const seconds = Math.ceil(wait / 1000);
      record(req, name, 'session.login', 'denied', '', 'Too many failed logins: throttled');
      res.setHeader('Retry-After', String(seconds));
      return sendJson(res, 429, {
        error: `Too many failed logins. Try again in ${seconds} s.`,
        retryAfterSeconds: seconds,
      });
    }
    let user;
    try {
      user = await users.check(name, password);
    } finally {
      throttle.finish(name, from, user !== undefined && user !== null);
    }
    if (!user) {
      record(req, name, 'session.login', 'denied', '', 'Wrong user name or password');
      return sendJson(res, 401, { error: 'Wrong user name or password' });
    }
    const id = sessions.create(user.id, from, String(req.headers['user-agent'] ?? ''));
    const { maxMs } = sessions.limits();
    res.setHeader('Set-Cookie', cookie(id, Math.floor(maxMs / 1000)));
    record(req, user.name, 'session.login', 'ok');
    sendJson(res, 200, { name: user.name });
  }

  function logout(req: http.IncomingMessage, res: http.ServerResponse, auth: RequestAuth | null) {
    if (auth?.sessionId !== undefined) {
      sessions.revoke(auth.sessionId);
      record(
        req,
        auth.principal?.name ?? 'unknown',
        'session.logout',
        'ok',
        `session #${auth.sessionId}`,
      );
    }
    res.setHeader('Set-Cookie', cookie('', 0));
    sendJson(res, 200, { signedIn: false });
  }

  return {
    handle(req, res, path, auth) {
      if (path === '/auth/session') {
        if (req.method !== 'GET' && req.method !== 'HEAD') methodNotAllowed(res);
        else
          sendJson(res, 200, {
            teamMode: users.count() > 0,
            signedIn: auth !== null,
            name: auth ? (auth.principal?.name ?? null) : null,
            // A stale cookie for a session that ended: the page says so instead of just asking.
            sessionEnded: !auth && cookieValue(req, SESSION_COOKIE) !== undefined,
          });
        return true;
      }
      if (path !== '/auth/login' && path !== '/auth/logout') return false;
      if (req.method !== 'POST') methodNotAllowed(res);
      else if (!postOriginAllowed(req, scheme)) {
        sendJson(res, 403, { error: 'This request must come from the console’s own page' });
      } else if (path === '/auth/logout') logout(req, res, auth);
      else if (users.count() === 0) {
        sendJson(res, 404, { error: 'No user accounts exist: open the URL drover web printed' });
      } else {
        login(req, res).catch((error: unknown) => {
          console.error('Drover web: a login failed', error);
          if (!res.headersSent) sendJson(res, 500, { error: 'The login failed on the server' });
        });
      }
      return true;
    },
  };
}

function methodNotAllowed(res: http.ServerResponse): void {
  sendJson(res, 405, { error: 'Method not allowed' });
}

/** The request's JSON object body (at most 8 KiB), null when it is not one. */
function readJson(
  req: http.IncomingMessage,
): Promise<Record<string, unknown> | null | 'too-large'> {
  return new Promise((resolve) => {
    const type = String(req.headers['content-type'] ?? '');
    // JSON only: a cross-site form cannot send it without a CORS preflight this server refuses.
    if (!/^application\/json\b/i.test(type)) {
      req.resume();
      return resolve(null);
    }
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        req.removeAllListeners('data');
        req.resume(); // read and drop the rest; the answer closes the connection
        resolve('too-large');
      } else chunks.push(chunk);
    });
    req.on('error', () => resolve(null));
    req.on('end', () => {
      try {
        const value = JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown;
        resolve(
          typeof value === 'object' && value && !Array.isArray(value)
            ? (value as Record<string, unknown>)
            : null,
        );
      } catch {
        resolve(null);
      }
    });
  });
}
