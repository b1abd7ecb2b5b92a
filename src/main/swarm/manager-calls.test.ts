// Routing one Docker API call over several managers, through the real agent and dockerode.
import { afterAll, describe, expect, it } from 'vitest';
import type { StreamLocalOpener } from '../ssh/docker-agent';
import { EngineError, NoAnswerError, NoLeaderError } from './engine-error';
import { routeCall, type Candidate } from './manager-calls';
import { closeManagers, create, get, json, manager, timings, unreachable } from './test-managers';

afterAll(closeManagers);

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

describe('routeCall without a Raft leader', () => {
  const leaderless = json(500, {
    message:
      "rpc error: code = Unknown desc = The swarm does not have a leader. It's possible that too few managers are online.",
  });

  it('asks the next manager, without suspecting the one that answered', async () => {
    const first = await manager('m1', leaderless);
    const second = await manager('m2', json(201, { ID: 'new' }));
    const suspects: string[] = [];
    await expect(
      routeCall([first, second], create(), { suspect: (c) => suspects.push(c.name) }, timings),
    ).resolves.toEqual({ ID: 'new' });
    expect(suspects).toEqual([]);
  });

  it('says the Swarm has no leader and that nothing was changed when every manager says so', async () => {
    const error = await routeCall(
      [await manager('m1', leaderless), await manager('m2', leaderless)],
      create(),
      { suspect: () => undefined },
      timings,
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NoLeaderError);
    expect(error).toMatchObject({ code: 'UNAVAILABLE', details: { reason: 'swarm-no-leader' } });
    expect((error as Error).message).toMatch(/^The Swarm has no leader \(m1, m2 answered so\)/);
  });
});
