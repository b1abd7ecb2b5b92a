// Web mode's guard: a random token, checked in constant time, from the URL once and from an
// HttpOnly cookie after that; plus Host and Origin checks against DNS rebinding and
// cross-site WebSocket hijacking.
import crypto from 'node:crypto';
import type { IncomingMessage } from 'node:http';

export const TOKEN_COOKIE = 'drover_token';

export function newToken(): string {
  return crypto.randomBytes(24).toString('base64url');
}

export function tokensEqual(expected: string, offered: string | undefined | null): boolean {
  if (!offered) return false;
  const a = Buffer.from(expected);
  const b = Buffer.from(offered);
  return a.length === b.length && crypto.timingSafeEqual(a, b);
}

export function cookieValue(req: IncomingMessage, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [key, ...rest] = part.trim().split('=');
    if (key !== name) continue;
    try {
      return decodeURIComponent(rest.join('='));
    } catch {
      // Bad percent-encoding (`%E0%A4%A`) proves nothing: as if there were no cookie.
      return undefined;
    }
  }
  return undefined;
}

export interface RequestAuth {
  /** The token came in the URL: answer with the cookie so later requests need no token. */
  fromQuery: boolean;
}

/** Returns how the request proved itself, or null when it did not. */
export function authenticate(req: IncomingMessage, url: URL, token: string): RequestAuth | null {
  if (tokensEqual(token, url.searchParams.get('token'))) return { fromQuery: true };
  if (tokensEqual(token, cookieValue(req, TOKEN_COOKIE))) return { fromQuery: false };
  return null;
}

/**
 * On a loopback binding, only loopback Host names are served: a page on another site that
 * resolves its own name to 127.0.0.1 (DNS rebinding) is refused.
 */
export function hostAllowed(req: IncomingMessage, boundHost: string, port: number): boolean {
  if (!isLoopback(boundHost)) return true;
  const host = (req.headers.host ?? '').toLowerCase();
  return [`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`].includes(host);
}

/** A WebSocket must come from a page this server served (browsers always send Origin). */
export function originAllowed(req: IncomingMessage): boolean {
  const origin = req.headers.origin;
  if (origin === undefined) return true; // non-browser clients (CLI, tests) still need the token
  return origin === `http://${req.headers.host ?? ''}`;
}

export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\./.test(host);
}
