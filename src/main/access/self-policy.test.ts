// Calls that act for one user (API tokens): that user or a site admin may make them, and never
// through an API token (a token must not mint tokens beyond its own limits).
import { describe, expect, it } from 'vitest';
import { Authorizer } from './authorize.js';
import type { Lookups } from './policy.js';
import type { Principal } from './principal.js';

const lookups = {
  tokenOwner: (id: number) => (id === 1 ? 'alice' : id === 2 ? 'bob' : null),
} as unknown as Lookups;
const authorizer = new Authorizer(
  { membership: () => undefined, memberships: () => new Map() },
  lookups,
);
const alice: Principal = { kind: 'user', userId: 1, name: 'alice', siteAdmin: false };
const admin: Principal = { kind: 'user', userId: 3, name: 'root', siteAdmin: true };
const aliceToken: Principal = {
  ...alice,
  token: { id: 1, environmentIds: null, roleCeiling: 'read-only' },
};

const outcome = (p: Principal, method: 'token.create' | 'token.revoke', args: object) =>
  authorizer.authorize(p, method, args).then(
    () => 'allowed',
    (e: { code: string }) => e.code,
  );

describe('tokens are their user’s', () => {
  it('lets a user make and revoke their own tokens only; a site admin anyone’s', async () => {
    expect(await outcome(alice, 'token.create', { user: 'alice' })).toBe('allowed');
    expect(await outcome(alice, 'token.create', { user: 'bob' })).toBe('FORBIDDEN');
    expect(await outcome(alice, 'token.revoke', { id: 1 })).toBe('allowed');
    expect(await outcome(alice, 'token.revoke', { id: 2 })).toBe('FORBIDDEN');
    expect(await outcome(alice, 'token.revoke', { id: 9 })).toBe('FORBIDDEN');
    expect(await outcome(admin, 'token.create', { user: 'bob' })).toBe('allowed');
    expect(await outcome(admin, 'token.revoke', { id: 2 })).toBe('allowed');
  });

  it('makes no token through a token, even the same user’s', async () => {
    expect(await outcome(aliceToken, 'token.create', { user: 'alice' })).toBe('FORBIDDEN');
    expect(await outcome(aliceToken, 'token.revoke', { id: 1 })).toBe('allowed');
  });
});
