// Hosts reached the way operators' ~/.ssh/config describes them (alias, IdentityFile, ProxyJump,
// keys trusted from known_hosts), and Swarms that exist before Drover knows them: a console with
// an empty database adopts a running Swarm and lists the nodes it has no SSH details for.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { labSsh, leaveSwarm, readLab, type LabHost } from '../../../e2e/support/lab';
import { createCore, type Core } from '../core/core';
import { TempDirs } from '../test-support';
import { adminContext } from '../test-support.js';

const lab = readLab();
const [a, b, c] = lab.hosts as [LabHost, LabHost, LabHost];
const dirs = new TempDirs();
const ctx = adminContext('tester', 'cli');
let core: Core;
let environmentId: number;

function openCore(sshConfig = ''): Core {
  const dir = dirs.make('drover-adopt-');
  const sshConfigPath = path.join(dir, 'ssh_config');
  fs.writeFileSync(sshConfigPath, sshConfig);
  const opened = createCore({
    dataDir: path.join(dir, 'data'),
    shell: 'cli',
    connectHosts: true,
    knownHostsFile: lab.knownHosts,
    sshConfigPath,
  });
  environmentId = opened.services.environments.list()[0]!.id;
  return opened;
}

const add = (args: Record<string, unknown>) =>
  core.call('host.add', { environmentId, auth: { kind: 'agent' }, ...args } as never, ctx);

beforeAll(() => {
  // Key files named by ~/.ssh/config are used when no agent runs (as on CI).
  delete process.env.SSH_AUTH_SOCK;
  leaveSwarm(lab, [a, b, c]);
});

afterAll(() => {
  core?.close();
  leaveSwarm(lab, [a, b, c]);
  dirs.cleanup();
});

describe('hosts from ~/.ssh/config, keys from known_hosts', () => {
  it('adds an alias reached through its ProxyJump, trusting both keys from known_hosts', async () => {
    core = openCore(
      [
        'Host jumped-*',
        `  IdentityFile ${lab.sshKey}`,
        '  User root',
        'Host jumped-b',
        `  HostName ${b.address}`,
        `  ProxyJump root@${a.address}`,
      ].join('\n'),
    );
    // The wizard's fingerprint step, through the jump host.
    const probe = await core.call(
      'host.probe',
      {
        address: b.address,
        user: 'root',
        jump: { address: a.address, user: 'root', hostKey: a.hostKeyFingerprint },
        auth: { kind: 'key', keyPath: lab.sshKey },
      },
      ctx,
    );
    expect(probe.fingerprint).toBe(b.hostKeyFingerprint);
    const { host } = await add({ address: 'jumped-b' });
    expect(host).toMatchObject({
      address: b.address,
      user: 'root',
      authKind: 'key',
      keyPath: lab.sshKey,
      hostKey: b.hostKeyFingerprint,
      jump: { address: a.address, port: 22, user: 'root', hostKey: a.hostKeyFingerprint },
      role: 'manager',
    });
    expect(labSsh(lab, b, "docker info --format '{{.Swarm.LocalNodeState}}'").trim()).toBe(
      'active',
    );
    await core.call('host.remove', { id: host.id }, ctx);
    expect(labSsh(lab, b, "docker info --format '{{.Swarm.LocalNodeState}}'").trim()).toBe(
      'inactive',
    );
    core.close();
  });
});

describe('a Swarm made outside Drover', () => {
  it('is adopted from one manager, with the nodes lacking SSH details listed', async () => {
    labSsh(lab, a, `docker swarm init --advertise-addr ${a.address} >/dev/null`);
    const token = labSsh(lab, a, 'docker swarm join-token -q worker').trim();
    labSsh(lab, b, `docker swarm join --token ${token} ${a.address}:2377 >/dev/null`);
    const swarmId = labSsh(lab, a, "docker info --format '{{.Swarm.Cluster.ID}}'").trim();

    core = openCore();
    const { host } = await add({
      address: a.address,
      user: 'root',
      auth: { kind: 'key', keyPath: lab.sshKey },
    });
    expect(host.role).toBe('manager');
    expect(core.services.environments.get(environmentId).swarmId).toBe(swarmId);

    const cluster = await core.call('env.cluster', { environmentId }, ctx);
    expect(cluster.nodes.map((n) => [n.hostname, n.role, n.hostId === null])).toEqual(
      expect.arrayContaining([
        [a.name, 'manager', false],
        [b.name, 'worker', true],
      ]),
    );
    expect(cluster.advice.join('\n')).toContain(`Node ${b.name} (${b.address})`);

    // Giving the worker its SSH details completes the picture; it stays in the same Swarm.
    const worker = await add({
      address: b.address,
      user: 'root',
      auth: { kind: 'key', keyPath: lab.sshKey },
    });
    expect(worker.host.role).toBe('worker');
    const after = await core.call('env.cluster', { environmentId }, ctx);
    expect(after.nodes.every((n) => n.hostId !== null)).toBe(true);
    expect(after.advice.join('\n')).not.toContain('no SSH details');
  });

  it('refuses a host that belongs to another Swarm, and changes nothing', async () => {
    labSsh(lab, c, `docker swarm init --advertise-addr ${c.address} >/dev/null`);
    const before = core.services.hosts.list().length;
    await expect(
      add({ address: c.address, user: 'root', auth: { kind: 'key', keyPath: lab.sshKey } }),
    ).rejects.toThrow(/another Swarm/);
    expect(core.services.hosts.list()).toHaveLength(before);
    expect(labSsh(lab, c, "docker info --format '{{.Swarm.ControlAvailable}}'").trim()).toBe(
      'true',
    );
  });
});
