// Docker's API over a host's single SSH connection: an http.Agent whose sockets are stream-local
// forwards of the remote Docker socket (no new SSH connection, no process on the host per call).
import http from 'node:http';
import util from 'node:util';
import type { Duplex } from 'node:stream';
import Docker from 'dockerode';
import type { Client, ClientChannel } from 'ssh2';
import { currentTrace } from './call-trace.js';
import { asSocket } from './channel-socket.js';

/** Opens a channel to a Unix socket on the host (ssh2's openssh_forwardOutStreamLocal). */
export type StreamLocalOpener = (
  socketPath: string,
  callback: (error: Error | undefined, channel: ClientChannel) => void,
) => void;

const openerOf =
  (client: Client): StreamLocalOpener =>
  (socketPath, callback) =>
    client.openssh_forwardOutStreamLocal(socketPath, callback);

export const DEFAULT_DOCKER_SOCKET = '/var/run/docker.sock';

export class SshDockerAgent extends http.Agent {
  constructor(
    private readonly open: StreamLocalOpener,
    private readonly socketPath = DEFAULT_DOCKER_SOCKET,
  ) {
    // A fresh channel per call (~0.5 ms to open): a kept-alive one can be closed by the engine
    // just as a request is written to it ("socket hang up"), and one kept on a connection that
    // has silently died takes the call down with it. A channel that cannot open is proof the
    // request was never sent, so it can go elsewhere (see call-trace.ts).
    super({ keepAlive: false });
  }

  override createConnection(
    _options: http.ClientRequestArgs,
    callback?: (error: Error | null, socket: Duplex) => void,
  ): Duplex | undefined {
    // The call this socket is opened for (see call-trace.ts): it learns whether it was sent.
    const trace = currentTrace();
    if (trace) trace.channel = 'opening';
    this.open(this.socketPath, (error, channel) => {
      if (trace) trace.channel = error ? 'failed' : 'open';
      if (error) {
        const reason = new Error(
          `Cannot reach Docker at ${this.socketPath} over SSH: ${error.message}`,
        );
        callback?.(reason, undefined as unknown as Duplex);
        return;
      }
      callback?.(null, asSocket(channel));
    });
    return undefined;
  }

  // docker-modem inspects its request options (this agent included) on every call; without this
  // it would walk the SSH client and its channels each time (20-50 ms per call).
  [util.inspect.custom](): string {
    return `SshDockerAgent(${this.socketPath})`;
  }
}

/**
 * A dockerode client whose every request travels over an SSH connection: a connected ssh2
 * Client, or an opener that always uses the host's current connection.
 */
export function dockerOverSsh(
  via: Client | StreamLocalOpener,
  socketPath = DEFAULT_DOCKER_SOCKET,
): Docker {
  const open = typeof via === 'function' ? via : openerOf(via);
  return new Docker({
    protocol: 'http',
    host: 'docker',
    port: 80,
    agent: new SshDockerAgent(open, socketPath),
  } as Docker.DockerOptions);
}
