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

export interface ErrorPayload {
  code: ErrorCode;
  message: string;
}

/** What every binding (IPC, WebSocket) returns for a request. */
export type Envelope<T> = { ok: true; result: T } | { ok: false; error: ErrorPayload };

/** An error with a contract code; thrown by core services, rebuilt by the preload and web client. */
export class DroverError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'DroverError';
  }

  payload(): ErrorPayload {
    return { code: this.code, message: this.message };
  }

  static from(payload: ErrorPayload): DroverError {
    const code = (errorCodes as readonly string[]).includes(payload.code)
      ? payload.code
      : 'INTERNAL';
    return new DroverError(code, String(payload.message));
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
export function encodeErrorMessage(error: ErrorPayload): string {
  return `[${error.code}] ${error.message}`;
}

export function decodeErrorMessage(message: string): DroverError {
  const match = /^\[([A-Z_]+)\] ([\s\S]*)$/.exec(message);
  return match
    ? DroverError.from({ code: match[1] as ErrorCode, message: match[2] ?? '' })
    : new DroverError('INTERNAL', message);
}
