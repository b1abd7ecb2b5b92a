// The tests' one wait (UI, lab and integration tests alike), on the core's own polling helper.
import { pollUntil } from '../../src/main/swarm/poll';

/**
 * Calls `check` until it answers something other than undefined or false, and resolves with that.
 * A check that throws counts as "not yet"; at the deadline the wait fails naming `what` and the
 * last error, so a failed assertion inside `check` is what the report shows.
 */
export async function until<T>(
  check: () => Promise<T | undefined | false> | T | undefined | false,
  what: string,
  timeoutMs = 15_000,
  intervalMs = 150,
): Promise<T> {
  let lastError: Error | undefined;
  const value = await pollUntil(
    async () => {
      try {
        const answer = await check();
        lastError = undefined;
        return answer === false ? undefined : answer;
      } catch (error) {
        lastError = error as Error;
        return undefined;
      }
    },
    { timeoutMs, intervalMs },
  );
  if (value !== undefined) return value;
  const why = lastError ? `: ${lastError.message}` : '';
  throw new Error(`Timed out waiting until ${what}${why}`, { cause: lastError });
}
