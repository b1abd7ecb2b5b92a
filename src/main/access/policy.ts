// Who may call what, as data: one entry per contract method (the type makes a missing entry a
// compile error, policy.test.ts a test failure). The authorizer reads it; nothing else decides.
import type { Method, ParsedArgsOf } from '../../shared/contract.js';

/**
 * What a call does, weakest first. Each environment role may do some of these (see
 * `roleAllows`); `signed-in` is any principal, `account` the caller's own account (or a site
 * admin acting on anyone's), `site-admin` is console-wide administration.
 */
export type Action = 'signed-in' | 'account' | 'view' | 'operate' | 'manage' | 'own' | 'site-admin';

/** What the policy may ask about the objects named in a call's arguments. */
export interface Lookups {
  /** null: no such host (refused to all but admins, who get the handler's NOT_FOUND). */
  hostEnvironment(hostId: number): number | null;
  registryEnvironment(registryId: number): number | null;
  alerts(ids: readonly number[]): { environmentId: number; stack: string | null }[];
  /** The stack label of a container (by id, unique id prefix or name); null outside a stack. */
  containerStack(environmentId: number, hostId: number | undefined, ref: string): string | null;
  /** The user a login session belongs to; null: no such session. */
  sessionUser(sessionId: number): number | null;
  /**
   * The stack label of a Swarm service (by name or id, as the engine resolves it); null for a
   * service outside any stack or none at all. Asked of the cluster, so only for memberships
   * limited to stacks.
   */
  serviceStack(environmentId: number, service: string): Promise<string | null>;
  /** The name of the user an API token belongs to; null: no such token. */
  tokenOwner(tokenId: number): string | null;
}

/**
 * The stack a call acts on, for memberships limited to stacks: a stack name, a Swarm service
 * (whose stack label decides, never its name: stack and service names may both hold `_`), or
 * null when the target belongs to no stack.
 */
export type StackTarget = { stack: string } | { service: string } | null;

/** How a list result is cut down to what the principal may see (see filters.ts). */
export type ResultFilter =
  | 'environments'
  | 'hosts'
  | 'stacks'
  | 'services'
  | 'loadBalancers'
  | 'containers'
  | 'alerts'
  | 'audit'
  | 'metricsBatch'
  | 'metricsTop'
  | 'maskVersions'
  | 'maskStackDetail'
  | 'maskCompose'
  | 'maskContainerEnv'
  | 'tokens';

export interface PolicyEntry<M extends Method> {
  action: Action;
  /**
   * The environments the call acts on (all must allow the action). Undefined entries (an
   * optional environmentId left out) mean "any": the result is filtered instead; null entries
   * an object that does not exist. Without this field the call is console-wide.
   */
  environments?: (args: ParsedArgsOf<M>, lookups: Lookups) => (number | null | undefined)[];
  /** The stacks the call acts on; absent or undefined: the call is environment-wide. */
  stack?: (args: ParsedArgsOf<M>, lookups: Lookups) => StackTarget | StackTarget[] | undefined;
  filter?: ResultFilter;
  /**
   * Whether the call would use the console machine's own files or SSH agent (a key file path,
   * the agent, a compose file's folder): those are the local admin's credentials alone.
   */
  usesConsoleFiles?: (args: ParsedArgsOf<M>) => boolean;
  /**
   * With action `account`: whose account the call acts on: 'self' (the caller's own), a user
   * id, 'all' (every user's), or null (no such object: refused to all but admins).
   */
  account?: (args: ParsedArgsOf<M>, lookups: Lookups) => number | 'self' | 'all' | null;
  /** The user the call acts for: only that user (or a site admin) may make it. */
  self?: (args: ParsedArgsOf<M>, lookups: Lookups) => string | null;
  /** Not through an API token: a token must not mint or widen tokens. */
  noToken?: boolean;
}

export type Policy = { [M in Method]: PolicyEntry<M> };

type AuthArg = { kind: string; keyPath?: string } | undefined;
const consoleAuth = (auth: AuthArg) => auth?.kind === 'agent' || Boolean(auth?.keyPath);
const hasWorkingDir = (a: { workingDir?: string }) => a.workingDir !== undefined;
const env = (a: { environmentId: number }) => [a.environmentId];
const optionalEnv = (a: { environmentId?: number }) => [a.environmentId];
const hostEnv = (a: { id: number }, l: Lookups) => [l.hostEnvironment(a.id)];
const registryEnv = (a: { id: number }, l: Lookups) => [l.registryEnvironment(a.id)];
const namedStack = (a: { name: string }) => ({ stack: a.name });
const service = (a: { service: string }) => ({ service: a.service });
/** A host id that is not in the environment named beside it would let a call cross over. */
const envAndHost = (environmentId: number, hostId: number | undefined, l: Lookups) =>
  hostId === undefined ? [environmentId] : [environmentId, l.hostEnvironment(hostId)];

export const policy: Policy = {
  'app.info': { action: 'signed-in' },
  'env.list': { action: 'signed-in', filter: 'environments' },
  'env.create': { action: 'site-admin' },
  'env.update': { action: 'own', environments: (a) => [a.id] },
  'env.remove': { action: 'own', environments: (a) => [a.id] },
  'env.cluster': { action: 'view', environments: env },
  // The deploy guardrails' allow-list: the owner's to read and to set.
  'env.bindPaths': { action: 'own', environments: env },
  'env.setBindPaths': { action: 'own', environments: env },

  'host.list': { action: 'view', environments: optionalEnv, filter: 'hosts' },
  // Not tied to an environment yet: a member of any environment may look at a host's key.
  'host.probe': {
    action: 'manage',
    usesConsoleFiles: (a) => consoleAuth(a.auth) || consoleAuth(a.jump && { kind: 'agent' }),
  },
  'host.add': {
    action: 'manage',
    environments: env,
    usesConsoleFiles: (a) => consoleAuth(a.auth) || a.jump !== undefined,
  },
  'host.remove': { action: 'manage', environments: hostEnv },
  'host.label': { action: 'manage', environments: hostEnv },
  'host.setRole': { action: 'manage', environments: hostEnv },
  'host.setAvailability': { action: 'manage', environments: hostEnv },
  'host.repin': { action: 'manage', environments: hostEnv },
  'host.preflight': { action: 'manage', environments: hostEnv },

  'audit.list': { action: 'signed-in', filter: 'audit' },

  'stack.list': { action: 'view', environments: env, filter: 'stacks' },
  'stack.get': {
    action: 'view',
    environments: env,
    stack: namedStack,
    filter: 'maskStackDetail',
  },
  'stack.validate': { action: 'signed-in', usesConsoleFiles: hasWorkingDir },
  'stack.deploy': {
    action: 'operate',
    environments: env,
    stack: namedStack,
    usesConsoleFiles: hasWorkingDir,
  },
  'stack.remove': { action: 'operate', environments: env, stack: namedStack },
  'stack.export': { action: 'view', environments: env, stack: namedStack, filter: 'maskCompose' },
  'stack.plan': {
    action: 'operate',
    environments: env,
    stack: namedStack,
    usesConsoleFiles: hasWorkingDir,
  },
  'stack.history': {
    action: 'view',
    environments: env,
    stack: namedStack,
    filter: 'maskVersions',
  },
  'stack.rollback': { action: 'operate', environments: env, stack: namedStack },

  'service.list': {
    action: 'view',
    environments: env,
    stack: (a) => (a.stack === undefined ? undefined : { stack: a.stack }),
    filter: 'services',
  },
  'lb.list': {
    action: 'view',
    environments: env,
    stack: (a) => (a.stack === undefined ? undefined : { stack: a.stack }),
    filter: 'loadBalancers',
  },
  'service.scale': { action: 'operate', environments: env, stack: service },
  'service.stop': { action: 'operate', environments: env, stack: service },
  'service.start': { action: 'operate', environments: env, stack: service },
  'service.restart': { action: 'operate', environments: env, stack: service },
  'service.update': { action: 'operate', environments: env, stack: service },
  'service.rollback': { action: 'operate', environments: env, stack: service },

  'registry.list': { action: 'view', environments: env },
  'registry.add': { action: 'manage', environments: env },
  'registry.update': { action: 'manage', environments: registryEnv },
  'registry.remove': { action: 'manage', environments: registryEnv },
  'registry.test': { action: 'manage', environments: registryEnv },

  'template.list': { action: 'signed-in' },
  'template.render': { action: 'signed-in' },
  'settings.get': { action: 'signed-in' },
  'settings.update': { action: 'site-admin' },
  // A backup holds the whole database (every environment, sealed secrets): the site's admin's.
  'session.whoami': { action: 'signed-in' },
  'session.list': { action: 'account', account: (a) => (a.all ? 'all' : 'self') },
  'session.revoke': { action: 'account', account: (a, l) => l.sessionUser(a.id) },
  'backup.list': { action: 'site-admin' },
  'backup.create': { action: 'site-admin' },
  // The console machine itself: its processes, namespaces and the lab's SSH key.
  'firstRun.offer': { action: 'site-admin' },
  'lab.start': { action: 'site-admin', environments: env, usesConsoleFiles: () => true },

  'container.list': { action: 'view', environments: env, filter: 'containers' },
  // Reading, like logs; environment values are masked for read-only members.
  'container.inspect': {
    action: 'view',
    environments: (a, l) => envAndHost(a.environmentId, a.hostId, l),
    stack: (a, l) => stackOf(l.containerStack(a.environmentId, a.hostId, a.id)),
    filter: 'maskContainerEnv',
  },
  // Logs are reading: read-only may (Rancher's read-only role could too).
  'logs.open': {
    action: 'view',
    environments: (a, l) => envAndHost(a.environmentId, a.container?.hostId, l),
    stack: (a, l) =>
      a.container
        ? stackOf(l.containerStack(a.environmentId, a.container.hostId, a.container.id))
        : { service: a.service as string },
  },
  'exec.open': {
    action: 'operate',
    environments: (a, l) => envAndHost(a.environmentId, a.hostId, l),
    stack: (a, l) => stackOf(l.containerStack(a.environmentId, a.hostId, a.containerId)),
  },
  'container.remove': {
    action: 'operate',
    environments: (a, l) => envAndHost(a.environmentId, a.hostId, l),
    stack: (a, l) => stackOf(l.containerStack(a.environmentId, a.hostId, a.containerId)),
  },
  // The stream registry lets only the connection that opened a stream write to or close it.
  'exec.input': { action: 'signed-in' },
  'exec.resize': { action: 'signed-in' },
  'stream.close': { action: 'signed-in' },

  'alert.list': { action: 'view', environments: optionalEnv, filter: 'alerts' },
  'alert.acknowledge': {
    action: 'operate',
    environments: (a, l) => {
      const found = l.alerts(a.ids).map((x) => x.environmentId);
      // An id that does not exist is refused like one of another environment: no probing.
      return found.length === a.ids.length ? found : [...found, null];
    },
    stack: (a, l) => l.alerts(a.ids).map((x) => stackOf(x.stack)),
  },
  'alert.thresholds': { action: 'view', environments: env },
  'alert.setThresholds': { action: 'manage', environments: env },

  'metrics.latest': { action: 'view', environments: env, filter: 'metricsBatch' },
  'metrics.series': {
    action: 'view',
    environments: env,
    stack: ({ environmentId, entity }, l) => {
      if (entity.kind === 'host') return undefined;
      if (entity.kind === 'stack') return { stack: entity.id };
      if (entity.kind === 'service') return { service: entity.id };
      return stackOf(l.containerStack(environmentId, undefined, entity.id));
    },
  },
  'metrics.top': { action: 'view', environments: env, filter: 'metricsTop' },

  // Accounts are the site admin's; members the environment owner's; tokens their user's.
  'access.me': { action: 'signed-in' },
  'user.list': { action: 'site-admin' },
  'user.add': { action: 'site-admin' },
  'user.remove': { action: 'site-admin' },
  'user.setPassword': { action: 'site-admin' },
  'user.setAdmin': { action: 'site-admin' },
  'member.list': { action: 'own', environments: env },
  'member.set': { action: 'own', environments: env },
  'member.remove': { action: 'own', environments: env },
  'token.list': { action: 'signed-in', filter: 'tokens' },
  'audit.verify': { action: 'site-admin' },
  'token.create': { action: 'signed-in', self: (a) => a.user, noToken: true },
  'token.revoke': { action: 'signed-in', self: (a, l) => l.tokenOwner(a.id) },
};

const stackOf = (name: string | null): StackTarget => (name === null ? null : { stack: name });
