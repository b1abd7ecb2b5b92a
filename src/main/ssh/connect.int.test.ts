// connectSsh, probeHostKey and HostConnection against the lab's real sshd and dockerd: every
// failure kind a user can meet (changed or unknown key, refused login, no host, closed port),
// a jump host, and the exec queue under sshd's MaxSessions.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { utils, type Client } from 'ssh2';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { readLab, type Lab, type LabHost } from '../../../e2e/support/lab';
import { connectSsh, probeHostKey, SshConnectError, type Connected } from './connect';
import { HostConnection } from './host-connection';
import { knownHostKeys } from './known-hosts';
import type { SshTarget } from './target';
import { sleep } from '../swarm/poll';

// lab.json also records the password user, which the shared Lab type does not declare.
const lab = readLab() as Lab & { passwordUser?: { user: string; password: string } };
const passwordUser = lab.passwordUser ?? { user: 'drover', password: 'drover-lab' };
const labKey = fs.readFileSync(lab.sshKey, 'utf8');
const [h1, h2] = lab.hosts as [LabHost, LabHost, ...LabHost[]];

const asRoot = (host: LabHost, extra: Partial<SshTarget> = {}): SshTarget => ({
  address: host.address,
  port: host.port,
  user: host.user,
  auth: { kind: 'key', privateKey: labKey },
  hostKey: host.hostKeyFingerprint,
  ...extra,
});

const open: Client[] = [];
afterEach(() => {
  for (const client of open.splice(0)) client.end();
});

async function connected(target: SshTarget, readyTimeoutMs?: number): Promise<Connected> {
  const result = await connectSsh(target, { readyTimeoutMs });
  open.push(result.client);
  return result;
}

/** The SshConnectError a connection attempt ends with, and how long it took. */
async function failure(target: SshTarget, readyTimeoutMs?: number) {
  const started = Date.now();
  try {
    open.push((await connectSsh(target, { readyTimeoutMs })).client);
  } catch (error) {
    expect(error).toBeInstanceOf(SshConnectError);
    return { error: error as SshConnectError, ms: Date.now() - started };
  }
  throw new Error(`connecting to ${target.address}:${target.port} was expected to fail`);
}

function run(client: Client, command: string): Promise<string> {
  return new Promise((resolve, reject) => {
    client.exec(command, (error, channel) => {
      if (error) return reject(error);
      let out = '';
      channel.on('data', (chunk: Buffer) => (out += chunk.toString()));
      channel.stderr.resume();
      channel.on('close', () => resolve(out.trim()));
    });
  });
}

describe('connectSsh: host keys', () => {
  it('logs in with the lab key when the host offers the pinned key', async () => {
    const { client, fingerprint } = await connected(asRoot(h1));
    expect(fingerprint).toBe(h1.hostKeyFingerprint);
    expect(await run(client, 'hostname')).toBe(h1.name);
  });

  it('refuses a key other than the pinned one, naming both', async () => {
    const { error } = await failure(asRoot(h1, { hostKey: h2.hostKeyFingerprint }));
    expect(error.kind).toBe('host-key-mismatch');
    expect(error.code).toBe('FORBIDDEN');
    expect(error.message).toContain(h2.hostKeyFingerprint); // pinned
    expect(error.message).toContain(h1.hostKeyFingerprint); // offered
    expect(error.offeredKey).toBe(h1.hostKeyFingerprint);
  });

  it('refuses an unpinned host unless asked, with the key it offered', async () => {
    const { error } = await failure(asRoot(h1, { hostKey: undefined }));
    expect(error.kind).toBe('host-key-mismatch');
    expect(error.message).toContain(h1.hostKeyFingerprint);
    expect(error.offeredKey).toBe(h1.hostKeyFingerprint);

    const seen: string[] = [];
    const trusted = await connectSsh(asRoot(h1, { hostKey: undefined }), {
      onUnknownKey: (fp) => (seen.push(fp), true),
    });
    open.push(trusted.client);
    expect(seen).toEqual([h1.hostKeyFingerprint]);
  });

  it('probes the host key without credentials that work', async () => {
    const fp = await probeHostKey(
      asRoot(h1, { auth: { kind: 'password', password: 'not-tried' }, hostKey: 'SHA256:x' }),
    );
    expect(fp).toBe(h1.hostKeyFingerprint);
  });

  it.runIf(fs.existsSync('/usr/bin/ssh-keyscan'))(
    "pins the key the user's known_hosts holds (ssh-keyscan, hashed by ssh-keygen -H)",
    async () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'drover-keyscan-'));
      try {
        const file = path.join(dir, 'known_hosts');
        const scanned = execFileSync(
          'ssh-keyscan',
          ['-T', '5', '-p', String(h1.port), h1.address],
          {
            encoding: 'utf8',
            stdio: ['ignore', 'pipe', 'ignore'],
          },
        );
        fs.writeFileSync(file, scanned);
        execFileSync('ssh-keygen', ['-H', '-f', file], { stdio: 'ignore' });
        const hashed = fs.readFileSync(file, 'utf8');
        expect(hashed).not.toContain(h1.address);

        const { fingerprints, revoked } = knownHostKeys(h1.address, h1.port, hashed);
        expect(fingerprints).toContain(h1.hostKeyFingerprint);
        expect(revoked).toEqual([]);
        expect(knownHostKeys(h2.address, h2.port, hashed).fingerprints).toEqual([]);
        const ed25519 = fingerprints.find((fp) => fp === h1.hostKeyFingerprint) as string;
        const { fingerprint } = await connected(asRoot(h1, { hostKey: ed25519 }));
        expect(fingerprint).toBe(ed25519);
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    },
  );
});

describe('connectSsh: logins', () => {
  const asDrover = (password: string) =>
    asRoot(h1, { user: passwordUser.user, auth: { kind: 'password', password } });

  it('logs in with a password', async () => {
    const { client } = await connected(asDrover(passwordUser.password));
    expect(await run(client, 'id -un')).toBe(passwordUser.user);
  });

  it('reports a wrong password as auth-failed', async () => {
    const { error } = await failure(asDrover('wrong-password'));
    expect(error.kind).toBe('auth-failed');
    expect(error.message).toMatch(/refused the login \(password not accepted\)/);
  });

  it('reports a key the host does not accept as auth-failed', async () => {
    const stranger = utils.generateKeyPairSync('ed25519');
    const { error } = await failure(
      asRoot(h1, { auth: { kind: 'key', privateKey: stranger.private } }),
    );
    expect(error.kind).toBe('auth-failed');
    expect(error.message).toMatch(/key not accepted/);
  });

  it('reports a wrong passphrase as auth-failed, saying so', async () => {
    const encrypted = utils.generateKeyPairSync('ed25519', {
      passphrase: 'right',
      cipher: 'aes256-ctr',
      rounds: 16,
    });
    const { error, ms } = await failure(
      asRoot(h1, { auth: { kind: 'key', privateKey: encrypted.private, passphrase: 'wrong' } }),
    );
    expect(error.kind).toBe('auth-failed');
    expect(error.message).toMatch(/private key/);
    expect(error.message).toMatch(/passphrase/);
    expect(ms).toBeLessThan(1_000); // decided locally, nothing was sent
  });
});

describe('connectSsh: unreachable hosts', () => {
  it('gives up on an address with no host in the ready timeout', async () => {
    const { error, ms } = await failure(asRoot(h1, { address: '10.77.0.99' }), 3_000);
    expect(error.kind).toBe('unreachable');
    expect(error.code).toBe('UNAVAILABLE');
    expect(error.message).toContain('10.77.0.99');
    expect(ms).toBeLessThan(5_000);
  });

  it('reports a closed port at once', async () => {
    const { error, ms } = await failure(asRoot(h1, { port: 2222 }), 3_000);
    expect(error.kind).toBe('unreachable');
    // In words; the system's code is kept in the details.
    expect(error.message).toMatch(/^10\.77\.0\.11 port 2222 refused the connection/);
    expect(error.details?.cause).toMatch(/ECONNREFUSED/);
    expect(ms).toBeLessThan(1_000);
  });
});

describe('connectSsh: ProxyJump', () => {
  it('reaches a host through a jump host, each with its own pinned key', async () => {
    const { client, fingerprint } = await connected(asRoot(h2, { jump: asRoot(h1) }));
    expect(fingerprint).toBe(h2.hostKeyFingerprint);
    expect(await run(client, 'hostname')).toBe(h2.name);
    // sshd on the target sees the jump host as the client.
    expect(await run(client, 'echo $SSH_CLIENT')).toMatch(new RegExp(`^${h1.address} `));
  });

  it('reports a target the jump host cannot reach as unreachable', async () => {
    const { error } = await failure(asRoot(h2, { port: 2222, jump: asRoot(h1) }), 3_000);
    expect(error.kind).toBe('unreachable');
    expect(error.message).toMatch(/jump host cannot reach/);
  });

  it('refuses a changed key on the jump host', async () => {
    const jump = asRoot(h1, { hostKey: h2.hostKeyFingerprint });
    const { error } = await failure(asRoot(h2, { jump }));
    expect(error.kind).toBe('host-key-mismatch');
    expect(error.offeredKey).toBe(h1.hostKeyFingerprint);
  });
});

describe('HostConnection', () => {
  const connections: HostConnection[] = [];
  afterAll(() => connections.forEach((c) => c.stop()));

  async function startConnection(maxSessions?: number) {
    const connection = new HostConnection(asRoot(h1), { maxSessions, minBackoffMs: 200 });
    connections.push(connection);
    const states: string[] = [];
    connection.on('state', ({ state }) => states.push(state));
    connection.start();
    await connection.ready(15_000);
    return { connection, states };
  }

  it('connects, runs commands, queues sessions under MaxSessions, talks to Docker, stops', async () => {
    const { connection, states } = await startConnection();
    expect(connection.status).toEqual({ state: 'connected' });
    expect(states).toEqual(['connected']);

    expect(await connection.exec('hostname')).toEqual({
      stdout: `${h1.name}\n`,
      stderr: '',
      code: 0,
    });
    expect(await connection.exec('echo oops >&2; exit 3')).toEqual({
      stdout: '',
      stderr: 'oops\n',
      code: 3,
    });
    expect((await connection.exec('cat', { input: 'fed in' })).stdout).toBe('fed in');

    // 20 sessions at once on one connection: sshd allows 10, the queue keeps it at 8.
    const t0 = Date.now();
    const results = await Promise.allSettled(
      Array.from({ length: 20 }, () => connection.exec('sleep 0.2; echo ok')),
    );
    expect(results.filter((r) => r.status === 'rejected')).toEqual([]);
    for (const r of results) expect(r).toMatchObject({ value: { stdout: 'ok\n', code: 0 } });
    expect(Date.now() - t0).toBeGreaterThanOrEqual(3 * 200); // ceil(20 / 8) rounds

    const info = await connection.docker().info();
    expect(info.Name).toBe(h1.name);
    expect(await connection.docker().ping()).toBeTruthy();

    connection.stop();
    // Once the connection has closed, nothing runs any more.
    await sleep(200);
    await expect(connection.exec('true')).rejects.toThrow();
    await expect(connection.docker().ping()).rejects.toThrow();
  });

  it('reconnects after losing the connection, and Docker calls work again at once', async () => {
    const { connection, states } = await startConnection();
    expect(await connection.docker().ping()).toBeTruthy(); // leaves a kept-alive channel behind
    const lost = new Promise<void>((resolve) =>
      connection.on('state', ({ state }) => state === 'unreachable' && resolve()),
    );
    // Kill the sshd process serving this connection (the parent of the command's shell).
    void connection.exec('kill -9 $PPID').catch(() => undefined);
    await lost;
    await connection.ready(15_000);
    const info = await Promise.race([
      connection.docker().info(),
      new Promise<never>((_, reject) =>
        setTimeout(() => reject(new Error('Docker call hung after the reconnect')), 10_000),
      ),
    ]);
    expect(info.Name).toBe(h1.name);
    expect(states).toEqual(['connected', 'unreachable', 'connected']);
    connection.stop();
  });

  it('rides out sshd refusing sessions past MaxSessions when given more slots', async () => {
    // 20 slots against sshd's 10: the refused opens are retried until sessions end.
    const { connection } = await startConnection(20);
    const t0 = Date.now();
    const results = await Promise.allSettled(
      Array.from({ length: 20 }, () => connection.exec('sleep 0.3; echo ok')),
    );
    expect(results.filter((r) => r.status === 'rejected')).toEqual([]);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(2 * 300);
    connection.stop();
  });

  it('reports a failed login as its state', async () => {
    const connection = new HostConnection(
      asRoot(h1, {
        auth: { kind: 'key', privateKey: utils.generateKeyPairSync('ed25519').private },
      }),
    );
    connections.push(connection);
    connection.start();
    await expect(connection.ready(15_000)).rejects.toThrow(/refused the login/);
    expect(connection.status.state).toBe('auth-failed');
    connection.stop();
  });
});
