// A password login to an sshd that offers only keyboard-interactive (PAM's usual set-up): a
// separate sshd on a spare port of 127.0.0.1 (the lab's own sshd config stays as it is), with the
// lab's password user. The password answers the prompt; a wrong one fails as a refused login,
// not as a hang until the handshake time-out.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readLab, type Lab } from '../../../e2e/support/lab';
import { until } from '../../../e2e/support/wait';
import { TempDirs } from '../test-support';
import { connectSsh, SshConnectError } from './connect';
import type { SshTarget } from './target';

const lab = readLab() as Lab & { passwordUser?: { user: string; password: string } };
const passwordUser = lab.passwordUser ?? { user: 'drover', password: 'drover-lab' };
const dirs = new TempDirs();
let sshd: ChildProcess | undefined;
let port = 0;

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port: free } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return free;
}

const listening = () =>
  new Promise<boolean>((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
  });

beforeAll(async () => {
  const dir = dirs.make('drover-kbd-sshd-');
  port = await freePort();
  const hostKey = path.join(dir, 'host_ed25519');
  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', hostKey]);
  const config = path.join(dir, 'sshd_config');
  fs.writeFileSync(
    config,
    [
      `Port ${port}`,
      'ListenAddress 127.0.0.1',
      `HostKey ${hostKey}`,
      `PidFile ${path.join(dir, 'sshd.pid')}`,
      'UsePAM yes',
      'PasswordAuthentication no',
      'PubkeyAuthentication no',
      'KbdInteractiveAuthentication yes',
      'AuthenticationMethods keyboard-interactive',
      'PermitRootLogin no',
      '',
    ].join('\n'),
  );
  fs.mkdirSync('/run/sshd', { recursive: true }); // sshd's privilege separation folder
  sshd = spawn('/usr/sbin/sshd', ['-D', '-e', '-f', config], { stdio: 'ignore' });
  await until(listening, 'the keyboard-interactive sshd listens', 10_000);
}, 30_000);

afterAll(() => {
  sshd?.kill('SIGTERM');
  dirs.cleanup();
});

const target = (password: string): SshTarget => ({
  address: '127.0.0.1',
  port,
  user: passwordUser.user,
  auth: { kind: 'password', password },
});

describe('keyboard-interactive only', () => {
  it('logs in with the password as the answer to the prompt', async () => {
    const { client } = await connectSsh(target(passwordUser.password), {
      onUnknownKey: () => true,
    });
    const out = await new Promise<string>((resolve, reject) =>
      client.exec('id -un', (error, stream) => {
        if (error) return reject(error);
        let text = '';
        stream.on('data', (d: Buffer) => (text += d.toString()));
        stream.on('close', () => resolve(text.trim()));
      }),
    );
    client.end();
    expect(out).toBe(passwordUser.user);
  });

  it('reports a wrong password as a refused login, not a time-out', async () => {
    const error = await connectSsh(target('not the password'), {
      onUnknownKey: () => true,
      // Far longer than PAM's delay after a failure: only a hang would reach it.
      readyTimeoutMs: 20_000,
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SshConnectError);
    expect((error as SshConnectError).kind).toBe('auth-failed');
  }, 30_000);
});
