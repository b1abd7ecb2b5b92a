// The contract's requests for users, memberships and API tokens: the admin pages and the CLI
// make the same calls, each through the policy (src/main/access/policy.ts).
import { z } from 'zod';
import type { ApiTokenInfo, AuditChainState, CreatedApiToken, Membership, User } from './types.js';
import { id, mutation, noArgs, query } from './request-spec.js';

export const userName = z
  .string()
  .regex(
    /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/,
    'Letters, digits, dots, dashes and underscores (at most 64), starting with a letter or digit',
  );
/** Checked for length by the core (at least 12); travels renderer → core only, kept hashed. */
const password = z.string().min(1, 'Enter a password').max(1024);
export const environmentRole = z.enum(['owner', 'member', 'restricted', 'read-only']);
/** A glob of stack names (`shop-*`): the characters of stack names, `*` and `?`. */
export const stackPattern = z
  .string()
  .regex(/^[A-Za-z0-9*?][A-Za-z0-9_*?-]{0,39}$/, 'A stack name with * and ?, e.g. shop-*');

export const accessRequests = {
  /** Who the caller is: its name, whether it is a user account (else the local admin). */
  'access.me': query(noArgs).returns<{ name: string; user: boolean; siteAdmin: boolean }>(),
  'user.list': query(noArgs).returns<User[]>(),
  'user.add': mutation(
    z.object({ name: userName, password, siteAdmin: z.boolean().default(false) }).strict(),
  ).returns<User>(),
  'user.remove': mutation(z.object({ name: userName }).strict()).returns<null>(),
  'user.setPassword': mutation(z.object({ name: userName, password }).strict()).returns<null>(),
  'user.setAdmin': mutation(
    z.object({ name: userName, siteAdmin: z.boolean() }).strict(),
  ).returns<User>(),
  'member.list': query(z.object({ environmentId: id }).strict()).returns<Membership[]>(),
  'member.set': mutation(
    z
      .object({
        environmentId: id,
        user: userName,
        role: environmentRole,
        stacks: stackPattern.nullable().default(null),
      })
      .strict(),
  ).returns<Membership[]>(),
  'member.remove': mutation(z.object({ environmentId: id, user: userName }).strict()).returns<
    Membership[]
  >(),
  /** A user's own tokens; a site admin's: everyone's. */
  'token.list': query(noArgs).returns<ApiTokenInfo[]>(),
  'token.create': mutation(
    z
      .object({
        /** Whose token (a site admin may name anyone; others only themselves). */
        user: userName,
        name: z.string().max(100).default(''),
        environmentIds: z.array(id).max(100).optional(),
        role: environmentRole.optional(),
        expires: z
          .string()
          .regex(/^\d{1,5}[dhm]$/, 'A duration like 30d, 12h or 90m')
          .optional(),
      })
      .strict(),
  ).returns<CreatedApiToken>(),
  'token.revoke': mutation(z.object({ id }).strict()).returns<ApiTokenInfo>(),
  /** The audit log's digest chain walked now: intact, or its first broken row. */
  'audit.verify': query(noArgs).returns<AuditChainState>(),
};
