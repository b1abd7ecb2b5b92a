// A condition that must hold for a while before it raises, and be gone for a while before it
// resolves: the evaluator behind "unreachable for 15 s", "CPU above 90 % for 5 min" and "below
// its desired replicas for 60 s". Pure: observations and ticks carry the time, the caller owns
// the clock and calls tick() at nextDeadline().

export interface Transition {
  type: 'raise' | 'resolve';
  key: string;
  /** When the condition (raise) or its absence (resolve) began, ms since the epoch. */
  since: number;
  at: number;
  /** The last observation's detail (e.g. "1/3 running"). */
  detail: string;
}

export interface Hold {
  /** How long the condition must last before it raises. */
  raiseAfterMs: number;
  /** How long it must be gone before a raised alert resolves (0: at once). */
  clearAfterMs: number;
}

interface Entry extends Hold {
  bad: boolean;
  since: number;
  raised: boolean;
  detail: string;
}

export class SustainedCondition {
  private readonly entries = new Map<string, Entry>();

  /** The condition's state for `key` at `at`: true while it holds. */
  observe(key: string, bad: boolean, at: number, hold: Hold, detail = ''): Transition[] {
    let entry = this.entries.get(key);
    if (!entry) {
      if (!bad) return [];
      entry = { ...hold, bad, since: at, raised: false, detail };
      this.entries.set(key, entry);
    }
    Object.assign(entry, hold);
    if (bad) entry.detail = detail;
    if (entry.bad !== bad) {
      entry.bad = bad;
      entry.since = at;
    }
    // A condition that went away before raising leaves nothing behind.
    if (!bad && !entry.raised) this.entries.delete(key);
    return this.tick(at, key);
  }

  /** A raised alert from before (a restart of the console): it resolves once seen gone. */
  seed(key: string, since: number, hold: Hold, detail = ''): void {
    this.entries.set(key, { ...hold, bad: true, since, raised: true, detail });
  }

  /** The subject is gone (host removed, service deleted): resolve at once if raised. */
  forget(key: string, at: number): Transition[] {
    const entry = this.entries.get(key);
    this.entries.delete(key);
    return entry?.raised ? [{ type: 'resolve', key, since: at, at, detail: entry.detail }] : [];
  }

  /** Transitions due at `at` (for every key, or one). */
  tick(at: number, only?: string): Transition[] {
    const out: Transition[] = [];
    for (const [key, e] of this.entries) {
      if (only !== undefined && key !== only) continue;
      if (e.bad && !e.raised && at - e.since >= e.raiseAfterMs) {
        e.raised = true;
        out.push({ type: 'raise', key, since: e.since, at, detail: e.detail });
      } else if (!e.bad && e.raised && at - e.since >= e.clearAfterMs) {
        this.entries.delete(key);
        out.push({ type: 'resolve', key, since: e.since, at, detail: e.detail });
      }
    }
    return out;
  }

  /** When the next transition is due if nothing else is observed; undefined if none. */
  nextDeadline(): number | undefined {
    let next: number | undefined;
    for (const e of this.entries.values()) {
      const due =
        e.bad && !e.raised
          ? e.since + e.raiseAfterMs
          : !e.bad && e.raised
            ? e.since + e.clearAfterMs
            : undefined;
      if (due !== undefined && (next === undefined || due < next)) next = due;
    }
    return next;
  }

  keys(): string[] {
    return [...this.entries.keys()];
  }
}
