// Team mode end to end over real HTTP, WebSockets and SQLite: logins, cookies, expiry on a
// clock the test moves, revocation closing live sockets, Origin refusals, growing delays.
import http from 'node:http';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { sessionDigest } from '../access/sessions.js';
import { createCore, type Core } from '../core/core.js';
import { TEST_COST } from '../access/passwords.js';
import { TempDirs, adminContext } from '../test-support.js';
import { SESSION_COOKIE } from './auth.js';
import { startWebServer, type WebServer } from './server.js';
import { SESSION_ENDED } from './session-sockets.js';

const dirs = new TempDirs();
const PASSWORD = 'correct horse battery';
let nowMs: number;
let core: Core;
let server: WebServer;
const sockets: WebSocket[] = [];

async function start(sessionCheckMs: number): Promise<void> {
  const root = dirs.make();
  core = createCore({
    dataDir: path.join(root, 'data'),
    shell: 'web',
    passwordCost: TEST_COST,
    now: () => new Date(nowMs),
  });
  await core.services.users.add('alice', PASSWORD);
  await core.services.users.add('bob', PASSWORD);
  await core.services.users.add('root', PASSWORD, true);
  server = await startWebServer({
    core,
    staticDir: root,
    sessionCheckMs,
    throttle: { now: () => nowMs },
  });
}

beforeEach(() => {
  nowMs = Date.parse('2026-12-08T00:00:00Z');
});

afterEach(async () => {
  for (const ws of sockets.splice(0)) ws.terminate();
  await server.close();
  core.close();
  dirs.cleanup();
});

interface Reply {
  status: number;
  headers: http.IncomingHttpHeaders;
  json: Record<string, unknown>;
}

const origin = () => `http://127.0.0.1:${server.port}`;

function call(
  method: string,
  target: string,
  { headers = {}, body }: { headers?: Record<string, string>; body?: unknown } = {},
): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: '127.0.0.1', port: server.port, path: target, method, headers, agent: false },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            json: text ? (JSON.parse(text) as Record<string, unknown>) : {},
          }),
        );
      },
    );
    req.on('error', reject);
    req.end(body === undefined ? undefined : JSON.stringify(body));
  });
}

const login = (name: string, password = PASSWORD, headers: Record<string, string> = {}) =>
  call('POST', '/auth/login', {
    headers: { origin: origin(), 'content-type': 'application/json', ...headers },
    body: { name, password },
  });

/** Logs in and returns the Cookie header that carries the session. */
async function session(name: string): Promise<string> {
  const reply = await login(name);
  expect(reply.status).toBe(200);
  return (reply.headers['set-cookie']?.[0] ?? '').split(';')[0] as string;
}

const state = async (cookie: string) =>
  (await call('GET', '/auth/session', { headers: { cookie } })).json;

/** A socket opened with a session cookie, answering contract calls. */
async function socket(cookie: string): Promise<{
  ws: WebSocket;
  call: (method: string, args?: unknown) => Promise<Record<string, unknown>>;
  closed: Promise<number>;
}> {
  const ws = new WebSocket(`ws://127.0.0.1:${server.port}/ws`, {
    headers: { cookie },
    origin: origin(),
  });
  sockets.push(ws);
  const closed = new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)));
  await new Promise((resolve, reject) => {
    ws.once('open', resolve);
    ws.once('error', reject);
  });
  let next = 1;
  return {
    ws,
    closed,
    call: (method, args = {}) =>
      new Promise((resolve) => {
        const id = next++;
        const listener = (data: WebSocket.RawData) => {
          const message = JSON.parse(String(data)) as Record<string, unknown>;
          if (message.id !== id) return;
          ws.off('message', listener);
          resolve(message);
        };
        ws.on('message', listener);
        ws.send(JSON.stringify({ id, method, args }));
      }),
  };
}

const auditRows = () =>
  core.services.audit.list(100).map((e) => ({
    actor: e.actor,
    action: e.action,
    result: e.result,
    clientAddress: e.clientAddress,
  }));

describe('team mode: logins and sessions', () => {
  beforeEach(() => start(60_000));

  it('says a login is needed, then signs in with an HttpOnly, SameSite=Strict cookie', async () => {
    expect(await state('')).toEqual({
      teamMode: true,
      signedIn: false,
      name: null,
      sessionEnded: false,
    });
    const reply = await login('alice');
    expect(reply.status).toBe(200);
    const [cookie] = reply.headers['set-cookie'] ?? [];
    expect(cookie).toMatch(new RegExp(`^${SESSION_COOKIE}=[A-Za-z0-9_-]{43};`));
    expect(cookie).toMatch(/;\s*HttpOnly/i);
    expect(cookie).toMatch(/;\s*SameSite=Strict/i);
    expect(cookie).toMatch(/;\s*Path=\//);
    expect(cookie).toMatch(/;\s*Max-Age=43200/); // the 12 h default
    expect(cookie).not.toMatch(/Secure/i); // plain HTTP on loopback; see the HTTPS test
    const sent = (cookie as string).split(';')[0] as string;
    expect(await state(sent)).toMatchObject({ signedIn: true, name: 'alice' });
  });

  it('stores only the digest of the session id', async () => {
    const cookie = await session('alice');
    const id = cookie.slice(SESSION_COOKIE.length + 1);
    const rows = core.services.db.prepare('SELECT * FROM sessions').all() as Record<
      string,
      unknown
    >[];
    expect(rows).toHaveLength(1);
    expect(rows[0]?.digest).toBe(sessionDigest(id));
    expect(JSON.stringify(rows)).not.toContain(id);
  });

  it('refuses a wrong password and an unknown name alike, and audits every login and logout', async () => {
    expect((await login('alice', 'not the password at all')).json).toEqual({
      error: 'Wrong user name or password',
    });
    expect((await login('mallory', PASSWORD)).status).toBe(401);
    const cookie = await session('alice');
    const out = await call('POST', '/auth/logout', { headers: { cookie, origin: origin() } });
    expect(out.status).toBe(200);
    expect(out.headers['set-cookie']?.[0]).toMatch(/Max-Age=0/);
    expect(await state(cookie)).toMatchObject({ signedIn: false, sessionEnded: true });
    expect(auditRows().reverse()).toEqual([
      { actor: 'alice', action: 'session.login', result: 'denied', clientAddress: '127.0.0.1' },
      { actor: 'mallory', action: 'session.login', result: 'denied', clientAddress: '127.0.0.1' },
      { actor: 'alice', action: 'session.login', result: 'ok', clientAddress: '127.0.0.1' },
      { actor: 'alice', action: 'session.logout', result: 'ok', clientAddress: '127.0.0.1' },
    ]);
  });

  it('refuses a login or logout without this server as Origin, and a socket from another site', async () => {
    expect((await login('alice', PASSWORD, { origin: 'http://evil.example' })).status).toBe(403);
    const noOrigin = await call('POST', '/auth/login', {
      headers: { 'content-type': 'application/json' },
      body: { name: 'alice', password: PASSWORD },
    });
    expect(noOrigin.status).toBe(403);
    const cookie = await session('alice');
    const logout = await call('POST', '/auth/logout', {
      headers: { cookie, origin: 'http://evil.example' },
    });
    expect(logout.status).toBe(403);
    expect(await state(cookie)).toMatchObject({ signedIn: true });
    const ws = new WebSocket(`ws://127.0.0.1:${server.port}/ws`, {
      headers: { cookie },
      origin: 'http://evil.example',
    });
    sockets.push(ws);
    const status = await new Promise<number>((resolve) => {
      ws.once('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
      ws.once('error', () => undefined);
    });
    expect(status).toBe(403);
  });

  it('acts for the user: their roles, not the admin’s', async () => {
    const alice = await socket(await session('alice'));
    expect(await alice.call('session.whoami')).toMatchObject({
      ok: true,
      result: { kind: 'user', name: 'alice', siteAdmin: false, teamMode: true },
    });
    expect(await alice.call('env.create', { name: 'Mine' })).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });
  });

  it('lets a user list and revoke their own sessions only; an admin anyone’s', async () => {
    const alice = await socket(await session('alice'));
    await session('alice');
    const bob = await socket(await session('bob'));
    const mine = (await alice.call('session.list')).result as { id: number; current: boolean }[];
    expect(mine).toHaveLength(2);
    expect(mine.filter((s) => s.current)).toHaveLength(1);
    const aliceSession = mine[0]?.id as number;
    expect(await bob.call('session.revoke', { id: aliceSession })).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });
    expect(await bob.call('session.list', { all: true })).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });
    const root = await socket(await session('root'));
    const all = (await root.call('session.list', { all: true })).result as { user: string }[];
    expect(all.map((s) => s.user).sort()).toEqual(['alice', 'alice', 'bob', 'root']);
    expect(await root.call('session.revoke', { id: aliceSession })).toMatchObject({ ok: true });
    expect(auditRows()[0]).toMatchObject({ actor: 'root', action: 'session.revoke', result: 'ok' });
  });
});

describe('team mode: a session that ends closes its sockets', () => {
  it('closes a live socket at once when the session is revoked (no sweep needed)', async () => {
    await start(3_600_000);
    const alice = await socket(await session('alice'));
    const other = await socket(await session('alice'));
    const list = (await other.call('session.list')).result as { id: number; current: boolean }[];
    const first = list.find((s) => !s.current)?.id;
    const started = Date.now();
    expect(await other.call('session.revoke', { id: first })).toMatchObject({ ok: true });
    expect(await alice.closed).toBe(SESSION_ENDED);
    expect(Date.now() - started).toBeLessThan(3_600_000);
    expect(other.ws.readyState).toBe(WebSocket.OPEN);
  });

  it('ends a session after the idle time without requests, and its socket with it', async () => {
    await start(50);
    const cookie = await session('alice');
    const alice = await socket(cookie);
    // Requests keep it alive past the idle limit (60 min by default)...
    for (let minute = 0; minute < 90; minute += 20) {
      nowMs += 20 * 60_000;
      expect(await alice.call('app.info')).toMatchObject({ ok: true });
    }
    // ...silence ends it.
    nowMs += 60 * 60_000;
    expect(await alice.closed).toBe(SESSION_ENDED);
    expect(await state(cookie)).toMatchObject({ signedIn: false, sessionEnded: true });
  });

  it('ends a session at its absolute age however busy it is', async () => {
    await start(50);
    await core.call(
      'settings.update',
      { sessionMaxHours: 2, sessionIdleMinutes: 30 },
      adminContext('test', 'cli'),
    );
    const cookie = await session('alice');
    const alice = await socket(cookie);
    for (let minutes = 0; minutes < 110; minutes += 10) {
      nowMs += 10 * 60_000;
      expect(await alice.call('app.info')).toMatchObject({ ok: true });
    }
    nowMs += 10 * 60_000; // 2 h after the login
    expect(await alice.closed).toBe(SESSION_ENDED);
    expect(await state(cookie)).toMatchObject({ signedIn: false });
  });
});

describe('team mode: password guessing slows down', () => {
  beforeEach(() => start(60_000));

  it('makes each attempt after a few failures wait twice as long, then lets the right one in', async () => {
    const waits: (number | null)[] = [];
    for (let attempt = 0; attempt < 8; attempt++) {
      const reply = await login('alice', `guess number ${attempt}!`);
      if (reply.status === 429) {
        const seconds = reply.json.retryAfterSeconds as number;
        expect(reply.headers['retry-after']).toBe(String(seconds));
        waits.push(seconds);
        nowMs += seconds * 1000; // wait as told, then guess again
        attempt--;
      } else {
        expect(reply.status).toBe(401);
        waits.push(null);
      }
      if (waits.length > 20) break;
    }
    // Three free failures, then 1, 2, 4, 8 s before each next guess...
    expect(waits.filter((w) => w !== null)).toEqual([1, 2, 4, 8]);
    // ...and 16 s after the eighth, even for the right password.
    const throttled = await login('alice', PASSWORD);
    expect(throttled.status).toBe(429);
    expect(throttled.json.retryAfterSeconds).toBe(16);
    nowMs += 16_000;
    expect((await login('alice', PASSWORD)).status).toBe(200);
    expect(auditRows().filter((r) => r.result === 'denied').length).toBeGreaterThanOrEqual(13);
  });
});
