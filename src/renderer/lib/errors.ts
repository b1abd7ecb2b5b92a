import { DroverError, decodeErrorMessage, type ErrorCode } from '../../shared/errors';

/**
 * The contract error behind anything a request may throw. Errors that crossed Electron's
 * contextBridge keep only their message ("[CODE] message"); they are decoded here.
 */
export function toDroverError(error: unknown): DroverError | null {
  if (error instanceof DroverError) return error;
  if (error instanceof Error && /^\[[A-Z_]+\] /.test(error.message)) {
    return decodeErrorMessage(error.message);
  }
  return null;
}

/** The message to show a person for anything a request may throw. */
export function errorMessage(error: unknown): string {
  const drover = toDroverError(error);
  if (drover) return drover.message;
  if (error instanceof Error) return error.message || 'Something went wrong';
  if (typeof error === 'string') return error;
  return 'Something went wrong';
}

/** The contract error code, when the error came from the core. */
export function errorCode(error: unknown): ErrorCode | null {
  return toDroverError(error)?.code ?? null;
}
