// Routing one Docker API call over several managers, through the real agent and dockerode, each
// "manager" a local HTTP server on a Unix socket (or an opener that never answers, as a manager
// behind a cut link does).
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import type { ClientChannel } from 'ssh2';
import { afterAll, describe, expect, it } from 'vitest';
import { dockerOverSsh, type StreamLocalOpener } from '../ssh/docker-agent';
import { TempDirs } from '../test-support';
import { EngineError, NoAnswerError } from './engine-error';
import { routeCall, type Candidate, type DialOptions } from './manager-calls';

const dirs = new TempDirs();
const servers: http.Server[] = [];
const timings = { openMs: 200, answerMs: 400, lastAnswerMs: 800 };

/** A manager answering with `handler`; `seen` counts the requests it received. */
async function manager(
  name: string,
  handler: http.RequestListener,
): Promise<Candidate & { seen: string[] }> {
  const socket = path.join(dirs.make(), 'docker.sock');
  const seen: string[] = [];
  const server = http.createServer((req, res) => {
    seen.push(`${req.method} ${req.url}`);
    handler(req, res);
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(socket, resolve));
  const open: StreamLocalOpener = (_path, callback) => {
    const channel = net.connect(socket, () =>
      callback(undefined, channel as unknown as ClientChannel),
    );
  };
  return { hostId: servers.length, name, docker: dockerOverSsh(open), seen };
}

/** A manager behind a cut link: its channels never open. */
function unreachable(name: string): Candidate {
  return { hostId: 99, name, docker: dockerOverSsh(() => undefined) };
}

const json =
  (status: number, body: unknown): http.RequestListener =>
  (_req, res) => {
    res.writeHead(status, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify(body));
  };

const get = (p: string): DialOptions => ({
  path: p,
  method: 'GET',
  statusCodes: { 200: true, 404: 'not found', 500: 'server error', 503: 'unavailable' },
});
const create = (): DialOptions => ({
  path: '/services/create',
  method: 'POST',
  options: { Name: 'web' },
  statusCodes: { 201: true, 409: 'conflict', 500: 'server error', 503: 'unavailable' },
});

afterAll(() => {
  for (const server of servers) server.close();
  dirs.cleanup();
});

describe('routeCall', () => {
  it('moves on from a manager whose channel does not open, for a read and for a change', async () => {
    const good = await manager('m2', json(200, [{ ID: 'x' }]));
    const suspects: string[] = [];
    const hooks = { suspect: (c: Candidate) => suspects.push(c.name) };
    const started = Date.now();
    await expect(
      routeCall([unreachable('m1'), good], get('/services?'), hooks, timings),
    ).resolves.toEqual([{ ID: 'x' }]);
    expect(Date.now() - started).toBeLessThan(1_000);
    const created = await manager('m3', json(201, { ID: 'new' }));
    await expect(
      routeCall([unreachable('m1'), created], create(), hooks, timings),
    ).resolves.toEqual({ ID: 'new' });
    expect(created.seen).toEqual(['POST /services/create']);
    expect(suspects).toEqual(['m1', 'm1']);
  });

  it("takes the engine's 404 as the answer: not found, and no other manager is asked", async () => {
    const first = await manager('m1', json(404, { message: 'service web not found' }));
    const second = await manager('m2', json(200, {}));
    const error = await routeCall(
      [first, second],
      get('/services/web'),
      { suspect: () => undefined },
      timings,
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EngineError);
    expect(error).toMatchObject({
      code: 'NOT_FOUND',
      statusCode: 404,
      message: 'Docker on m1: service web not found',
    });
    expect(second.seen).toEqual([]);
  });

  it('asks another manager when one cannot act as a manager now (503)', async () => {
    const promoted = await manager(
      'm1',
      json(503, { message: 'This node is not a swarm manager.' }),
    );
    const other = await manager('m2', json(201, { ID: 'new' }));
    await expect(
      routeCall([promoted, other], create(), { suspect: () => undefined }, timings),
    ).resolves.toEqual({ ID: 'new' });
  });

  it('never sends a change twice when its answer was lost: says it may have been applied', async () => {
    // The engine takes the request and the connection drops before any answer.
    const dropping = await manager('m1', (req) => req.socket.destroy());
    const other = await manager('m2', json(201, { ID: 'twice' }));
    const error = await routeCall(
      [dropping, other],
      create(),
      { suspect: () => undefined },
      timings,
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NoAnswerError);
    expect(error).toMatchObject({ code: 'UNAVAILABLE', maybeApplied: true, host: 'm1' });
    expect(dropping.seen).toEqual(['POST /services/create']);
    expect(other.seen).toEqual([]);
  });

  it("takes a manager's Raft deadline on a change for a lost answer, not a refusal", async () => {
    const forwarding = await manager(
      'm1',
      json(500, { message: 'rpc error: code = DeadlineExceeded desc = context deadline exceeded' }),
    );
    const error = await routeCall(
      [forwarding],
      create(),
      { suspect: () => undefined },
      timings,
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NoAnswerError);
    expect(error).toMatchObject({ maybeApplied: true, details: { outcome: 'unknown' } });
  });

  it('asks again, on a fresh channel, for a read whose answer was lost', async () => {
    let calls = 0;
    const flaky = await manager('m1', (req, res) => {
      if (calls++ === 0) req.socket.destroy();
      else json(200, ['ok'])(req, res);
    });
    await expect(
      routeCall([flaky], get('/tasks?'), { suspect: () => undefined }, timings),
    ).resolves.toEqual(['ok']);
    expect(flaky.seen).toHaveLength(2);
  });

  it('gives up on a read that gets no answer in time and asks the next manager', async () => {
    const stuck = await manager('m1', () => undefined);
    const other = await manager('m2', json(200, ['fresh']));
    const suspects: string[] = [];
    await expect(
      routeCall([stuck, other], get('/nodes?'), { suspect: (c) => suspects.push(c.name) }, timings),
    ).resolves.toEqual(['fresh']);
    expect(suspects).toEqual(['m1']);
  });

  it('waits longer for the only (or last) manager, whose channel is slow to open on a loaded machine', async () => {
    const slow = await manager('m1', json(200, ['late']));
    const open = (slow.docker as unknown as { modem: { agent: { open: StreamLocalOpener } } }).modem
      .agent;
    const direct = open.open;
    open.open = (p, callback) => setTimeout(() => direct(p, callback), 500);
    const suspects: string[] = [];
    await expect(
      routeCall([slow], get('/services?'), { suspect: (c) => suspects.push(c.name) }, timings),
    ).resolves.toEqual(['late']);
    expect(suspects).toEqual([]);
  });

  it('names every manager tried when none answers', async () => {
    const error = await routeCall(
      [unreachable('m1'), unreachable('m2')],
      get('/info'),
      { suspect: () => undefined },
      timings,
    ).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'UNAVAILABLE', maybeApplied: false });
    expect((error as Error).message).toBe(
      'No manager answered (m1: no channel within the deadline; m2: no channel within the deadline)',
    );
  });
});
