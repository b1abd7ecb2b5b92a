// Users, their memberships in environments and their API tokens, in SQLite. Secrets never
// leave this module in clear: passwords as Argon2id hashes, tokens as SHA-256 digests.
import crypto from 'node:crypto';
import { DroverError } from '../../shared/errors.js';
import type { ApiTokenInfo, Membership, User } from '../../shared/types.js';
import type { Database } from '../store/database.js';
import { expiryFrom, looksLikeApiToken, newApiToken, tokenDigest } from './api-token.js';
import type { Grant, MembershipSource } from './authorize.js';
import {
  DEFAULT_COST,
  hashPassword,
  needsRehash,
  verifyPassword,
  type PasswordCost,
} from './passwords.js';
import { isRole, type Principal, type Role } from './principal.js';
import { STACK_PATTERN } from './stack-pattern.js';

export type { ApiTokenInfo, Membership, User };

export interface NewToken {
  userId: number;
  name?: string;
  environmentIds?: number[];
  roleCeiling?: Role;
  /** `30d`, `12h`: from now; absent: no expiry. */
  expires?: string;
}

const USER_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

interface TokenRow {
  id: number;
  user_id: number;
  user: string;
  site_admin: number;
  name: string;
  environment_ids_json: string | null;
  role_ceiling: Role | null;
  created_at: string;
  expires_at: string | null;
  last_used_at: string | null;
  revoked_at: string | null;
}

export class UserStore implements MembershipSource {
  private readonly membershipQuery;

  constructor(
    private readonly db: Database,
    private readonly options: { passwordCost?: PasswordCost; now?: () => Date } = {},
  ) {
    this.membershipQuery = db.prepare(
      'SELECT role, stacks FROM memberships WHERE user_id = ? AND environment_id = ?',
    );
  }

  private now(): Date {
    return this.options.now?.() ?? new Date();
  }

  async add(name: string, password: string, siteAdmin = false): Promise<User> {
    if (!USER_NAME.test(name)) {
      throw new DroverError(
        'INVALID_ARGUMENT',
        'A user name is letters, digits, dots, dashes and underscores (at most 64)',
      );
    }
    const hash = await this.hash(password);
    try {
      const row = this.db
        .prepare('INSERT INTO users (name, password_hash, site_admin) VALUES (?, ?, ?) RETURNING *')
        .get(name, hash, siteAdmin ? 1 : 0) as UserRow;
      return toUser(row);
    } catch (error) {
      if (String(error).includes('UNIQUE')) {
        throw new DroverError('CONFLICT', `A user named "${name}" exists already`);
      }
      throw error;
    }
  }

  list(): User[] {
    return (this.db.prepare('SELECT * FROM users ORDER BY name').all() as UserRow[]).map(toUser);
  }

  /** How many accounts exist: with one or more, web mode asks for a login (team mode). */
  count(): number {
    return (this.db.prepare('SELECT COUNT(*) AS n FROM users').get() as { n: number }).n;
  }

  find(name: string): User {
    const row = this.db.prepare('SELECT * FROM users WHERE name = ?').get(name) as
      UserRow | undefined;
    if (!row) throw new DroverError('NOT_FOUND', `No user named "${name}"`);
    return toUser(row);
  }

  remove(name: string): void {
    const user = this.find(name);
    this.db.prepare('DELETE FROM users WHERE id = ?').run(user.id);
  }

  setSiteAdmin(name: string, siteAdmin: boolean): User {
    const user = this.find(name);
    this.db.prepare('UPDATE users SET site_admin = ? WHERE id = ?').run(siteAdmin ? 1 : 0, user.id);
    return this.find(name);
  }

  async setPassword(name: string, password: string): Promise<void> {
    const user = this.find(name);
    const hash = await this.hash(password);
    this.db.prepare('UPDATE users SET password_hash = ? WHERE id = ?').run(hash, user.id);
  }

  /**
   * The user if the password is theirs (team-mode login). A hash of an earlier scheme or a lower
   * cost is replaced by a current Argon2id hash while the password is at hand.
   */
  async check(name: string, password: string): Promise<User | null> {
    const row = this.db.prepare('SELECT * FROM users WHERE name = ?').get(name) as
      UserRow | undefined;
    // Verify even for an unknown name, so the answer's timing does not say which names exist.
    const stored = row?.password_hash ?? (await this.dummyHash());
    const ok = await verifyPassword(password, stored);
    if (!ok || !row) return null;
    if (needsRehash(stored, this.cost())) {
      const upgraded = await hashPassword(password, this.cost());
      this.db
        .prepare('UPDATE users SET password_hash = ? WHERE id = ? AND password_hash = ?')
        .run(upgraded, row.id, stored);
    }
    return toUser(row);
  }

  private dummy?: Promise<string>;
  private dummyHash(): Promise<string> {
    this.dummy ??= hashPassword(crypto.randomBytes(16).toString('hex'), this.cost());
    return this.dummy;
  }

  private cost(): PasswordCost {
    return this.options.passwordCost ?? DEFAULT_COST;
  }

  private async hash(password: string): Promise<string> {
    try {
      return await hashPassword(password, this.cost());
    } catch (error) {
      if (error instanceof RangeError) throw new DroverError('INVALID_ARGUMENT', error.message);
      throw error;
    }
  }

  // Memberships

  setMembership(userId: number, environmentId: number, role: Role, stacks: string | null): void {
    if (!isRole(role)) {
      throw new DroverError('INVALID_ARGUMENT', 'A role is owner, member, restricted or read-only');
    }
    if (stacks !== null && !STACK_PATTERN.test(stacks)) {
      throw new DroverError('INVALID_ARGUMENT', 'A stack pattern is a stack name with * and ?');
    }
    this.db
      .prepare(
        `INSERT INTO memberships (user_id, environment_id, role, stacks) VALUES (?, ?, ?, ?)
         ON CONFLICT (user_id, environment_id) DO UPDATE SET role = excluded.role,
           stacks = excluded.stacks`,
      )
      .run(userId, environmentId, role, stacks);
  }

  removeMembership(userId: number, environmentId: number): boolean {
    return (
      this.db
        .prepare('DELETE FROM memberships WHERE user_id = ? AND environment_id = ?')
        .run(userId, environmentId).changes > 0
    );
  }

  members(environmentId: number): Membership[] {
    return this.db
      .prepare(
        `SELECT m.environment_id AS environmentId, e.name AS environment, m.user_id AS userId,
           u.name AS user, m.role, m.stacks
         FROM memberships m JOIN users u ON u.id = m.user_id
           JOIN environments e ON e.id = m.environment_id
         WHERE m.environment_id = ? ORDER BY u.name`,
      )
      .all(environmentId) as Membership[];
  }

  membership(userId: number, environmentId: number): Grant | undefined {
    return this.membershipQuery.get(userId, environmentId) as Grant | undefined;
  }

  memberships(userId: number): ReadonlyMap<number, Grant> {
    const rows = this.db
      .prepare('SELECT environment_id, role, stacks FROM memberships WHERE user_id = ?')
      .all(userId) as { environment_id: number; role: Role; stacks: string | null }[];
    return new Map(rows.map((r) => [r.environment_id, { role: r.role, stacks: r.stacks }]));
  }

  // API tokens

  /** Creates a token; the clear token is in the answer only, never stored. */
  createToken(spec: NewToken): { token: string; info: ApiTokenInfo } {
    const token = newApiToken();
    let expiresAt: string | null = null;
    if (spec.expires !== undefined) {
      try {
        expiresAt = expiryFrom(spec.expires, this.now()).toISOString();
      } catch (error) {
        throw new DroverError('INVALID_ARGUMENT', (error as Error).message);
      }
    }
    const { id } = this.db
      .prepare(
        `INSERT INTO api_tokens (user_id, name, digest, environment_ids_json, role_ceiling,
           expires_at) VALUES (?, ?, ?, ?, ?, ?) RETURNING id`,
      )
      .get(
        spec.userId,
        spec.name ?? '',
        tokenDigest(token),
        spec.environmentIds?.length ? JSON.stringify(spec.environmentIds) : null,
        spec.roleCeiling ?? null,
        expiresAt,
      ) as { id: number };
    return { token, info: this.token(id) };
  }

  tokens(): ApiTokenInfo[] {
    return (this.db.prepare(`${TOKEN_SELECT} ORDER BY t.id`).all() as TokenRow[]).map(toToken);
  }

  token(id: number): ApiTokenInfo {
    const row = this.db.prepare(`${TOKEN_SELECT} WHERE t.id = ?`).get(id) as TokenRow | undefined;
    if (!row) throw new DroverError('NOT_FOUND', `No token #${id}`);
    return toToken(row);
  }

  revokeToken(id: number): ApiTokenInfo {
    this.token(id);
    this.db
      .prepare('UPDATE api_tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL')
      .run(this.now().toISOString(), id);
    return this.token(id);
  }

  /**
   * The principal a token acts for, or null when it is unknown, revoked or expired. Looked up by
   * digest (an index lookup: the comparison is not over the secret itself); records its use.
   */
  authenticateToken(token: string): Principal | null {
    if (!looksLikeApiToken(token)) return null;
    const row = this.db.prepare(`${TOKEN_SELECT} WHERE t.digest = ?`).get(tokenDigest(token)) as
      TokenRow | undefined;
    if (!row || row.revoked_at !== null) return null;
    const now = this.now();
    if (row.expires_at !== null && Date.parse(row.expires_at) <= now.getTime()) return null;
    this.db
      .prepare('UPDATE api_tokens SET last_used_at = ? WHERE id = ?')
      .run(now.toISOString(), row.id);
    const info = toToken(row);
    return {
      kind: 'user',
      userId: row.user_id,
      name: row.user,
      siteAdmin: row.site_admin === 1,
      token: { id: row.id, environmentIds: info.environmentIds, roleCeiling: info.roleCeiling },
    };
  }
}

interface UserRow {
  id: number;
  name: string;
  password_hash: string;
  site_admin: number;
  created_at: string;
}

const toUser = (row: UserRow): User => ({
  id: row.id,
  name: row.name,
  siteAdmin: row.site_admin === 1,
  createdAt: row.created_at,
});

const TOKEN_SELECT = `SELECT t.*, u.name AS user, u.site_admin FROM api_tokens t
  JOIN users u ON u.id = t.user_id`;

const toToken = (row: TokenRow): ApiTokenInfo => ({
  id: row.id,
  userId: row.user_id,
  user: row.user,
  name: row.name,
  environmentIds: row.environment_ids_json
    ? (JSON.parse(row.environment_ids_json) as number[])
    : null,
  roleCeiling: row.role_ceiling,
  createdAt: row.created_at,
  expiresAt: row.expires_at,
  lastUsedAt: row.last_used_at,
  revokedAt: row.revoked_at,
});
