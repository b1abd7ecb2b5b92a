// The TCP connection under an SSH login, with its own short deadline. ssh2's readyTimeout covers
// connect, key exchange and login together (10 s), so an attempt started while the link was down
// kept waiting on the kernel's SYN retransmissions (1 s, 3 s, 7 s after the first) and a host
// whose link returned was seen again only seconds later. A connect that has no answer in 2 s is
// given up and tried afresh, so a returning host is reached within about a second.
import net from 'node:net';
import type { SshTarget } from './target.js';

export const TCP_CONNECT_TIMEOUT_MS = 2_000;

export class TcpConnectTimeout extends Error {}

/** Without `timeoutMs` the connect waits as long as the kernel tries (ssh2's readyTimeout bounds it). */
export function tcpConnect(
  target: Pick<SshTarget, 'address' | 'port'>,
  timeoutMs?: number,
): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host: target.address, port: target.port });
    const giveUp = () => {
      // After the I/O phase: a loop that was blocked past the deadline first takes in a connect
      // that completed meanwhile (timers run before I/O), so only a real silence gives up.
      setImmediate(() => {
        if (!socket.connecting) return;
        socket.destroy();
        reject(new TcpConnectTimeout(`no answer to a TCP connect in ${timeoutMs! / 1000} s`));
      });
    };
    const timer = timeoutMs === undefined ? undefined : setTimeout(giveUp, timeoutMs);
    socket.once('connect', () => {
      clearTimeout(timer);
      socket.off('error', onError);
      socket.setNoDelay(true);
      resolve(socket);
    });
    const onError = (error: Error) => {
      clearTimeout(timer);
      reject(error);
    };
    socket.once('error', onError);
  });
}
