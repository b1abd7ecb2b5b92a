// One SSH login to a host (through a jump host if asked), with the host key checked against its
// pin and failures sorted into what a user can act on: unreachable, refused login, changed key.
import { Client, type ConnectConfig } from 'ssh2';
import { DroverError, type ErrorReason } from '../../shared/errors.js';
import { networkWords } from './error-words.js';
import { fingerprint } from './host-key.js';
import { describeTarget, type SshTarget } from './target.js';
import { tcpConnect } from './tcp-connect.js';

export type ConnectFailureKind = 'unreachable' | 'auth-failed' | 'host-key-mismatch';

export class SshConnectError extends DroverError {
  constructor(
    readonly kind: ConnectFailureKind,
    message: string,
    /** For host-key-mismatch: what the host offered. */
    readonly offeredKey?: string,
    /** For host-key-mismatch: why the key is refused (default: it changed). */
    hostKeyReason: Extract<ErrorReason, `host-key-${string}`> = 'host-key-changed',
    /** The raw system error the message puts in words. */
    readonly systemError?: string,
  ) {
    super(
      kind === 'unreachable' ? 'UNAVAILABLE' : 'FORBIDDEN',
      message,
      kind === 'auth-failed'
        ? { reason: 'auth-failed' }
        : kind === 'host-key-mismatch'
          ? { reason: hostKeyReason, ...(offeredKey ? { offeredHostKey: offeredKey } : {}) }
          : systemError
            ? { cause: systemError }
            : undefined,
    );
  }
}

export interface ConnectOptions {
  readyTimeoutMs?: number;
  /** The TCP connect alone (HostConnection's reconnects: 2 s, see tcp-connect.ts); default none. */
  connectTimeoutMs?: number;
  keepaliveIntervalMs?: number;
  keepaliveCountMax?: number;
  /**
   * Decides on a key the target has no pin for. Default: refuse. Returning true trusts it for
   * this connection (the caller pins it).
   */
  onUnknownKey?: (fingerprint: string) => boolean;
}

export interface Connected {
  client: Client;
  fingerprint: string;
}

export async function connectSsh(
  target: SshTarget,
  options: ConnectOptions = {},
): Promise<Connected> {
  const jump = target.jump ? await connectSsh(target.jump, options) : undefined;
  try {
    const sock = jump
      ? await forwardThrough(jump.client, target)
      : await tcpConnect(target, options.connectTimeoutMs).catch((error: Error) => {
          throw unreachable(target, error);
        });
    const connected = await login(target, options, sock);
    // The jump connection lives as long as the one it carries.
    if (jump) connected.client.once('close', () => jump.client.end());
    return connected;
  } catch (error) {
    jump?.client.end();
    throw error;
  }
}

/** The host's key fingerprint, without logging in. */
export async function probeHostKey(
  target: SshTarget,
  options: ConnectOptions = {},
): Promise<string> {
  let offered: string | undefined;
  try {
    // The key exchange comes before any login, so no credentials are needed (nor an agent).
    const { client, fingerprint: fp } = await connectSsh(
      { ...target, hostKey: undefined, auth: { kind: 'password', password: '' } },
      { ...options, onUnknownKey: (fp) => ((offered = fp), false) },
    );
    client.end();
    return fp;
  } catch (error) {
    if (offered) return offered;
    throw error;
  }
}

function forwardThrough(jump: Client, target: SshTarget) {
  return new Promise<import('ssh2').ClientChannel>((resolve, reject) => {
    jump.forwardOut('127.0.0.1', 0, target.address, target.port, (error, stream) => {
      if (error) {
        reject(
          new SshConnectError(
            'unreachable',
            `The jump host cannot reach ${describeTarget(target)}: ${error.message}`,
          ),
        );
      } else resolve(stream);
    });
  });
}

function login(
  target: SshTarget,
  options: ConnectOptions,
  sock: import('ssh2').ClientChannel | import('node:net').Socket,
): Promise<Connected> {
  return new Promise((resolve, reject) => {
    const client = new Client();
    let offered = '';
    let mismatch = false;
    const config: ConnectConfig = {
      host: target.address,
      port: target.port,
      username: target.user,
      sock,
      readyTimeout: options.readyTimeoutMs ?? 10_000,
      // A keepalive every second, the connection given up after 4 unanswered (4-5 s of silence):
      // a cut link is shown within 6 s. Only the reply resets the count, and a blocked event
      // loop delays the ticks as much as the reply, so a busy machine does not raise it.
      keepaliveInterval: options.keepaliveIntervalMs ?? 1_000,
      keepaliveCountMax: options.keepaliveCountMax ?? 4,
      hostVerifier: (key: Buffer) => {
        offered = fingerprint(key);
        if (target.hostKey) {
          mismatch = offered !== target.hostKey;
          return !mismatch;
        }
        return options.onUnknownKey?.(offered) ?? false;
      },
      ...authConfig(target),
    };
    if (target.auth.kind === 'password') answerWithPassword(client, target.auth.password);
    client.once('ready', () => resolve({ client, fingerprint: offered }));
    // `on`, not `once`: after a handshake time-out ssh2 also reports the lost connection, and
    // an 'error' with no listener would crash the console.
    client.on('error', (error: Error & { level?: string }) => {
      client.end();
      sock.destroy();
      reject(classify(target, error, { offered, mismatch }));
    });
    try {
      client.connect(config);
      client.setNoDelay(true); // with Nagle on, every channel open waits ~40 ms
    } catch (error) {
      // ssh2 throws synchronously for a key it cannot parse (e.g. wrong passphrase).
      sock.destroy();
      reject(
        new SshConnectError(
          'auth-failed',
          `Cannot use the private key for ${describeTarget(target)}: ${(error as Error).message}`,
        ),
      );
    }
  });
}

function authConfig(target: SshTarget): Partial<ConnectConfig> {
  const auth = target.auth;
  switch (auth.kind) {
    case 'agent': {
      const socket = auth.socket ?? process.env.SSH_AUTH_SOCK;
      if (!socket) {
        throw new SshConnectError(
          'auth-failed',
          'No ssh-agent is running (SSH_AUTH_SOCK is not set); choose a key file or a password',
        );
      }
      return { agent: socket };
    }
    case 'key':
      return { privateKey: auth.privateKey, passphrase: auth.passphrase };
    case 'password':
      return { password: auth.password, tryKeyboard: true };
  }
}

/**
 * A server that offers only keyboard-interactive (PAM's usual set-up) asks for the password as
 * a prompt: answered once with the password given; any further round (a wrong password, a second
 * factor) gets empty answers, so the login fails at once instead of waiting for a time-out.
 */
function answerWithPassword(client: Client, password: string): void {
  let answered = false;
  client.on('keyboard-interactive', (_name, _instructions, _lang, prompts, finish) => {
    if (prompts.length === 0) return finish([]);
    const first = !answered;
    answered = true;
    finish(prompts.map((p, i) => (first && (i === 0 || /pass/i.test(p.prompt)) ? password : '')));
  });
}

function classify(
  target: SshTarget,
  error: Error & { level?: string },
  seen: { offered: string; mismatch: boolean },
): SshConnectError {
  const who = describeTarget(target);
  if (seen.mismatch) {
    return new SshConnectError(
      'host-key-mismatch',
      `The host key of ${who} has changed: pinned ${target.hostKey}, offered ${seen.offered}. ` +
        `This can mean the host was reinstalled, or that someone is intercepting the connection. ` +
        `Nothing was changed; re-pin the key only if you know why it changed.`,
      seen.offered,
    );
  }
  if (!target.hostKey && seen.offered && /Host denied/.test(error.message)) {
    return new SshConnectError(
      'host-key-mismatch',
      `The host key of ${who} (${seen.offered}) is not trusted yet; accept its fingerprint first`,
      seen.offered,
      'host-key-unknown',
    );
  }
  if (error.level === 'client-authentication') {
    return new SshConnectError(
      'auth-failed',
      `${who} refused the login (${target.auth.kind === 'password' ? 'password' : target.auth.kind === 'key' ? 'key' : 'ssh-agent keys'} not accepted)`,
    );
  }
  if (error.level === 'client-timeout') {
    return new SshConnectError(
      'unreachable',
      `${who} did not answer in time (SSH handshake timed out)`,
    );
  }
  return unreachable(target, error);
}

/** A host the network did not let us reach, said in words where the system error has them. */
function unreachable(target: SshTarget, error: Error): SshConnectError {
  const worded = networkWords(target.address, target.port, error);
  if (worded)
    return new SshConnectError('unreachable', worded.message, undefined, undefined, worded.detail);
  return new SshConnectError(
    'unreachable',
    `Cannot reach ${describeTarget(target)}: ${error.message}`,
  );
}
