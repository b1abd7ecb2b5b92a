// The one place access is decided (design decision 9): the dispatcher asks `authorize` before
// any handler runs; list results and events are cut down with the same grants.
import type { Method } from '../../shared/contract.js';
import { DroverError, type ErrorReason } from '../../shared/errors.js';
import { applyFilter } from './filters.js';
import { policy as defaultPolicy, type Action, type Lookups, type Policy } from './policy.js';
import { roleRank, weakerRole, type Principal, type Role } from './principal.js';
import { stackPatternMatches } from './stack-pattern.js';

/** A principal's rights in one environment. */
export interface Grant {
  role: Role;
  /** A glob (`shop-*`) the membership is limited to; null: every stack. */
  stacks: string | null;
}

/** Where memberships come from (the users store). */
export interface MembershipSource {
  membership(userId: number, environmentId: number): Grant | undefined;
  memberships(userId: number): ReadonlyMap<number, Grant>;
}

/** The role each action needs in the environment it acts on. */
const neededRole: Record<Exclude<Action, 'signed-in' | 'account' | 'site-admin'>, Role> = {
  view: 'read-only',
  operate: 'restricted',
  manage: 'member',
  own: 'owner',
};

const OWNER: Grant = { role: 'owner', stacks: null };

/** What an allowed call may see: the grants behind it, for filters. */
export interface Decision {
  principal: Principal;
  siteAdmin: boolean;
  grant(environmentId: number): Grant | null;
}

export class Authorizer {
  constructor(
    private readonly memberships: MembershipSource,
    private readonly lookups: Lookups,
    private readonly policy: Policy = defaultPolicy,
  ) {}

  /** The principal's rights in an environment, narrowed by its token; null: none. */
  grant(principal: Principal, environmentId: number): Grant | null {
    if (principal.kind === 'local-admin') return OWNER;
    const token = principal.token;
    if (token?.environmentIds && !token.environmentIds.includes(environmentId)) return null;
    const own = principal.siteAdmin
      ? OWNER
      : this.memberships.membership(principal.userId, environmentId);
    if (!own) return null;
    return token?.roleCeiling ? { ...own, role: weakerRole(own.role, token.roleCeiling) } : own;
  }

  /** Every environment the principal has a grant in (for env-less calls). */
  private grants(principal: Principal): Grant[] {
    if (principal.kind === 'local-admin' || principal.siteAdmin) return [OWNER];
    return [...this.memberships.memberships(principal.userId).keys()]
      .map((id) => this.grant(principal, id))
      .filter((g): g is Grant => g !== null);
  }

  isSiteAdmin(principal: Principal): boolean {
    if (principal.kind === 'local-admin') return true;
    const token = principal.token;
    return (
      principal.siteAdmin &&
      (!token || (token.environmentIds === null && (token.roleCeiling ?? 'owner') === 'owner'))
    );
  }

  /**
   * A call on the caller's own account (sessions): allowed to the user, and to a token of theirs
   * only when it is not narrowed (a read-only token must not end the user's logins).
   */
  private ownAccount(principal: Principal, whose: number | 'self' | 'all' | null | undefined) {
    if (principal.kind !== 'user') return false;
    const token = principal.token;
    if (token && (token.environmentIds !== null || (token.roleCeiling ?? 'owner') !== 'owner'))
      return false;
    return whose === 'self' || whose === principal.userId;
  }

  /** The environment a call acts on, for its audit record; null: console-wide or unknown. */
  environmentOf(method: Method, args: unknown): number | null {
    try {
      const ids = this.policy[method]?.environments?.(args as never, this.lookups) ?? [];
      return ids.find((id): id is number => typeof id === 'number') ?? null;
    } catch {
      return null; // arguments that did not validate
    }
  }

  /** A result cut down to what the decision's principal may see (lists, masked values). */
  restrict(method: Method, result: unknown, decision: Decision, args: unknown): unknown {
    const filter = this.policy[method]?.filter;
    if (!filter || decision.principal.kind === 'local-admin') return result;
    const environmentId = (args as { environmentId?: number }).environmentId;
    return applyFilter(filter, result, decision, environmentId);
  }

  /** The grants of a principal, for filtering what it is sent. */
  decision(principal: Principal): Decision {
    return {
      principal,
      siteAdmin: this.isSiteAdmin(principal),
      grant: (id) => this.grant(principal, id),
    };
  }

  /**
   * Rejects with FORBIDDEN unless the principal may make this call; `args` are validated ones.
   * Asynchronous only where a membership limited to stacks needs a service's stack label.
   */
  async authorize(principal: Principal, method: Method, args: unknown): Promise<Decision> {
    const decision = this.decision(principal);
    if (principal.kind === 'local-admin') return decision;
    const entry = this.policy[method] as Policy[Method] | undefined;
    // Deny by default: a method without a policy entry is nobody's but the local admin's.
    if (!entry) throw refusal(principal, method, 'no-policy', 'site admin');
    const anyArgs = args as never;
    if (entry.usesConsoleFiles?.(anyArgs)) {
      throw refusal(
        principal,
        method,
        'console-files',
        'local admin',
        "it would use the console machine's own files or SSH agent",
      );
    }
    if (entry.noToken && principal.token) {
      throw refusal(principal, method, 'role', 'signed-in user', 'not through an API token');
    }
    if (entry.self && !this.isSiteAdmin(principal)) {
      if (entry.self(anyArgs, this.lookups) !== principal.name) {
        throw refusal(principal, method, 'role', 'site admin', 'it acts for another user');
      }
    }
    const { action } = entry;
    if (action === 'signed-in') return decision;
    if (action === 'site-admin' || action === 'account') {
      if (this.isSiteAdmin(principal)) return decision;
      if (
        action === 'account' &&
        this.ownAccount(principal, entry.account?.(anyArgs, this.lookups))
      )
        return decision;
      throw refusal(principal, method, 'role', 'site admin');
    }
    const role = neededRole[action];
    const environments = entry.environments?.(anyArgs, this.lookups);
    if (!environments) {
      // Console-wide (host.probe): the role in some environment, over all its stacks.
      const ok = this.grants(principal).some(
        (g) => roleRank(g.role) >= roleRank(role) && !g.stacks,
      );
      if (ok) return decision;
      throw refusal(principal, method, 'role', role);
    }
    for (const environmentId of environments) {
      if (environmentId === undefined) continue; // "any": the result is filtered
      const grant = environmentId === null ? null : this.grant(principal, environmentId);
      if (!grant || environmentId === null) throw refusal(principal, method, 'environment', role);
      if (roleRank(grant.role) < roleRank(role)) {
        throw refusal(principal, method, 'role', role, `it has ${grant.role}`);
      }
      if (grant.stacks === null) continue;
      const targets = entry.stack?.(anyArgs, this.lookups);
      const within = await this.withinStacks(environmentId, grant.stacks, targets, action);
      if (!within) {
        throw refusal(
          principal,
          method,
          'stacks',
          'member',
          `it is limited to stacks ${grant.stacks}`,
        );
      }
    }
    return decision;
  }

  /**
   * A membership limited to stacks: the call must act on stacks that match (a service by its
   * stack label), or only read environment-wide.
   */
  private async withinStacks(
    environmentId: number,
    pattern: string,
    targets: ReturnType<NonNullable<Policy[Method]['stack']>>,
    action: Action,
  ): Promise<boolean> {
    // Environment-wide reads (hosts, registries) are allowed; their lists are filtered.
    if (targets === undefined) return action === 'view';
    for (const target of Array.isArray(targets) ? targets : [targets]) {
      if (target === null) return false;
      const stack =
        'stack' in target
          ? target.stack
          : await this.lookups.serviceStack(environmentId, target.service);
      if (stack === null || !stackPatternMatches(pattern, stack)) return false;
    }
    return true;
  }
}

function refusal(
  principal: Principal,
  method: Method,
  reason: ErrorReason,
  role: string,
  why = '',
): DroverError {
  const needs = role === 'local admin' ? 'the local admin' : `the role ${role}`;
  return new DroverError(
    'FORBIDDEN',
    `${principal.name} may not call ${method}: it needs ${needs}${why ? ` (${why})` : ''}`,
    { reason, role },
  );
}
