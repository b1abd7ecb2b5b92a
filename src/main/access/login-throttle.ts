// Slows password guessing down without handing strangers a way to lock a user out. Failed logins
// are counted per client address, per account from one address, and per account from anywhere;
// after a few free failures each next attempt on that counter must wait twice as long as the
// last. The per-account counter from anywhere is capped low (seconds, not minutes): it slows a
// guesser spread over many addresses, yet someone who fails on purpose against an admin's name
// delays the admin by at most that cap per attempt, and never locks the account.
// Counters live in memory: a restart forgets them, which costs an attacker a restart they cannot
// cause from outside.

export interface ThrottleRule {
  /** Failures that cost nothing (typos). */
  free: number;
  /** The wait after the first failure beyond the free ones; doubles with each further one. */
  baseMs: number;
  capMs: number;
}

export interface LoginThrottleOptions {
  now?: () => number;
  address?: ThrottleRule;
  accountFromAddress?: ThrottleRule;
  account?: ThrottleRule;
  /** A counter without a failure for this long is forgotten. */
  forgetMs?: number;
  /** At most this many counters are kept (a flood of addresses cannot fill the memory). */
  maxCounters?: number;
}

interface Counter {
  failures: number;
  lastFailure: number;
  blockedUntil: number;
}

const defaults = {
  address: { free: 5, baseMs: 1_000, capMs: 15 * 60_000 },
  accountFromAddress: { free: 3, baseMs: 1_000, capMs: 15 * 60_000 },
  account: { free: 10, baseMs: 1_000, capMs: 30_000 },
  forgetMs: 30 * 60_000,
  maxCounters: 10_000,
};

export class LoginThrottle {
  private readonly counters = new Map<string, Counter>();
  /** Attempts being checked right now: one at a time per account and address. */
  private readonly inFlight = new Set<string>();
  private readonly options: typeof defaults & { now: () => number };

  constructor(options: LoginThrottleOptions = {}) {
    this.options = { ...defaults, now: () => Date.now(), ...options };
  }

  /**
   * How long (ms) this attempt must wait before it may be checked; 0: go ahead (and then call
   * `finish`). An attempt while another for the same account and address is being checked waits
   * too, so parallel guesses cannot slip in before the first failure is counted.
   */
  begin(account: string, address: string): number {
    const now = this.options.now();
    const wait = Math.max(
      0,
      ...this.keys(account, address).map(
        ([key]) => (this.counter(key, now)?.blockedUntil ?? 0) - now,
      ),
    );
    const pair = this.pairKey(account, address);
    if (wait > 0) return wait;
    if (this.inFlight.has(pair)) return 1_000;
    this.inFlight.add(pair);
    return 0;
  }

  /** Records the outcome of an attempt that `begin` let through. */
  finish(account: string, address: string, ok: boolean): void {
    const pair = this.pairKey(account, address);
    this.inFlight.delete(pair);
    if (ok) {
      // The address and the account stay counted: one known password must not buy an address
      // fresh guesses at other accounts, nor reset the wait of someone guessing this one.
      this.counters.delete(pair);
      return;
    }
    const now = this.options.now();
    for (const [key, rule] of this.keys(account, address)) {
      const counter = this.counter(key, now) ?? { failures: 0, lastFailure: now, blockedUntil: 0 };
      counter.failures += 1;
      counter.lastFailure = now;
      const beyond = counter.failures - rule.free;
      if (beyond > 0) {
        counter.blockedUntil = now + Math.min(rule.capMs, rule.baseMs * 2 ** (beyond - 1));
      }
      this.counters.delete(key); // re-inserted last: the map's order is least recently failed
      this.counters.set(key, counter);
    }
    this.bound(now);
  }

  private keys(account: string, address: string): [string, ThrottleRule][] {
    const name = account.toLowerCase();
    return [
      [`address\n${address}`, this.options.address],
      [this.pairKey(account, address), this.options.accountFromAddress],
      [`account\n${name}`, this.options.account],
    ];
  }

  private pairKey(account: string, address: string): string {
    return `pair\n${account.toLowerCase()}\n${address}`;
  }

  private counter(key: string, now: number): Counter | undefined {
    const counter = this.counters.get(key);
    if (counter && now - counter.lastFailure > this.options.forgetMs) {
      this.counters.delete(key);
      return undefined;
    }
    return counter;
  }

  private bound(now: number): void {
    for (const [key, counter] of this.counters) {
      if (this.counters.size <= this.options.maxCounters) return;
      if (now - counter.lastFailure > this.options.forgetMs || counter.blockedUntil <= now) {
        this.counters.delete(key);
      }
    }
    // Still too many, all of them blocking: drop the least recently failed.
    for (const key of this.counters.keys()) {
      if (this.counters.size <= this.options.maxCounters) return;
      this.counters.delete(key);
    }
  }
}
