// Web mode's guard: the console's random token (the local admin), checked in constant time, from
// the URL once and from an HttpOnly cookie after that; a team-mode login session's cookie (a
// user); an API token; plus Host and Origin checks against DNS rebinding, cross-site requests and
// cross-site WebSocket hijacking.
import crypto from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Principal } from '../access/principal.js';

export const TOKEN_COOKIE = 'drover_token';
export const SESSION_COOKIE = 'drover_session';

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
  /** An API token's or a session's principal; absent: the console's own token (local admin). */
  principal?: Principal;
  /** The login session the request came with. */
  sessionId?: number;
}

/** Resolves an API token (`drv_...`) to its principal; null when unknown, revoked or expired. */
export type ApiTokenCheck = (token: string) => Principal | null;
/** Resolves a session cookie to its session; null when unknown, revoked or expired. */
export type SessionCheck = (id: string) => { sessionId: number; principal: Principal } | null;

export interface Credentials {
  /** The console's own token (the URL printed at start). */
  token: string;
  apiToken?: ApiTokenCheck;
  session?: SessionCheck;
}

/**
 * Returns how the request proved itself, or null when it did not. An `Authorization: Bearer`
 * header is an API token and decides alone (a bad one is not rescued by the console's cookie);
 * without one, the console's own random token from the URL or cookie means the local admin, and
 * a live session's cookie means its user.
 */
export function authenticate(
  req: IncomingMessage,
  url: URL,
  { token, apiToken, session }: Credentials,
): RequestAuth | null {
  const bearer = bearerToken(req);
  if (bearer !== undefined) {
    const principal = apiToken?.(bearer) ?? null;
    return principal ? { fromQuery: false, principal } : null;
  }
  if (tokensEqual(token, url.searchParams.get('token'))) return { fromQuery: true };
  if (tokensEqual(token, cookieValue(req, TOKEN_COOKIE))) return { fromQuery: false };
  const sessionId = cookieValue(req, SESSION_COOKIE);
  const found = sessionId ? (session?.(sessionId) ?? null) : null;
  return found ? { fromQuery: false, ...found } : null;
}

/** The Bearer credential ('' when the header is malformed), undefined without the header. */
export function bearerToken(req: IncomingMessage): string | undefined {
  const header = req.headers.authorization;
  if (header === undefined) return undefined;
  const match = /^Bearer ([^\s]+)$/i.exec(header.trim());
  return match?.[1] ?? '';
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

/**
 * A WebSocket must come from a page this server served (browsers always send Origin); without
 * the header it is a non-browser client (CLI, scripts), which still needs a credential.
 */
export function originAllowed(req: IncomingMessage, scheme: 'http' | 'https'): boolean {
  const origin = req.headers.origin;
  if (origin === undefined) return true;
  return sameOrigin(origin, req, scheme);
}

/**
 * A state-changing HTTP request (login, logout) must name this server as its Origin: browsers
 * send it on every POST, and a page of another site cannot forge it. No header: refused.
 */
export function postOriginAllowed(req: IncomingMessage, scheme: 'http' | 'https'): boolean {
  const origin = req.headers.origin;
  return origin !== undefined && sameOrigin(origin, req, scheme);
}

function sameOrigin(origin: string, req: IncomingMessage, scheme: 'http' | 'https'): boolean {
  return origin === `${scheme}://${req.headers.host ?? ''}`;
}

export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\./.test(host);
}
