// Where sshd forbids stream-local forwarding, Docker's API still works through
// `docker system dial-stdio` on the same connection. A second sshd on a lab host, with
// AllowStreamLocalForwarding no, plays that host.
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { labDir, readLab, type LabHost } from '../../../e2e/support/lab';
import { HostConnection } from './host-connection';
import { sleep } from '../swarm/poll';

const lab = readLab();
const host = lab.hosts[0] as LabHost;
const PORT = 2222;
let sshd: ChildProcess;
let connection: HostConnection;

beforeAll(async () => {
  const listener = execFileSync(
    'pgrep',
    ['-f', `sshd -D -f ${labDir}/hosts/${host.name}/sshd_config`],
    {
      encoding: 'utf8',
    },
  )
    .trim()
    .split('\n')[0] as string;
  const base = fs.readFileSync(path.join(labDir, 'hosts', host.name, 'sshd_config'), 'utf8');
  const config = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'drover-sshd-')), 'sshd_config');
  fs.writeFileSync(
    config,
    base
      .replace(/^Port .*/m, `Port ${PORT}`)
      .replace(/^PidFile .*/m, `PidFile /run/sshd-${PORT}.pid`)
      .replace(/^AllowStreamLocalForwarding .*/m, 'AllowStreamLocalForwarding no'),
  );
  // Inside the lab host's own mount and network namespaces, like its real sshd.
  sshd = spawn(
    'nsenter',
    ['-t', listener, '-m', '-n', '-u', '/usr/sbin/sshd', '-D', '-e', '-f', config],
    {
      stdio: 'ignore',
    },
  );
  await sleep(500);
  connection = new HostConnection({
    address: host.address,
    port: PORT,
    user: 'root',
    auth: { kind: 'key', privateKey: fs.readFileSync(lab.sshKey, 'utf8') },
    hostKey: host.hostKeyFingerprint,
  });
  connection.start();
  await connection.ready();
});

afterAll(() => {
  connection?.stop();
  sshd?.kill();
});

it('falls back to docker system dial-stdio and answers as the host', async () => {
  const info = await connection.docker().info();
  expect(info.Name).toBe(host.name);
  expect(connection.dockerTransport).toBe('dial-stdio');
});

it('queues concurrent calls under MaxSessions instead of failing', async () => {
  const results = await Promise.allSettled(
    Array.from({ length: 25 }, () => connection.docker().listContainers({ all: true })),
  );
  expect(results.filter((r) => r.status === 'rejected')).toEqual([]);
  // Exec still works beside the Docker sockets.
  expect((await connection.exec('hostname')).stdout.trim()).toBe(host.name);
});
