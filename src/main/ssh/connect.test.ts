// A host that accepts TCP but stalls the SSH handshake, then drops the connection: ssh2 reports
// the time-out and then the lost connection, and neither may take the console down.
import net from 'node:net';
import { afterEach, expect, it } from 'vitest';
import { connectSsh } from './connect';

let server: net.Server | undefined;
afterEach(() => server?.close());

it('survives a host that stalls the handshake and then hangs up', async () => {
  const dropped = new Promise<void>((resolve) => {
    server = net.createServer((socket) => {
      setTimeout(() => {
        socket.destroy();
        resolve();
      }, 600);
    });
  });
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  const port = (server!.address() as net.AddressInfo).port;
  const target = {
    address: '127.0.0.1',
    port,
    user: 'x',
    auth: { kind: 'password' as const, password: '' },
  };
  await expect(connectSsh(target, { readyTimeoutMs: 200 })).rejects.toThrow(/timed out/);
  await dropped;
  await new Promise((r) => setTimeout(r, 200)); // ssh2's 'error' for the lost connection
});

it('says in words that a port refused the connection, keeping the code in the details', async () => {
  // A port that was just free: nothing listens there now.
  const probe = net.createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const port = (probe.address() as net.AddressInfo).port;
  await new Promise((resolve) => probe.close(resolve));
  const target = {
    address: '127.0.0.1',
    port,
    user: 'x',
    auth: { kind: 'password' as const, password: '' },
  };
  const error = await connectSsh(target, { readyTimeoutMs: 2_000 }).catch((e: unknown) => e);
  expect(error).toMatchObject({
    code: 'UNAVAILABLE',
    message: `127.0.0.1 port ${port} refused the connection — is sshd running there, on port ${port}?`,
    details: { cause: expect.stringContaining('ECONNREFUSED') },
  });
});
