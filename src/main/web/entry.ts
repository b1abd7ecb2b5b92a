// Web mode's entry points face any bytes anyone on the machine (or any page a browser has open)
// can send. Nothing they do may throw out of the event loop and end the console.

/** The request's URL, or null when it cannot be parsed (e.g. `//`, `//[`): answer 400. */
export function requestUrl(target: string | undefined): URL | null {
  try {
    return new URL(target ?? '/', 'http://localhost');
  } catch {
    return null;
  }
}

/**
 * Wraps an event handler so a bug in it is logged and answered by `fail` instead of becoming an
 * uncaught exception (which ends the process). `fail` must not throw either; if it does, that is
 * logged too.
 */
export function guarded<A extends unknown[]>(
  what: string,
  handler: (...args: A) => void,
  fail: (...args: A) => void,
): (...args: A) => void {
  return (...args) => {
    try {
      handler(...args);
    } catch (error) {
      console.error(`Drover web: ${what} failed`, error);
      try {
        fail(...args);
      } catch (failError) {
        console.error(`Drover web: answering a failed ${what} failed too`, failError);
      }
    }
  };
}
