// Docker's API over a host's single SSH connection: an http.Agent whose sockets are stream-local
// forwards of the remote Docker socket (no new SSH connection, no process on the host per call).
import http from 'node:http';
import util from 'node:util';
import type { Duplex } from 'node:stream';
import Docker from 'dockerode';
import type { Client } from 'ssh2';
import { asSocket } from './channel-socket.js';

export const DEFAULT_DOCKER_SOCKET = '/var/run/docker.sock';

export class SshDockerAgent extends http.Agent {
  constructor(
    private readonly client: Client,
    private readonly socketPath = DEFAULT_DOCKER_SOCKET,
  ) {
    super({ keepAlive: true });
  }

  override createConnection(
    _options: http.ClientRequestArgs,
    callback?: (error: Error | null, socket: Duplex) => void,
  ): Duplex | undefined {
    this.client.openssh_forwardOutStreamLocal(this.socketPath, (error, channel) => {
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

/** A dockerode client whose every request travels over the given SSH connection. */
export function dockerOverSsh(client: Client, socketPath = DEFAULT_DOCKER_SOCKET): Docker {
  return new Docker({
    protocol: 'http',
    host: 'docker',
    port: 80,
    agent: new SshDockerAgent(client, socketPath),
  } as Docker.DockerOptions);
}
