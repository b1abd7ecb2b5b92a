import { DroverError, type ErrorCode, type ErrorDetails } from '../../shared/errors';

/**
 * The contract error behind anything a request may throw. Both transports (lib/api.ts) rebuild
 * the core's errors as DroverErrors at the boundary, so nothing here reads a message.
 */
export function toDroverError(error: unknown): DroverError | null {
  return error instanceof DroverError ? error : null;
}

/** The message to show a person for anything a request may throw. */
export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message || 'Something went wrong';
  if (typeof error === 'string') return error;
  return 'Something went wrong';
}

/** The contract error code, when the error came from the core. */
export function errorCode(error: unknown): ErrorCode | null {
  return toDroverError(error)?.code ?? null;
}

/** What the core said besides the message (reason, outcome, what was applied). */
export function errorDetails(error: unknown): ErrorDetails {
  return toDroverError(error)?.details ?? {};
}
