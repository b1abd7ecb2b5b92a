// The one way the core waits for the cluster to reach a state, and retries a call that may
// succeed a moment later. Every wait has a deadline; none spins without a pause.

export const sleep = (ms: number): Promise<void> =>
  new Promise((resolve) => setTimeout(resolve, ms));

/** The answer of `work` if it comes within `ms`, else undefined (the work itself is not stopped). */
export async function answerWithin<T>(work: Promise<T>, ms: number): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<undefined>(
    (resolve) => (timer = setTimeout(() => resolve(undefined), ms)),
  );
  try {
    return await Promise.race([work, late]);
  } finally {
    clearTimeout(timer);
  }
}

export interface PollOptions {
  timeoutMs: number;
  /** Pause between checks (default 250 ms). */
  intervalMs?: number;
}

/**
 * Calls `check` until it returns a value other than undefined, and resolves with it; resolves
 * undefined when the deadline passes first. Errors thrown by `check` end the wait.
 */
export async function pollUntil<T>(
  check: () => Promise<T | undefined> | T | undefined,
  options: PollOptions,
): Promise<T | undefined> {
  const deadline = Date.now() + options.timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() >= deadline) return undefined;
    await sleep(Math.min(options.intervalMs ?? 250, Math.max(0, deadline - Date.now())));
  }
}

/** pollUntil for a yes/no condition: true once it holds, false at the deadline. */
export async function waitFor(
  condition: () => Promise<boolean> | boolean,
  options: PollOptions,
): Promise<boolean> {
  return (await pollUntil(async () => ((await condition()) ? true : undefined), options)) ?? false;
}

export interface RetryOptions {
  timeoutMs: number;
  intervalMs?: number;
  /** Whether this error may pass by retrying (default: any). */
  retryable?: (error: unknown) => boolean;
}

/** Runs `work` until it succeeds; rethrows its last error at the deadline or when not retryable. */
export async function retry<T>(work: () => Promise<T>, options: RetryOptions): Promise<T> {
  const deadline = Date.now() + options.timeoutMs;
  for (;;) {
    try {
      return await work();
    } catch (error) {
      if (Date.now() >= deadline || !(options.retryable?.(error) ?? true)) throw error;
      await sleep(options.intervalMs ?? 500);
    }
  }
}
