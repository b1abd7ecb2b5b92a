// Team-mode login sessions, kept server-side. The browser holds a random id in a cookie; SQLite
// holds only its SHA-256 digest (the id is 256 random bits, so an unsalted digest suffices, as
// for API tokens). A session ends when revoked, after an idle time without requests, or at an
// absolute age, whichever comes first; both times are settings.
import crypto from 'node:crypto';
import { DroverError } from '../../shared/errors.js';
import { SESSION_IDLE_MINUTES, SESSION_MAX_HOURS } from '../../shared/sessions.js';
import type { SessionInfo, Settings } from '../../shared/types.js';
import type { Database } from '../store/database.js';
import type { Principal } from './principal.js';

/** How long a session may live: the settings' values or the defaults. */
export function sessionLimits(settings: Settings): { idleMs: number; maxMs: number } {
  return {
    idleMs: (settings.sessionIdleMinutes ?? SESSION_IDLE_MINUTES.default) * 60_000,
    maxMs: (settings.sessionMaxHours ?? SESSION_MAX_HOURS.default) * 3_600_000,
  };
}

/** Requests within this long of the last recorded one do not write `last_seen_at` again. */
const TOUCH_EVERY_MS = 30_000;
/** Ended sessions are kept this long for "My sessions" and investigations, then deleted. */
const KEEP_ENDED_MS = 30 * 86_400_000;

interface SessionRow {
  id: number;
  user_id: number;
  user: string;
  site_admin: number;
  client_address: string | null;
  user_agent: string;
  created_at: string;
  last_seen_at: string;
  revoked_at: string | null;
}

export interface SessionStoreOptions {
  limits: () => { idleMs: number; maxMs: number };
  now?: () => Date;
}

export const sessionDigest = (id: string): string =>
  crypto.createHash('sha256').update(id).digest('hex');

const SESSION_ID = /^[A-Za-z0-9_-]{43}$/;

export class SessionStore {
  private readonly revokedListeners = new Set<(sessionId: number) => void>();
  private readonly select;

  constructor(
    private readonly db: Database,
    private readonly options: SessionStoreOptions,
  ) {
    this.select = db.prepare(`${SESSION_SELECT} WHERE s.digest = ?`);
  }

  now(): Date {
    return this.options.now?.() ?? new Date();
  }

  limits(): { idleMs: number; maxMs: number } {
    return this.options.limits();
  }

  /** A new session for a user who just proved who they are; the clear id is returned once. */
  create(userId: number, clientAddress: string | undefined, userAgent: string): string {
    const id = crypto.randomBytes(32).toString('base64url');
    const at = this.now().toISOString();
    this.db
      .prepare(
        `INSERT INTO sessions (user_id, digest, client_address, user_agent, created_at,
           last_seen_at) VALUES (?, ?, ?, ?, ?, ?)`,
      )
      .run(userId, sessionDigest(id), clientAddress ?? null, userAgent.slice(0, 256), at, at);
    return id;
  }

  /**
   * The session a cookie names and the principal it acts for, or null when it is unknown,
   * revoked or expired. A successful check counts as activity (for the idle timeout).
   */
  authenticate(id: string): { sessionId: number; principal: Principal } | null {
    if (!SESSION_ID.test(id)) return null;
    const row = this.select.get(sessionDigest(id)) as SessionRow | undefined;
    if (!row || !this.use(row)) return null;
    return {
      sessionId: row.id,
      principal: {
        kind: 'user',
        userId: row.user_id,
        name: row.user,
        siteAdmin: row.site_admin === 1,
      },
    };
  }

  /** A request through a socket opened under the session: false once it has ended. */
  touch(sessionId: number): boolean {
    const row = this.db.prepare(`${SESSION_SELECT} WHERE s.id = ?`).get(sessionId) as
      SessionRow | undefined;
    return row !== undefined && this.use(row);
  }

  /** Whether a session still lets its holder in (checked for sockets, without counting as use). */
  isLive(sessionId: number): boolean {
    const row = this.db.prepare(`${SESSION_SELECT} WHERE s.id = ?`).get(sessionId) as
      SessionRow | undefined;
    return row !== undefined && this.live(row);
  }

  /** Counts a request as activity (for the idle timeout) if the session is live. */
  private use(row: SessionRow): boolean {
    if (!this.live(row)) return false;
    const now = this.now();
    if (now.getTime() - Date.parse(row.last_seen_at) >= TOUCH_EVERY_MS) {
      this.db
        .prepare('UPDATE sessions SET last_seen_at = ? WHERE id = ?')
        .run(now.toISOString(), row.id);
    }
    return true;
  }

  /** Live sessions, newest first: one user's, or everyone's (userId undefined). */
  list(userId?: number): SessionInfo[] {
    const rows = this.db
      .prepare(`${SESSION_SELECT} WHERE (? IS NULL OR s.user_id = ?) ORDER BY s.id DESC`)
      .all(userId ?? null, userId ?? null) as SessionRow[];
    return rows.filter((r) => this.live(r)).map((r) => this.info(r));
  }

  get(sessionId: number): SessionInfo {
    const row = this.db.prepare(`${SESSION_SELECT} WHERE s.id = ?`).get(sessionId) as
      SessionRow | undefined;
    if (!row) throw new DroverError('NOT_FOUND', `No session #${sessionId}`);
    return this.info(row);
  }

  /** Ends a session now; sockets opened under it are told at once (see onRevoked). */
  revoke(sessionId: number): SessionInfo {
    const changed = this.db
      .prepare('UPDATE sessions SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL')
      .run(this.now().toISOString(), sessionId).changes;
    const info = this.get(sessionId);
    if (changed > 0) for (const listener of this.revokedListeners) listener(sessionId);
    return info;
  }

  onRevoked(listener: (sessionId: number) => void): () => void {
    this.revokedListeners.add(listener);
    return () => this.revokedListeners.delete(listener);
  }

  /** Deletes sessions that ended long ago (the table stays small). */
  purge(): void {
    const before = new Date(this.now().getTime() - KEEP_ENDED_MS).toISOString();
    this.db
      .prepare('DELETE FROM sessions WHERE COALESCE(revoked_at, last_seen_at) < ?')
      .run(before);
  }

  private live(row: SessionRow): boolean {
    if (row.revoked_at !== null) return false;
    return this.endsAt(row) > this.now().getTime();
  }

  /** When the session expires unless used again: the earlier of idle and absolute. */
  private endsAt(row: SessionRow): number {
    const { idleMs, maxMs } = this.limits();
    return Math.min(Date.parse(row.last_seen_at) + idleMs, Date.parse(row.created_at) + maxMs);
  }

  private info(row: SessionRow): SessionInfo {
    return {
      id: row.id,
      userId: row.user_id,
      user: row.user,
      clientAddress: row.client_address,
      userAgent: row.user_agent,
      createdAt: row.created_at,
      lastSeenAt: row.last_seen_at,
      expiresAt: new Date(this.endsAt(row)).toISOString(),
      revokedAt: row.revoked_at,
      current: false,
    };
  }
}

const SESSION_SELECT = `SELECT s.*, u.name AS user, u.site_admin FROM sessions s
  JOIN users u ON u.id = s.user_id`;
