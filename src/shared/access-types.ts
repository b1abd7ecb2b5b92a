// Users, memberships, API tokens and the audit chain's state, as the contract carries them.
/** Environment roles, as Rancher named them. */
export type EnvironmentRole = 'owner' | 'member' | 'restricted' | 'read-only';

/** A local account for team mode (its password is never sent back). */
export interface User {
  id: number;
  name: string;
  siteAdmin: boolean;
  createdAt: string;
}

/** A user's role in an environment, possibly limited to stacks matching a pattern. */
export interface Membership {
  environmentId: number;
  environment: string;
  userId: number;
  user: string;
  role: EnvironmentRole;
  stacks: string | null;
}

/** An API token as listed: never the token itself (only its digest is kept). */
export interface ApiTokenInfo {
  id: number;
  userId: number;
  user: string;
  name: string;
  environmentIds: number[] | null;
  roleCeiling: EnvironmentRole | null;
  createdAt: string;
  expiresAt: string | null;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

/** What `audit.verify` found walking the audit log's digest chain. */
export interface AuditChainState {
  ok: boolean;
  /** Rows checked (up to the first broken one). */
  rows: number;
  /** The first changed, inserted or deleted-before row; null when the chain holds. */
  brokenAt: number | null;
  message: string;
  /** Rows up to this id were pruned by the retention setting; null: none. */
  prunedThrough: number | null;
}

/** A token just made: `token` is shown once and stored nowhere. */
export interface CreatedApiToken {
  token: string;
  info: ApiTokenInfo;
}
