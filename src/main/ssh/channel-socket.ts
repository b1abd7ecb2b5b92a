// Makes an ssh2 Channel usable where Node's http machinery expects a net.Socket. The agent calls
// setKeepAlive/setNoDelay/setTimeout/ref/unref on its sockets and throws without them.
import type { ClientChannel } from 'ssh2';
import type { Duplex } from 'node:stream';

export type ChannelSocket = ClientChannel & {
  setKeepAlive(enable?: boolean, delay?: number): ChannelSocket;
  setNoDelay(noDelay?: boolean): ChannelSocket;
  setTimeout(ms: number, callback?: () => void): ChannelSocket;
  ref(): ChannelSocket;
  unref(): ChannelSocket;
};

export function asSocket(channel: ClientChannel): ChannelSocket {
  const socket = channel as ChannelSocket;
  let idleTimer: NodeJS.Timeout | undefined;
  let idleMs = 0;
  const armIdle = () => {
    if (idleTimer) clearTimeout(idleTimer);
    idleTimer = idleMs > 0 ? setTimeout(() => socket.emit('timeout'), idleMs) : undefined;
  };
  socket.on('data', armIdle);
  socket.setKeepAlive = () => socket; // the SSH connection has its own keepalive
  socket.setNoDelay = () => socket; // set once on the SSH client itself
  socket.ref = () => socket;
  socket.unref = () => socket;
  socket.setTimeout = (ms, callback) => {
    idleMs = ms;
    // setTimeout(0, cb) must remove cb: Node's http client relies on it, or listeners pile up.
    if (callback) {
      if (ms === 0) socket.removeListener('timeout', callback);
      else socket.once('timeout', callback);
    }
    armIdle();
    return socket;
  };
  socket.once('close', () => {
    if (idleTimer) clearTimeout(idleTimer);
    // A lost connection closes its channels without ending them: still writable, one would stay
    // in the agent's keep-alive pool and the next Docker call would hang in it.
    (socket as { writable: boolean }).writable = false;
  });
  // Channel.destroy ignores errors and 'close' only follows 'end': make sure an unread channel
  // still drains and closes once its peer is done.
  socket.once('end', () => (socket as Duplex).resume());
  return socket;
}
