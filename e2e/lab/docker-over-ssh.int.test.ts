// Proves the lab and the tunnel design: each lab host's Docker is reached through one SSH
// connection (host key pinned), with dockerode over stream-local forwards of its socket.
import fs from 'node:fs';
import { Client } from 'ssh2';
import type Docker from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dockerOverSsh } from '../../src/main/ssh/docker-agent';
import { fingerprint } from '../../src/main/ssh/host-key';
import { readLab, type Lab, type LabHost } from '../support/lab';

function connect(lab: Lab, host: LabHost, expectedFingerprint = host.hostKeyFingerprint) {
  return new Promise<Client>((resolve, reject) => {
    const client = new Client();
    client
      .on('ready', () => resolve(client))
      .on('error', reject)
      .connect({
        host: host.address,
        port: host.port,
        username: host.user,
        privateKey: fs.readFileSync(lab.sshKey),
        hostVerifier: (key: Buffer) => fingerprint(key) === expectedFingerprint,
        readyTimeout: 10_000,
      });
    client.setNoDelay(true);
  });
}

const lab = readLab();

describe.each(lab.hosts.map((h) => [h.name, h] as const))('lab host %s', (_name, host) => {
  let client: Client;
  let docker: Docker;
  const containerName = `drover-int-${process.pid}`;

  beforeAll(async () => {
    client = await connect(lab, host);
    docker = dockerOverSsh(client);
  });

  afterAll(async () => {
    await docker
      ?.getContainer(containerName)
      .remove({ force: true })
      .catch(() => undefined);
    client?.end();
  });

  it('answers Docker API calls through the SSH tunnel, as itself', async () => {
    const info = await docker.info();
    expect(info.Name).toBe(host.name);
    expect(await docker.ping()).toBeTruthy();
  });

  it('lists a container started through the tunnel, from the lab registry', async () => {
    const pull = await docker.pull(lab.images.whoami);
    await new Promise((resolve, reject) =>
      docker.modem.followProgress(pull, (err) => (err ? reject(err) : resolve(null))),
    );
    const container = await docker.createContainer({
      Image: lab.images.whoami,
      name: containerName,
      Labels: { 'drover.test': 'lab' },
    });
    await container.start();
    const listed = await docker.listContainers({
      filters: JSON.stringify({ label: ['drover.test=lab'] }),
    });
    expect(listed.map((c) => c.Names[0])).toContain(`/${containerName}`);
    expect(listed.find((c) => c.Names[0] === `/${containerName}`)?.State).toBe('running');
  });

  it('carries 50 concurrent API calls on the one connection without failures', async () => {
    const results = await Promise.allSettled(
      Array.from({ length: 50 }, () => docker.listContainers({ all: true })),
    );
    expect(results.filter((r) => r.status === 'rejected')).toEqual([]);
  });
});

describe('host key pinning', () => {
  it('refuses a host whose key does not match the pinned fingerprint', async () => {
    const host = lab.hosts[0] as LabHost;
    await expect(connect(lab, host, 'SHA256:not-the-right-key')).rejects.toThrow();
  });
});
