// What a failed Docker API call means, decided once: only the engine's own 404 is "not found";
// any other answer of the engine is a refusal with its message; a call that got no answer (the
// channel could not open, the connection dropped, the manager did not answer in time) is
// UNAVAILABLE naming the host, and says whether the change may have been applied.
import { DroverError, type ErrorCode } from '../../shared/errors.js';

/** docker-modem's error for an answer outside the expected status codes. */
interface ModemError extends Error {
  statusCode?: number;
  json?: { message?: string } | null;
}

/** The engine's answer to a call it refused, with its HTTP status. */
export class EngineError extends DroverError {
  constructor(
    code: ErrorCode,
    message: string,
    readonly statusCode: number,
    readonly host: string,
    readonly engineMessage: string,
  ) {
    super(code, message);
    this.name = 'EngineError';
  }
}

/** No answer from the engine: the request may or may not have been applied (`maybeApplied`). */
export class NoAnswerError extends DroverError {
  constructor(
    message: string,
    readonly host: string,
    readonly maybeApplied: boolean,
  ) {
    super('UNAVAILABLE', message, maybeApplied ? { outcome: 'unknown', host } : { host });
    this.name = 'NoAnswerError';
  }
}

/** Every manager asked said the Swarm has no leader: nothing was applied. */
export class NoLeaderError extends DroverError {
  constructor(
    readonly managers: string[],
    waitedMs = 0,
  ) {
    const state = waitedMs
      ? `has had no leader for ${Math.round(waitedMs / 1000)} s`
      : 'has no leader';
    super(
      'UNAVAILABLE',
      `The Swarm ${state} (${managers.join(', ')} answered so): more than ` +
        'half of its managers must be up and reach each other to elect one. Nothing was changed.',
      { reason: 'swarm-no-leader' },
    );
    this.name = 'NoLeaderError';
  }
}

export function statusOf(error: unknown): number | undefined {
  const status = (error as ModemError | undefined)?.statusCode;
  return typeof status === 'number' ? status : undefined;
}

/** True only for the engine's own 404. */
export function isNotFound(error: unknown): boolean {
  return statusOf(error) === 404;
}

/** The engine's message without docker-modem's "(HTTP code N) reason - " wrapping. */
export function engineMessageOf(error: ModemError): string {
  const fromJson = error.json?.message;
  if (typeof fromJson === 'string' && fromJson) return fromJson.trim();
  return error.message.replace(/^\(HTTP code \d+\) [^-]*- /, '').trim();
}

const codeFor = (status: number): ErrorCode =>
  status === 404
    ? 'NOT_FOUND'
    : status === 409
      ? 'CONFLICT'
      : status === 400
        ? 'INVALID_ARGUMENT'
        : status === 503
          ? 'UNAVAILABLE'
          : 'PRECONDITION_FAILED';

/** An engine refusal as a contract error naming the host that answered. */
export function engineError(error: ModemError, host: string): EngineError {
  const status = error.statusCode ?? 500;
  const message = engineMessageOf(error);
  const where = host ? `Docker on ${host}` : 'Docker';
  return new EngineError(codeFor(status), `${where}: ${message}`, status, host, message);
}

/** The inspected object, or undefined when the engine says it does not exist (404 only). */
export async function unlessNotFound<T>(call: Promise<T>): Promise<T | undefined> {
  try {
    return await call;
  } catch (error) {
    if (isNotFound(error)) return undefined;
    throw error;
  }
}

/**
 * A create whose answer was lost may have been applied: the cluster is asked whether the object
 * exists now, and the answer stands for the lost one. Any other failure is rethrown.
 */
export async function createChecked<T>(
  create: () => Promise<T>,
  find: () => Promise<T | undefined>,
): Promise<T> {
  try {
    return await create();
  } catch (error) {
    if (!(error instanceof NoAnswerError) || !error.maybeApplied) throw error;
    const found = await find();
    if (found === undefined) throw error;
    return found;
  }
}

/** A removal whose answer was lost: done if the object is gone now. */
export async function removeChecked(
  remove: () => Promise<unknown>,
  exists: () => Promise<boolean>,
): Promise<void> {
  try {
    await remove();
  } catch (error) {
    if (isNotFound(error)) return;
    if (!(error instanceof NoAnswerError) || !error.maybeApplied || (await exists())) throw error;
  }
}
