// The one SSH connection a host gets, shared by everything that talks to it: Docker's API over
// stream-local channels, and exec sessions queued under sshd's MaxSessions. It reconnects by
// itself with backoff and reports its state as it changes.
import { EventEmitter } from 'node:events';
import type { Client, ClientChannel } from 'ssh2';
import type Docker from 'dockerode';
import type { HostState } from '../../shared/types.js';
import { DroverError } from '../../shared/errors.js';
import { connectSsh, SshConnectError, type ConnectOptions } from './connect.js';
import { TCP_CONNECT_TIMEOUT_MS } from './tcp-connect.js';
import { dockerOverSsh } from './docker-agent.js';
import { Semaphore } from './semaphore.js';
import { quote } from './shell-quote.js';
import type { SshTarget } from './target.js';
import { BoundedOutput, overflowMessage } from './bounded-output.js';

// SSH_OPEN_CONNECT_FAILED ("open failed"): how sshd refuses a session past MaxSessions.
const SESSION_REFUSED = 2;
const SESSION_RETRIES = 6;

/**
 * sshd frees a session slot only after it has handled our close, so a slot the queue has just
 * released can still count against MaxSessions (measured: 1-3 of 100 execs refused with 8 slots).
 * A refused open is retried briefly instead of failing the command.
 */
function openSession(
  client: Client,
  command: string,
  callback: (error: Error | undefined, channel: ClientChannel) => void,
  attempt = 0,
): void {
  try {
    client.exec(command, (error, channel) => {
      const refused = (error as { reason?: unknown } | undefined)?.reason === SESSION_REFUSED;
      if (refused && attempt < SESSION_RETRIES) {
        setTimeout(() => openSession(client, command, callback, attempt + 1), 25 * 2 ** attempt);
      } else callback(error, channel);
    });
  } catch (error) {
    // ssh2 throws at once when the connection has just gone.
    callback(error as Error, undefined as unknown as ClientChannel);
  }
}

export interface ExecResult {
  stdout: string;
  stderr: string;
  code: number;
}

export interface HostConnectionOptions extends ConnectOptions {
  /** Exec/shell sessions at once; sshd's default MaxSessions is 10, keep a margin. */
  maxSessions?: number;
  minBackoffMs?: number;
  maxBackoffMs?: number;
  /** How long after losing a working connection it is retried every minBackoffMs (2 min). */
  fastRetryMs?: number;
  /** A refused login is retried this rarely (the user may be fixing it). */
  authRetryMs?: number;
}

export interface StateChange {
  state: HostState;
  error?: string;
  /** The raw system error the words of `error` stand for ("connect EHOSTUNREACH ..."). */
  errorDetail?: string;
  /** With host-key-mismatch: the key the host offered instead of the pinned one. */
  offeredHostKey?: string;
}

export class HostConnection extends EventEmitter<{ state: [StateChange] }> {
  private client: Client | undefined;
  private current: StateChange = { state: 'connecting' };
  private stopped = true;
  private wake: (() => void) | undefined;
  private readonly sessions: Semaphore;
  private dockerClient: Docker | undefined;
  private forwardingRefused = false;
  private readonly maxSessions: number;
  private longLived = 0;

  constructor(
    private target: SshTarget,
    private readonly options: HostConnectionOptions = {},
  ) {
    super();
    this.maxSessions = options.maxSessions ?? 8;
    this.sessions = new Semaphore(this.maxSessions);
  }

  get status(): StateChange {
    return this.current;
  }

  get user(): string {
    return this.target.user;
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    void this.run();
  }

  stop(): void {
    this.stopped = true;
    this.client?.end();
    this.wake?.();
  }

  /** New credentials or a re-pinned key: reconnect with them now. */
  retarget(target: SshTarget): void {
    this.target = target;
    this.client?.end();
    this.wake?.();
  }

  /** Resolves once connected; rejects with the reason if the state becomes a failure first. */
  ready(timeoutMs = 15_000): Promise<void> {
    if (this.current.state === 'connected') return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.off('state', onState);
        reject(new DroverError('UNAVAILABLE', this.current.error ?? 'Timed out connecting'));
      }, timeoutMs);
      const onState = (change: StateChange) => {
        if (change.state === 'connecting') return;
        clearTimeout(timer);
        this.off('state', onState);
        if (change.state === 'connected') resolve();
        else reject(new DroverError('UNAVAILABLE', change.error ?? change.state));
      };
      this.on('state', onState);
    });
  }

  /** How Docker's API is reached: stream-local forwards, or dial-stdio where sshd forbids them. */
  get dockerTransport(): 'stream-local' | 'dial-stdio' {
    return this.forwardingRefused ? 'dial-stdio' : 'stream-local';
  }

  /** Docker's API over this connection; survives reconnects. */
  docker(): Docker {
    this.dockerClient ??= dockerOverSsh((path, callback) => {
      const client = this.connectedClient();
      if (!client) {
        callback(
          new Error(this.current.error ?? 'not connected'),
          undefined as unknown as ClientChannel,
        );
        return;
      }
      if (this.forwardingRefused) {
        this.dialStdio(client, callback);
        return;
      }
      client.openssh_forwardOutStreamLocal(path, (error, channel) => {
        if (!error) {
          callback(undefined, channel);
          return;
        }
        // sshd says only "open failed" both for a missing socket and for
        // AllowStreamLocalForwarding no: if the socket is there, forwarding is what was refused,
        // and the docker CLI's own proxy (dial-stdio) takes over.
        const socket = quote(path);
        const probe = `if [ ! -S ${socket} ]; then echo missing; elif [ ! -w ${socket} ]; then echo denied; fi`;
        void this.exec(probe, { timeoutMs: 10_000 })
          .then(({ stdout }) => {
            const verdict = stdout.trim();
            if (verdict === 'missing') {
              return callback(
                new Error(`No such file: ${path} (is Docker installed and running?)`),
                channel,
              );
            }
            if (verdict === 'denied') {
              return callback(
                new Error(`Permission denied on ${path} for ${this.target.user}`),
                channel,
              );
            }
            this.forwardingRefused = true;
            this.dialStdio(client, callback);
          })
          .catch(() => callback(error, channel));
      });
    });
    return this.dockerClient;
  }

  /**
   * `docker system dial-stdio` on an exec channel: a session, so it takes a MaxSessions slot
   * until the channel closes, which the agent does right after the response.
   */
  private dialStdio(
    client: Client,
    callback: (error: Error | undefined, channel: ClientChannel) => void,
  ): void {
    void this.sessions.acquire().then(() => {
      openSession(client, 'docker system dial-stdio', (error, channel) => {
        if (error) {
          this.sessions.release();
          callback(error, undefined as unknown as ClientChannel);
          return;
        }
        channel.once('close', () => this.sessions.release());
        callback(undefined, channel);
      });
    });
  }

  /**
   * A long-lived exec channel (the metrics sampler). It holds one MaxSessions slot until it
   * closes, so the exec queue counts it; at most half the slots may be held this way, so
   * commands (and dial-stdio) always keep slots of their own.
   */
  async openChannel(command: string): Promise<ClientChannel> {
    if (this.longLived >= Math.floor(this.maxSessions / 2)) {
      throw new DroverError('CONFLICT', 'Too many long-lived sessions on this host');
    }
    this.longLived++;
    await this.sessions.acquire();
    const release = () => {
      this.longLived--;
      this.sessions.release();
    };
    const client = this.connectedClient();
    if (!client) {
      release();
      throw new DroverError('UNAVAILABLE', this.current.error ?? 'Host is not connected');
    }
    return new Promise((resolve, reject) => {
      openSession(client, command, (error, channel) => {
        if (error) {
          release();
          reject(new DroverError('UNAVAILABLE', `Cannot open a session: ${error.message}`));
          return;
        }
        channel.once('close', release);
        resolve(channel);
      });
    });
  }

  /** Runs a command on the host. Quote every argument (see shell-quote.ts). */
  exec(command: string, options: { input?: string; timeoutMs?: number } = {}): Promise<ExecResult> {
    return this.sessions.run(
      () =>
        new Promise<ExecResult>((resolve, reject) => {
          const client = this.connectedClient();
          if (!client) {
            reject(new DroverError('UNAVAILABLE', this.current.error ?? 'Host is not connected'));
            return;
          }
          openSession(client, command, (error, channel) => {
            if (error) {
              reject(new DroverError('UNAVAILABLE', `Cannot run a command: ${error.message}`));
              return;
            }
            const stdout = new BoundedOutput();
            const stderr = new BoundedOutput();
            let code: number | undefined;
            const timer =
              options.timeoutMs !== undefined
                ? setTimeout(() => {
                    channel.close();
                    reject(
                      new DroverError(
                        'UNAVAILABLE',
                        `Command timed out after ${options.timeoutMs} ms`,
                      ),
                    );
                  }, options.timeoutMs)
                : undefined;
            const collect = (into: BoundedOutput) => (chunk: Buffer) => {
              if (into.push(chunk)) return;
              clearTimeout(timer);
              channel.close();
              reject(new DroverError('UNAVAILABLE', overflowMessage()));
            };
            channel.on('data', collect(stdout));
            channel.stderr.on('data', collect(stderr));
            // A signal reports a null code; a lost connection reports no exit at all.
            channel.on('exit', (exitCode: number | null) => (code = exitCode ?? -1));
            channel.on('close', () => {
              clearTimeout(timer);
              if (code === undefined) {
                reject(
                  new DroverError('UNAVAILABLE', 'The connection was lost while the command ran'),
                );
                return;
              }
              resolve({ stdout: stdout.text(), stderr: stderr.text(), code });
            });
            channel.end(options.input);
          });
        }),
    );
  }

  private connectedClient(): Client | undefined {
    return this.current.state === 'connected' ? this.client : undefined;
  }

  private setState(change: StateChange): void {
    if (change.state === this.current.state && change.error === this.current.error) return;
    this.current = change;
    this.emit('state', change);
  }

  private async run(): Promise<void> {
    const minBackoff = this.options.minBackoffMs ?? 1_000;
    const maxBackoff = this.options.maxBackoffMs ?? 10_000;
    let backoff = minBackoff;
    /** When a working connection was last lost: a host just lost is tried again every second. */
    let lostAt = Number.NEGATIVE_INFINITY;
    while (!this.stopped) {
      let waitMs = backoff;
      const attemptAt = Date.now();
      try {
        // Finding a lost host again: a short TCP deadline, the next attempt follows at once
        // (see tcp-connect.ts). A first connection waits as long as the handshake may.
        const { client } = await connectSsh(
          this.target,
          Number.isFinite(lostAt)
            ? { connectTimeoutMs: TCP_CONNECT_TIMEOUT_MS, ...this.options }
            : this.options,
        );
        if (this.stopped) {
          client.end();
          break;
        }
        this.client = client;
        backoff = minBackoff;
        this.setState({ state: 'connected' });
        await new Promise<void>((resolve) => client.once('close', () => resolve()));
        this.client = undefined;
        if (this.stopped) break;
        this.setState({ state: 'unreachable', error: 'The SSH connection was lost' });
        lostAt = Date.now();
        waitMs = 0; // try once at once: a restarted sshd is back immediately
      } catch (error) {
        const failure =
          error instanceof SshConnectError
            ? error
            : new SshConnectError('unreachable', (error as Error).message);
        this.setState({
          state: failure.kind,
          error: failure.message,
          errorDetail: failure.systemError,
          offeredHostKey: failure.offeredKey,
        });
        // A changed host key never fixes itself: wait for a re-pin (retarget) instead.
        if (failure.kind === 'host-key-mismatch') waitMs = Number.POSITIVE_INFINITY;
        else if (failure.kind === 'auth-failed') waitMs = this.options.authRetryMs ?? 60_000;
        else if (Date.now() - lostAt < (this.options.fastRetryMs ?? 120_000))
          // A link that went down usually comes back: one attempt a second (each bounded by
          // the TCP connect deadline) finds it within about a second of its return.
          waitMs = Math.max(0, minBackoff - (Date.now() - attemptAt));
        backoff = Math.min(backoff * 2, maxBackoff);
      }
      // The failure state stays while retrying, so the UI does not flicker through 'connecting'.
      if (waitMs > 0) await this.sleep(waitMs);
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = Number.isFinite(ms) ? setTimeout(done, ms) : undefined;
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wake = done;
    });
  }
}
