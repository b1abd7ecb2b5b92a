// Who a request acts for. The OS user owning the data dir (desktop console, `drover` on that data
// dir, web mode opened with the console's own URL token) is the local admin and needs no login;
// users and API tokens exist for team mode.
import os from 'node:os';

/** Environment roles, as Rancher named them, weakest first. */
export const roles = ['read-only', 'restricted', 'member', 'owner'] as const;
export type Role = (typeof roles)[number];

export const roleRank = (role: Role): number => roles.indexOf(role);
export const weakerRole = (a: Role, b: Role): Role => (roleRank(a) <= roleRank(b) ? a : b);
export const isRole = (value: unknown): value is Role =>
  typeof value === 'string' && (roles as readonly string[]).includes(value);

/** What an API token narrows its user's rights to. */
export interface TokenLimits {
  id: number;
  /** Only these environments; null: every environment the user may reach. */
  environmentIds: readonly number[] | null;
  /** At most this role in any environment; null: the user's own roles. */
  roleCeiling: Role | null;
}

export type Principal =
  | { kind: 'local-admin'; name: string }
  | {
      kind: 'user';
      userId: number;
      name: string;
      /** A site admin is owner of every environment and may create environments and settings. */
      siteAdmin: boolean;
      token?: TokenLimits;
    };

/** The workstation's user. */
export function localAdmin(): Principal {
  let name = process.env.USER ?? 'unknown';
  try {
    name = os.userInfo().username;
  } catch {
    // No passwd entry (some containers): keep the environment's answer.
  }
  return { kind: 'local-admin', name };
}

/** How the audit log names a principal: "alice", "alice (token #3)". */
export function principalName(p: Principal): string {
  return p.kind === 'user' && p.token ? `${p.name} (token #${p.token.id})` : p.name;
}
