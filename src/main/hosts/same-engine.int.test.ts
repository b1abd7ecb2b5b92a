// The same Docker engine added twice: through a TCP relay on 127.0.0.1 the lab host's sshd (and
// so its engine) answers on another address and port; the second add is refused naming the first.
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addLabHosts, testerContext } from '../../../e2e/support/core';
import { labSsh, leaveSwarm, pickHosts, readLab, type LabHost } from '../../../e2e/support/lab';
import type { Host } from '../../shared/types';
import { createCore, type Core } from '../core/core';
import { TempDirs } from '../test-support';

const lab = readLab();
const [host] = pickHosts(lab, 'DROVER_SAME_ENGINE_HOSTS', 1) as [LabHost];
const dirs = new TempDirs();
let core: Core | undefined;
let relay: net.Server | undefined;

/** 127.0.0.1:<free port> -> host:22, at most a few connections, all closed with the server. */
function startRelay(target: LabHost): Promise<number> {
  const sockets = new Set<net.Socket>();
  relay = net.createServer((client) => {
    const upstream = net.connect(22, target.address);
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
      s.on('error', () => s.destroy());
    }
    client.pipe(upstream).pipe(client);
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
  });
  relay.maxConnections = 4;
  relay.on('close', () => sockets.forEach((s) => s.destroy()));
  const server = relay;
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve((server.address() as net.AddressInfo).port)),
  );
}

beforeAll(() => leaveSwarm(lab, host));

afterAll(async () => {
  core?.close();
  await new Promise((resolve) => (relay ? relay.close(resolve) : resolve(undefined)));
  leaveSwarm(lab, host);
  dirs.cleanup();
});

describe('one Docker engine is one host', () => {
  it('refuses the same engine reached through a TCP relay, naming the host it already is', async () => {
    core = createCore({ dataDir: dirs.make(), shell: 'cli' });
    const environmentId = await addLabHosts(core, lab, [host]);
    const [first] = core.services.hosts.list(environmentId) as [Host];
    const nodeBefore = labSsh(lab, host, "docker info --format '{{.Swarm.NodeID}}'").trim();
    const port = await startRelay(host);

    const second = await core
      .call(
        'host.add',
        {
          environmentId,
          name: 'same-engine-again',
          address: '127.0.0.1',
          port,
          user: 'root',
          auth: { kind: 'key', keyPath: lab.sshKey },
          hostKey: host.hostKeyFingerprint,
        },
        testerContext,
      )
      .then(
        () => undefined,
        (error: Error & { code?: string }) => error,
      );

    expect(second?.code).toBe('CONFLICT');
    expect(second?.message).toContain(`is the Docker engine of host "${first.name}"`);
    expect(second?.message).toContain(`${host.address}:22`);
    expect(core.services.hosts.list(environmentId).map((h) => h.name)).toEqual([first.name]);
    // The engine was left as it was: still the one node of its Swarm, same node ID.
    expect(labSsh(lab, host, "docker info --format '{{.Swarm.NodeID}}'").trim()).toBe(nodeBefore);
    expect(labSsh(lab, host, 'docker node ls -q | wc -l').trim()).toBe('1');
  });
});
