// Contract handlers for login sessions; spread into the core's handler table. Who may list or
// end which sessions is the policy's (action `account`); these only do it.
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
