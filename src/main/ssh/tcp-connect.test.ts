// The reconnect loop's TCP deadline: a connect that was answered while the event loop was blocked
// past the deadline must still count (timers run before I/O after a long block).
import net from 'node:net';
import { afterEach, expect, it } from 'vitest';
import { tcpConnect } from './tcp-connect';

let server: net.Server | undefined;
afterEach(() => server?.close());

async function listening(): Promise<number> {
  server = net.createServer((socket) => socket.end());
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  return (server!.address() as net.AddressInfo).port;
}

it('takes a connect answered while the loop was blocked past the deadline', async () => {
  const port = await listening();
  const connecting = tcpConnect({ address: '127.0.0.1', port }, 50);
  const until = Date.now() + 300;
  while (Date.now() < until); // a busy loop: the kernel completes the connect meanwhile
  const socket = await connecting;
  expect(socket.connecting).toBe(false);
  socket.destroy();
});
