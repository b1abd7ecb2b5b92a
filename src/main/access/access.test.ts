// Every contract method against every role, through the real web-mode server on 127.0.0.1 with
// API tokens over a real WebSocket; and events of another environment never reaching a socket.
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { requests, type Method } from '../../shared/contract.js';
import { createCore, type Core } from '../core/core.js';
import { TEST_COST } from './passwords.js';
import { TempDirs } from '../test-support.js';
import { startWebServer, type WebServer } from '../web/server.js';
import type { Role } from './principal.js';

const dirs = new TempDirs();
const opened: { core: Core; server: WebServer; sockets: WebSocket[] }[] = [];

afterEach(async () => {
  for (const { core, server, sockets } of opened.splice(0)) {
    for (const ws of sockets) ws.terminate();
    await server.close();
    core.close();
  }
  dirs.cleanup();
});

/** A console with environments dev and ops, a host and a registry in each, an alert in dev. */
async function lab() {
  const core = createCore({
    dataDir: path.join(dirs.make(), 'data'),
    shell: 'web',
    passwordCost: TEST_COST,
  });
  const server = await startWebServer({ core, staticDir: dirs.make() });
  const sockets: WebSocket[] = [];
  opened.push({ core, server, sockets });
  const s = core.services;
  const dev = s.environments.create('dev', '').id;
  const ops = s.environments.create('ops', '').id;
  const host = (environmentId: number, name: string) =>
    s.hosts.insert({
      environmentId,
      name,
      address: '127.0.0.1',
      port: 1, // nothing listens: a call that reaches the host fails at once
      user: 'root',
      auth: { kind: 'agent' },
      secret: null,
      hostKey: `SHA256:${'A'.repeat(43)}`,
      jump: null,
    }).id;
  const devHost = host(dev, 'dev1');
  const opsHost = host(ops, 'ops1');
  const devRegistry = s.registryStore.add(dev, 'registry.dev:5000', 'ci', 'sealed').id;
  const { id: devAlert } = s.db
    .prepare(
      `INSERT INTO alerts (environment_id, kind, severity, subject_type, subject_id, subject_name,
         subject_stack, message, since, raised_at)
       VALUES (?, 'service-below-desired', 'warning', 'service', 'shop_web', 'shop_web', 'shop',
         'down', '2025-01-01T00:00:00Z', '2025-01-01T00:00:00Z') RETURNING id`,
    )
    .get(dev) as { id: number };
  const other = await s.users.add('other', 'correct horse battery');
  s.sessions.create(other.id, '10.0.0.1', 'test');
  const otherSession = s.sessions.list(other.id)[0]?.id as number;
  return {
    core,
    server,
    sockets,
    dev,
    ops,
    devHost,
    opsHost,
    devRegistry,
    devAlert,
    otherSession,
  };
}
type Lab = Awaited<ReturnType<typeof lab>>;

async function tokenFor(
  l: Lab,
  name: string,
  memberships: [number, Role, string?][],
  limits: { roleCeiling?: Role } = {},
): Promise<string> {
  const users = l.core.services.users;
  const user = await users.add(name, 'correct horse battery');
  for (const [env, role, stacks] of memberships)
    users.setMembership(user.id, env, role, stacks ?? null);
  return users.createToken({ userId: user.id, ...limits }).token;
}

/** A WebSocket client with a Bearer token; records every event it receives. */
async function connect(l: Lab, token: string) {
  const ws = new WebSocket(`ws://127.0.0.1:${l.server.port}/ws`, {
    headers: { authorization: `Bearer ${token}` },
  });
  l.sockets.push(ws);
  const events: { event: string; payload: unknown }[] = [];
  const pending = new Map<number, (reply: Record<string, unknown>) => void>();
  ws.on('message', (data) => {
    const message = JSON.parse(String(data)) as Record<string, unknown>;
    if (typeof message.id === 'number') pending.get(message.id)?.(message);
    else events.push(message as { event: string; payload: unknown });
  });
  await new Promise((resolve, reject) => {
    ws.once('open', resolve);
    ws.once('error', reject);
  });
  let next = 1;
  const call = (method: string, args: unknown) =>
    new Promise<Record<string, unknown>>((resolve) => {
      const id = next++;
      pending.set(id, resolve);
      ws.send(JSON.stringify({ id, method, args }));
    });
  return { call, events };
}

/**
 * What each method needs, stated here independently of the policy: a role in environment dev,
 * `signed-in` for anyone, `site-admin`, or `console` (it would use the console machine's files
 * or SSH agent, the local admin's alone), `account` (the caller's own account: not through a
 * narrowed token). `anyEnv`: the call names no environment, a role in
 * any environment does; `inOps`: the role is needed in ops. Destructive calls come last: each role gets a fresh console anyway.
 */
type Need = Role | 'signed-in' | 'account' | 'site-admin' | 'console';
type Where = { anyEnv?: boolean; inOps?: boolean };
function table(l: Lab): [Method, Need, Record<string, unknown>, Where?][] {
  const environmentId = l.dev;
  const password = { kind: 'password', password: 'x' };
  return [
    ['app.info', 'signed-in', {}],
    ['env.list', 'signed-in', {}],
    ['env.create', 'site-admin', { name: 'new' }],
    ['env.update', 'owner', { id: l.dev, description: 'd' }],
    ['env.cluster', 'read-only', { environmentId }],
    ['env.bindPaths', 'owner', { environmentId }],
    ['env.setBindPaths', 'owner', { environmentId, paths: ['/srv/data'] }],
    ['host.list', 'read-only', { environmentId }],
    ['host.probe', 'member', { address: '127.0.0.1', port: 1, auth: password }, { anyEnv: true }],
    ['host.probe', 'console', { address: '127.0.0.1', port: 1, auth: { kind: 'agent' } }],
    ['host.add', 'member', { environmentId, address: '127.0.0.1', port: 1, auth: password }],
    ['host.add', 'console', { environmentId, address: '127.0.0.1', auth: { kind: 'agent' } }],
    ['host.label', 'member', { id: l.devHost, set: { a: 'b' } }],
    ['host.label', 'member', { id: l.opsHost, set: { a: 'b' } }, { inOps: true }],
    ['host.setRole', 'member', { id: l.devHost, role: 'worker' }],
    ['host.setAvailability', 'member', { id: l.devHost, availability: 'drain' }],
    ['host.repin', 'member', { id: l.devHost, hostKey: `SHA256:${'B'.repeat(43)}` }],
    ['host.preflight', 'member', { id: l.devHost }],
    ['audit.list', 'signed-in', {}],
    ['stack.list', 'read-only', { environmentId }],
    ['stack.get', 'read-only', { environmentId, name: 'shop' }],
    ['stack.validate', 'signed-in', { compose: 'services: {}' }],
    ['stack.validate', 'console', { compose: 'services: {}', workingDir: '/etc' }],
    ['stack.deploy', 'restricted', { environmentId, name: 'shop', compose: 'services: {}' }],
    ['stack.export', 'read-only', { environmentId, name: 'shop' }],
    ['stack.plan', 'restricted', { environmentId, name: 'shop', compose: 'services: {}' }],
    ['stack.history', 'read-only', { environmentId, name: 'shop' }],
    ['stack.rollback', 'restricted', { environmentId, name: 'shop', version: 1 }],
    ['service.list', 'read-only', { environmentId }],
    ['lb.list', 'read-only', { environmentId }],
    ['service.scale', 'restricted', { environmentId, service: 'shop_web', replicas: 2 }],
    ['service.stop', 'restricted', { environmentId, service: 'shop_web' }],
    ['service.start', 'restricted', { environmentId, service: 'shop_web' }],
    ['service.restart', 'restricted', { environmentId, service: 'shop_web' }],
    ['service.update', 'restricted', { environmentId, service: 'shop_web', image: 'nginx:1' }],
    ['service.rollback', 'restricted', { environmentId, service: 'shop_web' }],
    ['registry.list', 'read-only', { environmentId }],
    ['registry.add', 'member', { environmentId, address: 'r.dev', username: 'u', password: 'p' }],
    ['registry.update', 'member', { id: l.devRegistry, username: 'v' }],
    ['registry.test', 'member', { id: l.devRegistry }],
    ['template.list', 'signed-in', {}],
    ['template.render', 'signed-in', { id: 'nginx', answers: {} }],
    ['settings.get', 'signed-in', {}],
    ['settings.update', 'site-admin', { theme: 'dark' }],
    ['backup.list', 'site-admin', {}],
    ['backup.create', 'site-admin', {}],
    ['firstRun.offer', 'site-admin', {}],
    ['lab.start', 'console', { environmentId }],
    ['container.list', 'read-only', { environmentId }],
    ['logs.open', 'read-only', { environmentId, service: 'shop_web' }],
    ['logs.open', 'site-admin', { environmentId, container: { hostId: l.opsHost, id: 'abc' } }],
    ['container.inspect', 'read-only', { environmentId, hostId: l.devHost, id: 'abc' }],
    ['container.inspect', 'site-admin', { environmentId, hostId: l.opsHost, id: 'abc' }],
    [
      'exec.open',
      'restricted',
      { environmentId, hostId: l.devHost, containerId: 'abc', cols: 80, rows: 24 },
    ],
    ['container.remove', 'restricted', { environmentId, hostId: l.devHost, containerId: 'abc' }],
    ['exec.input', 'signed-in', { streamId: 'nope', data: 'ls\n' }],
    ['exec.resize', 'signed-in', { streamId: 'nope', cols: 80, rows: 24 }],
    ['stream.close', 'signed-in', { streamId: 'nope' }],
    ['alert.list', 'read-only', { environmentId }],
    ['alert.acknowledge', 'restricted', { ids: [l.devAlert] }],
    ['alert.thresholds', 'read-only', { environmentId }],
    ['alert.setThresholds', 'member', { environmentId, thresholds: { cpuPercent: 90 } }],
    ['metrics.latest', 'read-only', { environmentId }],
    [
      'metrics.series',
      'read-only',
      { environmentId, entity: { kind: 'host', id: String(l.devHost) } },
    ],
    ['metrics.top', 'read-only', { environmentId, metric: 'cpu' }],
    ['session.whoami', 'signed-in', {}],
    ['session.list', 'account', {}],
    ['session.list', 'site-admin', { all: true }],
    ['session.revoke', 'site-admin', { id: l.otherSession }],
    ['session.revoke', 'site-admin', { id: 99_999 }],
    ['user.list', 'site-admin', {}],
    ['user.add', 'site-admin', { name: 'newbie', password: 'long enough secret' }],
    ['user.setPassword', 'site-admin', { name: 'newbie', password: 'long enough secret' }],
    ['user.setAdmin', 'site-admin', { name: 'newbie', siteAdmin: true }],
    ['member.list', 'owner', { environmentId }],
    ['member.set', 'owner', { environmentId, user: 'nobody', role: 'member' }],
    ['member.remove', 'owner', { environmentId, user: 'nobody' }],
    ['token.list', 'signed-in', {}],
    ['access.me', 'signed-in', {}],
    ['audit.verify', 'site-admin', {}],
    // Through an API token no token is made; another user's token is not revoked.
    ['token.create', 'site-admin', { user: 'owner' }],
    ['token.revoke', 'site-admin', { id: 999 }],
    ['user.remove', 'site-admin', { name: 'newbie' }],
    ['registry.remove', 'member', { id: l.devRegistry }],
    ['stack.remove', 'restricted', { environmentId, name: 'shop' }],
    ['host.remove', 'member', { id: l.devHost }],
    ['env.remove', 'owner', { id: l.dev }],
  ];
}

const rank: Record<Role, number> = { 'read-only': 0, restricted: 1, member: 2, owner: 3 };

/** Who calls: a role in dev (or in ops only), possibly through a token with a ceiling. */
const callers: { name: string; dev?: Role; ops?: Role; ceiling?: Role }[] = [
  { name: 'owner', dev: 'owner' },
  { name: 'member', dev: 'member' },
  { name: 'restricted', dev: 'restricted' },
  { name: 'readonly', dev: 'read-only' },
  { name: 'outsider', ops: 'owner' },
  { name: 'capped', dev: 'owner', ceiling: 'read-only' },
];

function allowed(need: Need, caller: (typeof callers)[number], where: Where = {}): boolean {
  if (need === 'signed-in') return true;
  if (need === 'account') return !caller.ceiling;
  if (need === 'site-admin' || need === 'console') return false;
  const inScope = where.inOps ? [caller.ops] : [caller.dev, ...(where.anyEnv ? [caller.ops] : [])];
  const roles = inScope.filter((r): r is Role => !!r);
  const capped = roles.map((r) =>
    caller.ceiling && rank[caller.ceiling] < rank[r] ? caller.ceiling : r,
  );
  return capped.some((r) => rank[r] >= rank[need]);
}

describe('every contract method, every role, over the web-mode WebSocket', () => {
  it('covers every method of the contract', async () => {
    const l = await lab();
    const covered = new Set(table(l).map(([m]) => m));
    expect(Object.keys(requests).filter((m) => !covered.has(m as Method))).toEqual([]);
  });

  it.each(callers)(
    '$name: allowed calls run, others are FORBIDDEN naming the role',
    async (caller) => {
      const l = await lab();
      const memberships: [number, Role][] = [];
      if (caller.dev) memberships.push([l.dev, caller.dev]);
      if (caller.ops) memberships.push([l.ops, caller.ops]);
      const token = await tokenFor(l, caller.name, memberships, { roleCeiling: caller.ceiling });
      const client = await connect(l, token);
      const outcomes: string[] = [];
      for (const [method, need, args, options] of table(l)) {
        const reply = await client.call(method, args);
        const error = reply.error as { code: string; details?: { role?: string } } | undefined;
        const forbidden = error?.code === 'FORBIDDEN';
        const expectAllowed = allowed(need, caller, options);
        if (forbidden === expectAllowed) {
          outcomes.push(
            `${method} (${need}): ${forbidden ? 'FORBIDDEN' : 'allowed'} ${JSON.stringify(error ?? '')}`,
          );
        }
        if (forbidden) expect(error?.details?.role).toBeTruthy();
      }
      expect(outcomes).toEqual([]);
    },
    60_000,
  );
});

describe('events of another environment', () => {
  it('never reach a socket of a member of dev only', async () => {
    const l = await lab();
    const client = await connect(l, await tokenFor(l, 'devonly', [[l.dev, 'owner']]));
    const bus = l.core.services.events;
    const batch = (environmentId: number) => ({
      environmentId,
      t: 1,
      hosts: [],
      containers: [],
      services: [],
      stacks: [],
      sources: [],
    });
    for (const environmentId of [l.ops, l.dev]) {
      bus.publish('stack.changed', environmentId);
      bus.publish('registry.changed', environmentId);
      bus.publish('container.changed', { environmentId });
      bus.publish('metrics.batch', batch(environmentId));
      bus.publish('operation.progress', {
        operationId: 'op',
        environmentId,
        step: 's',
        state: 'running',
        message: 'm',
      });
    }
    bus.publish('host.changed', l.core.services.hosts.list());
    bus.publish('env.changed', l.core.services.environments.list());
    bus.publish('stream.data', { streamId: 'other-socket', data: 'secret output' });
    // A round trip after the events: everything published before it has been delivered.
    await client.call('app.info', {});

    const text = JSON.stringify(client.events);
    expect(client.events.length).toBeGreaterThanOrEqual(7); // dev's own events do arrive
    expect(text).not.toContain('secret output');
    expect(text).not.toContain('ops1');
    expect(text).not.toContain('"ops"');
    for (const { payload } of client.events) {
      const id =
        typeof payload === 'number'
          ? payload
          : (payload as { environmentId?: number }).environmentId;
      expect(id === undefined || id === l.dev).toBe(true);
    }
  });
});

describe('API tokens on the WebSocket upgrade', () => {
  const upgrade = (l: Lab, token: string) =>
    new Promise<string>((resolve) => {
      const ws = new WebSocket(`ws://127.0.0.1:${l.server.port}/ws`, {
        headers: { authorization: `Bearer ${token}` },
      });
      l.sockets.push(ws);
      ws.once('open', () => resolve('open'));
      ws.once('unexpected-response', (_req, res) => resolve(String(res.statusCode)));
      ws.once('error', () => resolve('error'));
    });

  it('refuses unknown, revoked and expired tokens, and audits every use without the token', async () => {
    const l = await lab();
    const good = await tokenFor(l, 'carol', [[l.dev, 'member']]);
    const users = l.core.services.users;
    const carol = users.find('carol');
    const revoked = users.createToken({ userId: carol.id });
    users.revokeToken(revoked.info.id);
    const expired = users.createToken({ userId: carol.id, expires: '1d' });
    l.core.services.db
      .prepare(`UPDATE api_tokens SET expires_at = '2000-01-01T00:00:00Z' WHERE id = ?`)
      .run(expired.info.id);

    expect(await upgrade(l, good)).toBe('open');
    expect(await upgrade(l, revoked.token)).toBe('401');
    expect(await upgrade(l, `drv_${'x'.repeat(43)}`)).toBe('401');
    expect(await upgrade(l, 'not-a-token')).toBe('401');
    expect(await upgrade(l, expired.token)).toBe('401');

    const uses = l.core.services.audit.list(50).filter((e) => e.action === 'token.use');
    expect(uses.map((e) => e.result)).toEqual(['denied', 'denied', 'denied', 'denied', 'ok']);
    expect(uses[4]).toMatchObject({ actor: 'carol', clientAddress: '127.0.0.1' });
    expect(JSON.stringify(uses)).not.toContain(good);
    expect(users.token(users.tokens()[0]!.id).lastUsedAt).not.toBeNull();
    // Only digests are stored.
    expect(
      JSON.stringify(l.core.services.db.prepare('SELECT * FROM api_tokens').all()),
    ).not.toContain(good.slice(4));
  });
});
