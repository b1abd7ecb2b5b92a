// Contract handlers for login sessions, users, memberships and API tokens: what the sign-in,
// the admin pages and the CLI call. Who may act on which is the policy's; these only do it.
import type { AuditTargets, Handlers } from '../rpc/dispatcher.js';
import type { Authorizer } from './authorize.js';
import type { SessionStore } from './sessions.js';
import type { UserStore } from './users.js';

type SessionHandlers = Pick<Handlers, 'session.whoami' | 'session.list' | 'session.revoke'>;

export function sessionHandlers(
  sessions: SessionStore,
  users: UserStore,
  access: Authorizer,
): SessionHandlers {
  return {
    'session.whoami': (_args, { principal, sessionId }) => ({
      kind: principal.kind,
      name: principal.name,
      siteAdmin: access.isSiteAdmin(principal),
      sessionId: sessionId ?? null,
      teamMode: users.count() > 0,
    }),
    'session.list': ({ all }, { principal, sessionId }) => {
      // The local admin has no account and so no sessions of its own.
      const mine = principal.kind === 'user' ? principal.userId : null;
      const listed = all ? sessions.list() : mine === null ? [] : sessions.list(mine);
      return listed.map((s) => ({ ...s, current: s.id === sessionId }));
    },
    'session.revoke': ({ id }) => sessions.revoke(id),
  };
}

export function sessionAuditTargets(sessions: SessionStore): AuditTargets {
  return {
    'session.revoke': ({ id }) => `session #${id} of ${sessions.get(id).user}`,
  };
}

type AccessHandlers = Pick<
  Handlers,
  | 'user.list'
  | 'user.add'
  | 'user.remove'
  | 'user.setPassword'
  | 'user.setAdmin'
  | 'member.list'
  | 'member.set'
  | 'member.remove'
  | 'token.list'
  | 'token.create'
  | 'token.revoke'
>;

export function accessHandlers(users: UserStore): AccessHandlers {
  return {
    'user.list': () => users.list(),
    'user.add': ({ name, password, siteAdmin }) => users.add(name, password, siteAdmin),
    'user.remove': ({ name }) => {
      users.remove(name);
      return null;
    },
    'user.setPassword': async ({ name, password }) => {
      await users.setPassword(name, password);
      return null;
    },
    'user.setAdmin': ({ name, siteAdmin }) => users.setSiteAdmin(name, siteAdmin),
    'member.list': ({ environmentId }) => users.members(environmentId),
    'member.set': ({ environmentId, user, role, stacks }) => {
      users.setMembership(users.find(user).id, environmentId, role, stacks);
      return users.members(environmentId);
    },
    'member.remove': ({ environmentId, user }) => {
      users.removeMembership(users.find(user).id, environmentId);
      return users.members(environmentId);
    },
    'token.list': () => users.tokens(),
    'token.create': ({ user, name, environmentIds, role, expires }) =>
      users.createToken({
        userId: users.find(user).id,
        name,
        environmentIds,
        roleCeiling: role,
        expires,
      }),
    'token.revoke': ({ id }) => users.revokeToken(id),
  };
}

/** Audit targets: the user and the token (memberships name their environment: core/handlers). */
export const accessAuditTargets: AuditTargets = {
  'user.add': ({ name }) => name,
  'user.remove': ({ name }) => name,
  'user.setPassword': ({ name }) => name,
  'user.setAdmin': ({ name, siteAdmin }) => `${name}${siteAdmin ? ' (site admin)' : ''}`,
  'token.create': ({ user, name }) => `${user}${name ? ` (${name})` : ''}`,
  'token.revoke': ({ id }) => `token #${id}`,
};
