// One live HostConnection per stored host. Connection state goes to the store and out to every
// shell as it changes (well within a second), and a fresh connection refreshes the host's facts.
import type { HostState } from '../../shared/types.js';
import type { EventBus } from '../events/bus.js';
import type { SecretBox } from '../secrets/secret-box.js';
import { HostConnection, type HostConnectionOptions } from '../ssh/host-connection.js';
import { targetOf } from './credentials.js';
import type { HostRepository } from './repository.js';
import { DroverError } from '../../shared/errors.js';

export class HostConnections {
  private readonly live = new Map<number, HostConnection>();

  constructor(
    private readonly repo: HostRepository,
    private readonly box: SecretBox,
    private readonly events: EventBus,
    private readonly onConnected: (hostId: number) => void,
    private readonly options: HostConnectionOptions = {},
  ) {}

  startAll(): void {
    for (const host of this.repo.list()) this.open(host.id);
  }

  open(hostId: number): HostConnection {
    let target;
    try {
      target = targetOf(this.repo.login(hostId), this.box);
    } catch (error) {
      this.close(hostId);
      // An unreadable secret or a missing key file: the host stays listed, saying why.
      this.record(
        hostId,
        'auth-failed',
        (error as Error).message,
        null,
        error instanceof DroverError ? (error.details?.cause ?? null) : null,
      );
      throw error;
    }
    return this.adopt(hostId, new HostConnection(target, this.options));
  }

  /** Takes over a connection (e.g. the one that just added the host), keeping it open. */
  adopt(hostId: number, connection: HostConnection): HostConnection {
    this.close(hostId);
    connection.on('state', ({ state, error, offeredHostKey, errorDetail }) => {
      if (this.live.get(hostId) !== connection) return;
      this.record(hostId, state, error ?? null, offeredHostKey ?? null, errorDetail ?? null);
      if (state === 'connected') this.onConnected(hostId);
    });
    this.live.set(hostId, connection);
    const { state, error, errorDetail } = connection.status;
    this.record(hostId, state, error ?? null, null, errorDetail ?? null);
    connection.start();
    if (state === 'connected') this.onConnected(hostId);
    return connection;
  }

  /** The host's connection, or a clear error when it has none or is not connected. */
  get(hostId: number): HostConnection {
    const connection = this.live.get(hostId);
    if (!connection) throw new DroverError('UNAVAILABLE', `Host #${hostId} has no connection`);
    return connection;
  }

  connected(hostId: number): HostConnection {
    const connection = this.get(hostId);
    if (connection.status.state !== 'connected') {
      const host = this.repo.get(hostId);
      throw new DroverError(
        'UNAVAILABLE',
        `${host.name} is ${connection.status.state}${connection.status.error ? `: ${connection.status.error}` : ''}`,
      );
    }
    return connection;
  }

  close(hostId: number): void {
    this.live.get(hostId)?.stop();
    this.live.delete(hostId);
  }

  closeAll(): void {
    for (const id of [...this.live.keys()]) this.close(id);
  }

  private record(
    hostId: number,
    state: HostState,
    error: string | null,
    offeredHostKey: string | null = null,
    errorDetail: string | null = null,
  ): void {
    if (this.repo.setState(hostId, state, error, offeredHostKey, errorDetail))
      this.events.publish('host.changed', this.repo.list());
  }
}
