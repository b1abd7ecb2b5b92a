// Contract handlers for users, memberships and API tokens: what the admin pages and the CLI call.
import type { AuditTargets, Handlers } from '../rpc/dispatcher.js';
import type { UserStore } from './users.js';

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
