// "Restarting in a loop": N exits nobody asked for within a window. Swarm replaces a task's
// container with a new one (new id, same service and slot), so the key is the service for task
// containers and the container only for plain ones. Resolves after a whole window without an
// exit. Pure like SustainedCondition: the caller passes the time and ticks at nextDeadline().
import type { Transition } from './sustained.js';

export interface LoopLimit {
  count: number;
  windowMs: number;
}

interface Entry extends LoopLimit {
  exits: number[];
  raised: boolean;
  since: number;
  detail: string;
}

export class RestartLoop {
  private readonly entries = new Map<string, Entry>();

  /** One unrequested exit of `key` at `at`. */
  exited(key: string, at: number, limit: LoopLimit, detail = ''): Transition[] {
    let entry = this.entries.get(key);
    if (!entry) {
      entry = { ...limit, exits: [], raised: false, since: at, detail };
      this.entries.set(key, entry);
    }
    Object.assign(entry, limit);
    entry.detail = detail;
    entry.exits = [...entry.exits.filter((t) => at - t < limit.windowMs), at];
    if (!entry.raised && entry.exits.length >= limit.count) {
      entry.raised = true;
      entry.since = entry.exits[0] ?? at;
      return [{ type: 'raise', key, since: entry.since, at, detail: entry.detail }];
    }
    return [];
  }

  /** A raised alert from before a restart of the console: resolves after a quiet window. */
  seed(key: string, at: number, limit: LoopLimit, detail = ''): void {
    this.entries.set(key, { ...limit, exits: [at], raised: true, since: at, detail });
  }

  forget(key: string, at: number): Transition[] {
    const entry = this.entries.get(key);
    this.entries.delete(key);
    return entry?.raised ? [{ type: 'resolve', key, since: at, at, detail: entry.detail }] : [];
  }

  tick(at: number): Transition[] {
    const out: Transition[] = [];
    for (const [key, e] of this.entries) {
      const last = e.exits[e.exits.length - 1] ?? e.since;
      if (at - last < e.windowMs) continue;
      this.entries.delete(key);
      if (e.raised) out.push({ type: 'resolve', key, since: last, at, detail: e.detail });
    }
    return out;
  }

  nextDeadline(): number | undefined {
    let next: number | undefined;
    for (const e of this.entries.values()) {
      const due = (e.exits[e.exits.length - 1] ?? e.since) + e.windowMs;
      if (next === undefined || due < next) next = due;
    }
    return next;
  }
}
