// Reads that overlap in time share one request. Every window showing an environment refreshes on
// the same change event, so without this the engine answers the same list once per client.
import type { DialOptions } from './manager-calls.js';

export const isChange = (options: DialOptions): boolean =>
  !['GET', 'HEAD'].includes(options.method.toUpperCase());

/** What makes two reads the same: path and query (dockerode passes the query in `options`). */
export function readKey(options: DialOptions): string {
  const { abortSignal: _signal, ...query } = options.options ?? {};
  return `${options.path} ${JSON.stringify(query)}`;
}

/** A caller's own copy of a shared answer (parsed JSON, or the raw bytes of a non-JSON answer). */
const copy = (value: unknown): unknown =>
  Buffer.isBuffer(value) ? Buffer.from(value) : structuredClone(value);

export class SharedReads {
  private readonly inFlight = new Map<string, { answer: Promise<unknown>; joiners: number }>();
  private readonly generations = new Map<number, number>();

  /** Plain reads only: streams and hijacked calls belong to their caller, as do abortable ones. */
  static shareable(options: DialOptions): boolean {
    return (
      options.method.toUpperCase() === 'GET' &&
      !options.isStream &&
      !options.hijack &&
      !options.abortSignal
    );
  }

  /** A change to the environment: reads begun before it are not joined by later ones. */
  changed(environmentId: number): void {
    this.generations.set(environmentId, (this.generations.get(environmentId) ?? 0) + 1);
  }

  /** The answer of an identical read in flight, or of this one. */
  run(environmentId: number, key: string, read: () => Promise<unknown>): Promise<unknown> {
    const full = `${environmentId} ${this.generations.get(environmentId) ?? 0} ${key}`;
    const pending = this.inFlight.get(full);
    // Callers may change what they are given: a shared answer is copied for each.
    if (pending) {
      pending.joiners++;
      return pending.answer.then(copy);
    }
    const entry = {
      answer: read().finally(() => {
        if (this.inFlight.get(full) === entry) this.inFlight.delete(full);
      }),
      joiners: 0,
    };
    this.inFlight.set(full, entry);
    return entry.answer.then((value) => (entry.joiners ? copy(value) : value));
  }
}
