// Error codes that cross the contract. The renderer and the CLI turn them into messages; the
// codes let callers react (e.g. CONFLICT on a duplicate name) without parsing text.
export const errorCodes = [
  'INVALID_ARGUMENT',
  'NOT_FOUND',
  'CONFLICT',
  'FORBIDDEN',
  'PRECONDITION_FAILED',
  'UNAVAILABLE',
  'UNKNOWN_METHOD',
  'INTERNAL',
] as const;

export type ErrorCode = (typeof errorCodes)[number];

/** Why a request was refused, where a caller offers a way out. */
export type ErrorReason =
  /** Neither pinned nor in known_hosts: a person checks the fingerprint first. */
  | 'host-key-unknown'
  /** Differs from the pinned, the accepted or the known_hosts key. */
  | 'host-key-changed'
  /** Marked @revoked in known_hosts: never trusted. */
  | 'host-key-revoked'
  /** The host refused the login. */
  | 'auth-failed'
  /** The host is reached through a jump host whose key has not been checked yet. */
  | 'jump-host-unchecked'
  /** FORBIDDEN: the principal's role is not enough, or it has none in the environment. */
  | 'role'
  | 'environment'
  /** FORBIDDEN: the method has no policy entry (nobody's but the local admin's). */
  | 'no-policy'
  /** FORBIDDEN: the membership is limited to other stacks. */
  | 'stacks'
  /** FORBIDDEN: only the local admin may make the console read its own files or agent. */
  | 'console-files'
  /** UNAVAILABLE: Raft has no leader (quorum lost or an election under way); nothing applied. */
  | 'swarm-no-leader'

  /** FORBIDDEN: a restricted member's deploy asks for host access (privileged, host mounts, ...). */
  | 'guardrails';

/** What a caller may act on besides the message (never parsed out of it). */
export interface ErrorDetails {
  reason?: ErrorReason;
  /** With a host-key reason: the SHA256 fingerprint the host offered. */
  offeredHostKey?: string;
  /** The engine did not answer a change: it may or may not have been applied. */
  outcome?: 'unknown';
  /** The host that answered (or did not). */
  host?: string;
  /** A deploy that stopped midway: what it had applied, and the version that undoes it. */
  applied?: { kind: string; name: string; action: 'created' | 'updated' | 'removed' }[];
  rollbackTo?: number | null;
  /** FORBIDDEN: the role the request needs. */
  role?: string;
  /** The raw system error behind a message in words ("connect EHOSTUNREACH 10.0.0.5:22"). */
  cause?: string;
}

export interface ErrorPayload {
  code: ErrorCode;
  message: string;
  details?: ErrorDetails;
}

/** What every binding (IPC, WebSocket) returns for a request. */
export type Envelope<T> = { ok: true; result: T } | { ok: false; error: ErrorPayload };

/** An error with a contract code; thrown by core services, rebuilt by the preload and web client. */
export class DroverError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: ErrorDetails,
  ) {
    super(message);
    this.name = 'DroverError';
  }

  payload(): ErrorPayload {
    return this.details
      ? { code: this.code, message: this.message, details: this.details }
      : { code: this.code, message: this.message };
  }

  static from(payload: ErrorPayload): DroverError {
    const code = (errorCodes as readonly string[]).includes(payload.code)
      ? payload.code
      : 'INTERNAL';
    const details =
      typeof payload.details === 'object' && payload.details !== null ? payload.details : undefined;
    return new DroverError(code, String(payload.message), details);
  }
}

export function isErrorPayload(value: unknown): value is ErrorPayload {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as ErrorPayload).code === 'string' &&
    typeof (value as ErrorPayload).message === 'string'
  );
}

/** Errors crossing Electron's contextBridge keep only their message: "[CODE] message". */
// Details ride after a NUL, which no message contains.
const DETAILS = '\u0000';

export function encodeErrorMessage(error: ErrorPayload): string {
  const details = error.details ? `${DETAILS}${JSON.stringify(error.details)}` : '';
  return `[${error.code}] ${error.message}${details}`;
}

export function decodeErrorMessage(encoded: string): DroverError {
  const cut = encoded.indexOf(DETAILS);
  const message = cut < 0 ? encoded : encoded.slice(0, cut);
  const match = /^\[([A-Z_]+)\] ([\s\S]*)$/.exec(message);
  if (!match) return new DroverError('INTERNAL', encoded);
  let details: ErrorDetails | undefined;
  try {
    details = cut < 0 ? undefined : (JSON.parse(encoded.slice(cut + 1)) as ErrorDetails);
  } catch {
    details = undefined;
  }
  return DroverError.from({ code: match[1] as ErrorCode, message: match[2] ?? '', details });
}
