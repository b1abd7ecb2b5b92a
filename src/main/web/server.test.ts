import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import WebSocket from 'ws';
import type { Environment } from '../../shared/types.js';
import { StreamRegistry, type StreamOutput } from '../containers/streams.js';
import { createCore, type Core } from '../core/core.js';
import { TempDirs } from '../test-support.js';
import { TOKEN_COOKIE } from './auth.js';
import { startWebServer, type WebServer } from './server.js';

const INDEX_HTML = '<!doctype html><title>Drover</title><div id="root"></div>';
const APP_JS = 'console.log("drover app");';
const SECRET = 'TOP SECRET: outside the static folder';

const dirs = new TempDirs();
let root: string;
let core: Core;
let server: WebServer;
const sockets: WebSocket[] = [];

beforeEach(async () => {
  root = dirs.make();
  const staticDir = path.join(root, 'static');
  fs.mkdirSync(path.join(staticDir, 'assets'), { recursive: true });
  fs.writeFileSync(path.join(staticDir, 'index.html'), INDEX_HTML);
  fs.writeFileSync(path.join(staticDir, 'assets', 'app.js'), APP_JS);
  fs.writeFileSync(path.join(root, 'secret.txt'), SECRET);
  core = createCore({ dataDir: path.join(root, 'data'), shell: 'web' });
  server = await startWebServer({ core, staticDir });
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
  body: string;
}

/** A raw GET: the path goes out exactly as written (no client-side normalisation). */
function request(
  target: string,
  headers: Record<string, string> = {},
  method = 'GET',
  host = '127.0.0.1',
): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host, port: server.port, path: target, method, headers, agent: false },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      },
    );
    req.on('error', reject);
    req.end();
  });
}

const withToken = (target: string) =>
  `${target}${target.includes('?') ? '&' : '?'}token=${server.token}`;
const cookie = () => ({ cookie: `${TOKEN_COOKIE}=${server.token}` });

/** A WebSocket client that records every message it receives. */
class Client {
  readonly ws: WebSocket;
  readonly received: Record<string, unknown>[] = [];
  private readonly waiters: (() => void)[] = [];

  constructor(query = `token=${server.token}`, options: WebSocket.ClientOptions = {}) {
    this.ws = new WebSocket(`ws://127.0.0.1:${server.port}/ws?${query}`, options);
    sockets.push(this.ws);
    this.ws.on('message', (data) => {
      this.received.push(JSON.parse(String(data)) as Record<string, unknown>);
      for (const wake of this.waiters.splice(0)) wake();
    });
  }

  opened(): Promise<void> {
    return new Promise((resolve, reject) => {
      this.ws.once('open', () => resolve());
      this.ws.once('error', reject);
    });
  }

  /** The HTTP status the server refused the upgrade with. */
  refused(): Promise<number> {
    return new Promise((resolve, reject) => {
      this.ws.once('open', () => reject(new Error('the server accepted the WebSocket')));
      this.ws.once('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
      this.ws.once('error', () => undefined);
    });
  }

  closed(): Promise<{ code: number; reason: string }> {
    return new Promise((resolve) =>
      this.ws.once('close', (code, reason) => resolve({ code, reason: String(reason) })),
    );
  }

  async next(match: (m: Record<string, unknown>) => boolean): Promise<Record<string, unknown>> {
    for (;;) {
      const found = this.received.find(match);
      if (found) return found;
      await new Promise<void>((wake) => this.waiters.push(wake));
    }
  }

  send(message: unknown): void {
    this.ws.send(typeof message === 'string' ? message : JSON.stringify(message));
  }
}

describe('HTTP: token', () => {
  it('serves the page without the token (it says how to get in), with no cookie and no access', async () => {
    const reply = await request('/');
    expect(reply.status).toBe(200);
    expect(reply.body).toBe(INDEX_HTML);
    expect(reply.headers['set-cookie']).toBeUndefined();
    expect(JSON.parse((await request('/auth/session')).body)).toEqual({
      teamMode: false,
      signedIn: false,
      name: null,
      sessionEnded: false,
    });
  });

  it('refuses a wrong token, in the query or in the cookie', async () => {
    const wrong = server.token.slice(0, -1) + (server.token.endsWith('A') ? 'B' : 'A');
    const signedIn = async (target: string, headers: Record<string, string> = {}) => {
      const page = await request(target, headers);
      const state = await request(`/auth/session${target.slice(1)}`, headers);
      const { signedIn } = JSON.parse(state.body) as { signedIn: boolean };
      // A cookie is set only for the right token.
      expect(page.headers['set-cookie'] !== undefined).toBe(signedIn);
      return signedIn;
    };
    expect(await signedIn(`/?token=${wrong}`)).toBe(false);
    expect(await signedIn('/?token=')).toBe(false);
    expect(await signedIn('/', { cookie: `${TOKEN_COOKIE}=${wrong}` })).toBe(false);
    expect(await signedIn('/', { cookie: `other=${server.token}` })).toBe(false);
    expect(await signedIn(`/?token=${server.token}`)).toBe(true);
  });

  it('serves index.html for the right token, with security headers and a strict session cookie', async () => {
    const reply = await request(withToken('/'));

    expect(reply.status).toBe(200);
    expect(reply.body).toBe(INDEX_HTML);
    expect(reply.headers['content-type']).toMatch(/^text\/html/);
    expect(reply.headers['content-security-policy']).toContain("default-src 'self'");
    expect(reply.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(reply.headers['referrer-policy']).toBe('no-referrer');
    expect(reply.headers['cache-control']).toBe('no-store');
    const [setCookie] = reply.headers['set-cookie'] ?? [];
    expect(setCookie).toContain(`${TOKEN_COOKIE}=${server.token}`);
    expect(setCookie).toMatch(/;\s*HttpOnly/i);
    expect(setCookie).toMatch(/;\s*SameSite=Strict/i);
  });

  it('serves assets with just the cookie afterwards', async () => {
    const first = await request(withToken('/'));
    const sessionCookie = (first.headers['set-cookie']?.[0] ?? '').split(';')[0] ?? '';

    const reply = await request('/assets/app.js', { cookie: sessionCookie });

    expect(reply.status).toBe(200);
    expect(reply.body).toBe(APP_JS);
    expect(reply.headers['content-type']).toMatch(/^text\/javascript/);
    expect(reply.headers['set-cookie']).toBeUndefined();
  });

  it('answers any in-app route with index.html so reloads work', async () => {
    const reply = await request('/environments/3/hosts', cookie());
    expect(reply.status).toBe(200);
    expect(reply.body).toBe(INDEX_HTML);
  });

  it('refuses methods other than GET and HEAD', async () => {
    expect((await request('/', cookie(), 'POST')).status).toBe(405);
    expect((await request('/', cookie(), 'DELETE')).status).toBe(405);
  });
});

describe('HTTP: files outside the static folder', () => {
  it.each([
    '/../secret.txt',
    '/%2e%2e/secret.txt',
    '/..%2fsecret.txt',
    '/%2e%2e%2fsecret.txt',
    '/assets/../../secret.txt',
    '/assets/..%2f..%2fsecret.txt',
    '/../../etc/passwd',
    '/%2e%2e/%2e%2e/etc/passwd',
    '/..%2f..%2f..%2f..%2f..%2f..%2fetc%2fpasswd',
    '/%2fetc%2fpasswd',
    '//etc/passwd',
    '/..%5c..%5csecret.txt',
    '/secret.txt%00.js',
  ])('never serves %s', async (target) => {
    const reply = await request(target, cookie());
    expect(reply.body).not.toContain(SECRET);
    expect(reply.body).not.toMatch(/root:.*:0:0:/);
    if (reply.status === 200) expect(reply.body).toBe(INDEX_HTML);
  });

  it('answers a malformed escape with 400', async () => {
    expect((await request('/%E0%A4%A', cookie())).status).toBe(400);
  });
});

/** Bytes written as they are to the server; resolves with everything it answered until it closed. */
function rawExchange(bytes: string | Buffer, waitMs = 2000): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(server.port, '127.0.0.1');
    let answer = '';
    const done = () => {
      clearTimeout(timer);
      socket.destroy();
      resolve(answer);
    };
    const timer = setTimeout(done, waitMs);
    socket.setEncoding('latin1');
    socket.on('data', (chunk: string) => (answer += chunk));
    socket.on('end', done);
    socket.on('close', done);
    socket.on('error', reject);
    socket.write(bytes);
  });
}

const upgradeRequest = (target: string, headers = '') =>
  `GET ${target} HTTP/1.1\r\nHost: 127.0.0.1:${server.port}\r\nConnection: Upgrade\r\n` +
  `Upgrade: websocket\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n` +
  `${headers}\r\n`;

describe('bad input: a clear answer, and the server lives on', () => {
  async function stillServes(): Promise<void> {
    const reply = await request('/', cookie());
    expect(reply.status).toBe(200);
    expect(reply.body).toBe(INDEX_HTML);
  }

  it.each(['//', '///', '//:', '//[', '//?x', '//%'])(
    'answers a path the URL parser rejects (%s) with 400, before any check',
    async (target) => {
      const reply = await request(target);
      expect(reply.status).toBe(400);
      await stillServes();
    },
  );

  it('takes a malformed token cookie for no credential', async () => {
    const reply = await request('/auth/session', { cookie: `${TOKEN_COOKIE}=%E0%A4%A` });
    expect(JSON.parse(reply.body)).toMatchObject({ signedIn: false });
    await stillServes();
  });

  it('refuses a WebSocket upgrade on an unparsable path', async () => {
    const answer = await rawExchange(upgradeRequest(`//?token=${server.token}`));
    expect(answer).toMatch(/^HTTP\/1\.1 400 /);
    await stillServes();
  });

  it('refuses a WebSocket upgrade with a malformed token cookie (401)', async () => {
    const answer = await rawExchange(upgradeRequest('/ws', `Cookie: ${TOKEN_COOKIE}=%E0%A4%A\r\n`));
    expect(answer).toMatch(/^HTTP\/1\.1 401 /);
    await stillServes();
  });

  it('closes the socket with 1009 on a frame over the 4 MiB limit', async () => {
    const client = new Client();
    await client.opened();
    const closed = client.closed();

    client.ws.send(Buffer.alloc(4 * 1024 * 1024 + 1, 'a'));

    expect((await closed).code).toBe(1009);
    await stillServes();
    const good = new Client();
    await good.opened();
    good.send({ id: 1, method: 'env.list', args: {} });
    expect(await good.next((m) => m.id === 1)).toMatchObject({ ok: true });
  });
});

describe('HTTP: Host header (DNS rebinding)', () => {
  it('refuses a foreign Host even with the token', async () => {
    const reply = await request(withToken('/'), { host: `evil.example:${server.port}` });
    expect(reply.status).toBe(403);
    expect(reply.body).not.toContain(INDEX_HTML);
    expect(reply.headers['set-cookie']).toBeUndefined();
  });

  it('accepts localhost as a Host name', async () => {
    const reply = await request(withToken('/'), { host: `localhost:${server.port}` });
    expect(reply.status).toBe(200);
  });
});

describe('binding', () => {
  it('listens on 127.0.0.1 by default, and the URL carries the token', async () => {
    expect(server.url).toBe(`http://127.0.0.1:${server.port}/?token=${server.token}`);
    expect(server.port).toBeGreaterThan(0);
    expect(server.token.length).toBeGreaterThanOrEqual(32);

    const external = Object.values(os.networkInterfaces())
      .flat()
      .find((i) => i && i.family === 'IPv4' && !i.internal);
    if (external) {
      const reached = await new Promise<boolean>((resolve) => {
        const socket = net.connect(server.port, external.address);
        socket.once('connect', () => {
          socket.destroy();
          resolve(true);
        });
        socket.once('error', () => resolve(false));
      });
      expect(reached).toBe(false);
    }
  });

  it('gives each server its own random token', async () => {
    const other = await startWebServer({ core, staticDir: path.join(root, 'static') });
    try {
      expect(other.token).not.toBe(server.token);
      expect(other.port).not.toBe(server.port);
    } finally {
      await other.close();
    }
  });
});

describe('WebSocket', () => {
  it('refuses a connection without the token (401)', async () => {
    expect(await new Client('').refused()).toBe(401);
    expect(await new Client('token=nope').refused()).toBe(401);
  });

  it('refuses a page from another site even when it has the token', async () => {
    const client = new Client(undefined, { origin: 'http://evil.example' });
    expect(await client.refused()).toBe(403);
  });

  it('refuses a foreign Host even with the token', async () => {
    const client = new Client(undefined, { headers: { host: `evil.example:${server.port}` } });
    expect(await client.refused()).toBe(403);
  });

  it('accepts the session cookie and the console page as Origin', async () => {
    const client = new Client('', {
      origin: `http://127.0.0.1:${server.port}`,
      headers: cookie(),
    });
    await client.opened();
  });

  it('answers a request with its id and the envelope', async () => {
    const client = new Client();
    await client.opened();

    client.send({ id: 1, method: 'env.list', args: {} });

    const reply = await client.next((m) => m.id === 1);
    expect(reply).toMatchObject({ id: 1, ok: true });
    expect((reply.result as Environment[]).map((e) => e.name)).toEqual(['Default']);
  });

  it('answers errors as envelopes and keeps the socket open', async () => {
    const client = new Client();
    await client.opened();

    client.send({ id: 7, method: 'env.create', args: { name: '$(reboot)' } });
    client.send({ id: 8, method: 'nope', args: {} });

    expect(await client.next((m) => m.id === 7)).toMatchObject({
      ok: false,
      error: { code: 'INVALID_ARGUMENT' },
    });
    expect(await client.next((m) => m.id === 8)).toMatchObject({
      ok: false,
      error: { code: 'UNKNOWN_METHOD' },
    });
    expect(client.ws.readyState).toBe(WebSocket.OPEN);
  });

  it('pushes env.changed to every other connected socket after a mutation', async () => {
    const writer = new Client();
    const watcher = new Client();
    await Promise.all([writer.opened(), watcher.opened()]);

    writer.send({ id: 1, method: 'env.create', args: { name: 'Staging' } });

    const pushed = await watcher.next((m) => m.event === 'env.changed');
    expect((pushed.payload as Environment[]).map((e) => e.name)).toEqual(['Default', 'Staging']);
    const audit = await watcher.next((m) => m.event === 'audit.appended');
    expect(audit.payload).toMatchObject({ action: 'env.create', shell: 'web', result: 'ok' });
    expect(await writer.next((m) => m.id === 1)).toMatchObject({ ok: true });
  });

  it.each([
    ['a non-JSON message', 'hello'],
    ['a request without an id', JSON.stringify({ method: 'env.list', args: {} })],
    ['a JSON null', 'null'],
    ['a JSON array', '[1,2]'],
  ])('closes the socket with 1003 on %s', async (_label, text) => {
    const client = new Client();
    await client.opened();
    const closed = client.closed();

    client.send(text);

    expect((await closed).code).toBe(1003);
  });

  it.each([
    ['no method', { id: 3 }, 'UNKNOWN_METHOD'],
    ['a number as method', { id: 3, method: 42 }, 'UNKNOWN_METHOD'],
    ['an inherited name as method', { id: 3, method: '__proto__' }, 'UNKNOWN_METHOD'],
    ['a string as args', { id: 3, method: 'env.create', args: 'Staging' }, 'INVALID_ARGUMENT'],
    ['an array as args', { id: 3, method: 'env.create', args: [1] }, 'INVALID_ARGUMENT'],
  ])('answers a request with %s with an error envelope', async (_label, message, code) => {
    const client = new Client();
    await client.opened();

    client.send(message);

    expect(await client.next((m) => m.id === 3)).toMatchObject({ ok: false, error: { code } });
    expect(client.ws.readyState).toBe(WebSocket.OPEN);
  });

  it('keeps serving other sockets after one sent garbage', async () => {
    const bad = new Client();
    const good = new Client();
    await Promise.all([bad.opened(), good.opened()]);
    const closed = bad.closed();
    bad.send('null');
    await closed;

    good.send({ id: 2, method: 'env.list', args: {} });
    expect(await good.next((m) => m.id === 2)).toMatchObject({ ok: true });
  });

  it('close() resolves while clients are connected, and disconnects them', async () => {
    const clients = [new Client(), new Client()];
    await Promise.all(clients.map((c) => c.opened()));
    const closed = clients.map((c) => c.closed());

    await server.close();

    await Promise.all(closed);
    await expect(request('/', cookie())).rejects.toThrow(/ECONNREFUSED/);
    server = { ...server, close: () => Promise.resolve() };
  });
});

describe('WebSocket: streams', () => {
  /** A core whose `test.open` opens a stream through the registry, like logs.open does. */
  async function serveStreams() {
    const registry = new StreamRegistry();
    const outputs = new Map<string, StreamOutput>();
    const closed: string[] = [];
    const dispatch: Core['dispatch'] = async (method, args, ctx) => {
      if (method !== 'test.open') return core.dispatch(method, args, ctx);
      const result = await registry.open(ctx, async (output, streamId) => {
        outputs.set(streamId, output);
        return { close: () => void closed.push(streamId) };
      });
      return { ok: true, result };
    };
    await server.close();
    server = await startWebServer({
      core: { ...core, dispatch },
      staticDir: path.join(root, 'static'),
    });
    return { registry, outputs, closed };
  }

  async function open(client: Client, id: number): Promise<string> {
    client.send({ id, method: 'test.open', args: {} });
    const reply = await client.next((m) => m.id === id);
    return (reply.result as { streamId: string }).streamId;
  }

  it('sends stream events only to the socket that opened the stream', async () => {
    const { outputs } = await serveStreams();
    const opener = new Client();
    const other = new Client();
    await Promise.all([opener.opened(), other.opened()]);
    const streamId = await open(opener, 1);
    outputs.get(streamId)!.data('hello\n', 'web.1@h1');
    outputs.get(streamId)!.end();
    await opener.next((m) => m.event === 'stream.end');
    expect(opener.received.filter((m) => 'event' in m)).toEqual([
      { event: 'stream.data', payload: { streamId, data: 'hello\n', source: 'web.1@h1' } },
      { event: 'stream.end', payload: { streamId } },
    ]);
    // Bus events still reach everyone; stream events did not reach the other socket.
    core.events.publish('stack.changed', 1);
    await other.next((m) => m.event === 'stack.changed');
    expect(other.received.some((m) => String(m.event).startsWith('stream.'))).toBe(false);
  });

  it("closes a socket's streams when it closes, leaving other sockets' streams open", async () => {
    const { registry, closed } = await serveStreams();
    const opener = new Client();
    const other = new Client();
    await Promise.all([opener.opened(), other.opened()]);
    const mine = [await open(opener, 1), await open(opener, 2)];
    const theirs = await open(other, 1);
    opener.ws.close();
    await vi.waitFor(() => expect(closed.sort()).toEqual([...mine].sort()));
    expect(registry.size).toBe(1);
    expect(closed).not.toContain(theirs);
  });
});

describe('fuzz: random and malformed input never ends the server', () => {
  /** mulberry32: a tiny seeded generator, so a failing run can be replayed exactly. */
  function seeded(seed: number) {
    let a = seed >>> 0;
    const next = () => {
      a = (a + 0x6d2b79f5) >>> 0;
      let t = a;
      t = Math.imul(t ^ (t >>> 15), t | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
    const int = (n: number) => Math.floor(next() * n);
    const pick = <T>(items: readonly T[]): T => items[int(items.length)]!;
    const bytes = (n: number) => Buffer.from(Array.from({ length: n }, () => int(256)));
    const junk = (n: number) => bytes(n).toString('latin1');
    return { int, pick, bytes, junk };
  }

  const SEED = 20240611;
  const rnd = seeded(SEED);
  // Only methods that stay on this machine (no SSH, no cluster): the fuzz must not reach hosts.
  const METHODS = [
    'app.info',
    'env.list',
    'env.create',
    'env.update',
    'audit.list',
    'settings.get',
    'template.list',
    'stack.validate',
    'alert.list',
    'stream.close',
    'nope',
    '',
    '__proto__',
    'constructor',
    'toString',
    'env.list\u0000',
  ];
  const values = (): unknown =>
    rnd.pick<() => unknown>([
      () => null,
      () => rnd.int(2) === 0,
      () => rnd.int(1e9) - 5e8,
      () => 1e308 * 10,
      () => rnd.junk(rnd.int(40)),
      () => 'x'.repeat(rnd.int(100_000)),
      () => [values(), values()],
      () => ({ name: values(), id: values(), environmentId: values(), compose: values() }),
      () => ({ __proto__: { polluted: true }, constructor: { prototype: 1 } }),
    ])();
  const paths = () =>
    rnd.pick<() => string>([
      () => '/' + rnd.junk(rnd.int(30)).replace(/[\s]/g, ''),
      () => '//' + rnd.pick(['', '/', ':', '[', '@', '?x', '#', '%', 'a:b']),
      () => '/%' + rnd.pick(['', 'E0%A4%A', 'zz', 'c0%af', '00']),
      () => '/?' + rnd.pick(['token', `token=${'%'.repeat(rnd.int(5))}`, 'token=%E0%A4%A&token=1']),
      () => '/ws?' + rnd.junk(rnd.int(20)).replace(/\s/g, ''),
      () => '/' + 'a/'.repeat(rnd.int(5000)),
      () => rnd.pick(['*', 'http://evil.example/', '', 'ws', '/ws']),
    ])();
  const headers = () =>
    Array.from({ length: rnd.int(5) }, () =>
      rnd.pick<() => string>([
        () =>
          `Cookie: ${TOKEN_COOKIE}=${rnd.pick(['%E0%A4%A', '%', '%%', rnd.junk(20), server.token + '%'])}`,
        () => `Cookie: ${rnd.junk(rnd.int(60))}`,
        () => `Host: ${rnd.pick(['', 'evil.example', `127.0.0.1:${server.port}`, rnd.junk(10)])}`,
        () => `Origin: ${rnd.pick(['null', 'http://evil.example', rnd.junk(8)])}`,
        () => 'Connection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13',
        () => `Sec-WebSocket-Key: ${rnd.junk(rnd.int(30))}`,
        () => `Content-Length: ${rnd.pick(['-1', '99999999999999999999', 'x', '5'])}`,
        () => `${rnd.junk(rnd.int(20))}: ${rnd.junk(rnd.int(20))}`,
        () => rnd.junk(rnd.int(80)),
      ])(),
    ).join('\r\n');

  /** Sends the bytes, stops writing, and waits (bounded) for the server to answer and close. */
  function exchange(bytes: string | Buffer): Promise<void> {
    return new Promise((resolve) => {
      const socket = net.connect(server.port, '127.0.0.1');
      const done = () => {
        clearTimeout(timer);
        socket.destroy();
        resolve();
      };
      const timer = setTimeout(done, 1000);
      socket.on('data', () => undefined);
      socket.on('close', done);
      socket.on('error', done);
      socket.end(bytes);
    });
  }

  it('answers a good request after hundreds of bad HTTP requests', async () => {
    const requests = Array.from({ length: 300 }, () =>
      rnd.int(10) === 0
        ? rnd.bytes(rnd.int(400))
        : `${rnd.pick(['GET', 'HEAD', 'POST', 'BREW', 'get', 'G\u0000T', rnd.junk(5), ''])} ` +
          `${paths()} ${rnd.pick(['HTTP/1.1', 'HTTP/1.0', 'HTTP/9', ''])}\r\n${headers()}\r\n\r\n`,
    );
    for (let i = 0; i < requests.length; i += 30) {
      await Promise.all(requests.slice(i, i + 30).map((bytes) => exchange(bytes)));
    }

    const reply = await request('/', cookie());
    expect(reply.status).toBe(200);
    expect(reply.body).toBe(INDEX_HTML);
  }, 20_000);

  it('answers a good request after hundreds of bad WebSocket messages', async () => {
    let client = new Client();
    await client.opened();
    for (let i = 0; i < 300; i++) {
      if (client.ws.readyState !== WebSocket.OPEN) {
        client = new Client();
        await client.opened();
      }
      const id = 1000 + i;
      const kind = rnd.int(8);
      const closed = client.closed();
      if (kind === 0) client.ws.send(rnd.junk(rnd.int(200)));
      else if (kind === 1) client.ws.send(rnd.bytes(rnd.int(200)), { binary: true });
      // Invalid UTF-8 in a text frame: the server must close it (1007), not crash.
      else if (kind === 2) client.ws.send(Buffer.from([0xe0, 0xa4, 0x41]), { binary: false });
      else if (kind === 3 && i % 60 === 3) client.ws.send(Buffer.alloc(4 * 1024 * 1024 + 1));
      else if (kind === 4) client.send(JSON.stringify(values()));
      else client.send({ id, method: rnd.pick(METHODS), args: values() });
      // Each message gets an answer with its id, or the socket is closed.
      await Promise.race([client.next((m) => m.id === id), closed]);
    }

    const good = new Client();
    await good.opened();
    good.send({ id: 1, method: 'env.list', args: {} });
    expect(await good.next((m) => m.id === 1)).toMatchObject({ ok: true });
    expect((await request('/', cookie())).status).toBe(200);
  }, 20_000);
});
