// The gateway over fake managers: a change met by a Raft election waits for a leader and goes
// again; a read says at once that there is none.
import { afterAll, describe, expect, it } from 'vitest';
import type { Host } from '../../shared/types';
import { NoLeaderError } from './engine-error';
import { SwarmGateway } from './gateway';
import { closeManagers, json, manager } from './test-managers';

afterAll(closeManagers);

const leaderless = json(500, {
  message: 'rpc error: code = Unknown desc = The swarm does not have a leader.',
});

/** A gateway over one connected manager whose answers `handler` gives. */
async function gatewayOver(
  handler: Parameters<typeof manager>[1],
  options: { electionWaitMs: number },
) {
  const m1 = await manager('m1', handler);
  const host = { id: 1, name: 'm1', role: 'manager', nodeId: 'n1' } as Host;
  const waits: (number | null)[] = [];
  const gateway = new SwarmGateway({
    hosts: { list: () => [host] },
    connections: { get: () => ({ status: { state: 'connected' }, docker: () => m1.docker }) },
    electionWaitMs: options.electionWaitMs,
    leaderWait: (_env, since) => waits.push(since),
  });
  return { gateway, m1, waits };
}

describe('SwarmGateway during a Raft election', () => {
  it('holds a change until a leader is elected, then sends it once more', async () => {
    let asked = 0;
    const { gateway, m1, waits } = await gatewayOver(
      (req, res) => {
        // Leaderless for the first two attempts (the node list the gateway asks for is answered).
        if (req.url?.startsWith('/nodes')) return json(200, [])(req, res);
        return asked++ < 2 ? leaderless(req, res) : json(201, { ID: 'svc' })(req, res);
      },
      { electionWaitMs: 10_000 },
    );
    await expect(gateway.manager(7).createService({ Name: 'web' } as never)).resolves.toMatchObject(
      { id: 'svc' },
    );
    expect(m1.seen.filter((r) => r.startsWith('POST'))).toHaveLength(3);
    expect(waits).toHaveLength(2);
    expect(typeof waits[0]).toBe('number');
    expect(waits[1]).toBeNull();
  });

  it('answers a read at once, and gives a change up after the wait, saying how long', async () => {
    const { gateway } = await gatewayOver(leaderless, { electionWaitMs: 1_500 });
    const started = Date.now();
    const read = await gateway
      .manager(7)
      .listServices()
      .catch((e: unknown) => e);
    expect(read).toBeInstanceOf(NoLeaderError);
    expect(Date.now() - started).toBeLessThan(1_000);
    const change = await gateway
      .manager(7)
      .createService({ Name: 'web' } as never)
      .catch((e: unknown) => e);
    expect(change).toBeInstanceOf(NoLeaderError);
    expect((change as Error).message).toMatch(/has had no leader for 2 s.*Nothing was changed/);
  });
});

describe('SwarmGateway reads shared between clients', () => {
  it('asks the engine once for identical reads that overlap, each caller getting its own copy', async () => {
    const { gateway, m1 } = await gatewayOver(
      (req, res) =>
        setTimeout(() => json(200, [{ ID: 's1', Spec: { Name: 'web' } }])(req, res), 100),
      { electionWaitMs: 0 },
    );
    const lists = await Promise.all(
      Array.from({ length: 5 }, () => gateway.manager(7).listServices()),
    );
    expect(m1.seen.filter((r) => r.startsWith('GET /services'))).toHaveLength(1);
    expect(lists.map((l) => l[0]?.ID)).toEqual(['s1', 's1', 's1', 's1', 's1']);
    lists[0]![0]!.ID = 'changed by one caller';
    expect(lists[1]![0]!.ID).toBe('s1');
    // Once answered, the next read asks again.
    await gateway.manager(7).listServices();
    expect(m1.seen.filter((r) => r.startsWith('GET /services'))).toHaveLength(2);
  });

  it('never answers a read begun after a change with one begun before it', async () => {
    const { gateway, m1 } = await gatewayOver(
      (req, res) =>
        req.method === 'GET'
          ? setTimeout(() => json(200, [])(req, res), 300)
          : json(201, { ID: 'svc' })(req, res),
      { electionWaitMs: 0 },
    );
    const docker = gateway.manager(7);
    const before = docker.listServices();
    await docker.createService({ Name: 'web' } as never);
    const after = docker.listServices();
    await Promise.all([before, after]);
    expect(m1.seen.filter((r) => r.startsWith('GET /services'))).toHaveLength(2);
  });
});
