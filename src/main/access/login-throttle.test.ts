import { describe, expect, it } from 'vitest';
import { LoginThrottle } from './login-throttle.js';

/** Fails `n` logins for an account from an address, waiting out each delay as told. */
function failMany(throttle: LoginThrottle, clock: { now: number }, n: number, addr: string) {
  for (let i = 0; i < n; i++) {
    const wait = throttle.begin('admin', addr);
    clock.now += wait;
    if (wait === 0) throttle.finish('admin', addr, false);
    else i--;
  }
}

describe('the login throttle', () => {
  it('never makes the owner of an account wait more than the account cap because of strangers', () => {
    const clock = { now: 0 };
    const throttle = new LoginThrottle({ now: () => clock.now });
    // Strangers on 40 addresses fail 6 times each against the admin's name.
    for (let a = 0; a < 40; a++) failMany(throttle, clock, 6, `10.0.0.${a}`);
    // The admin, from their own address, waits at most the account's cap (30 s), once.
    const wait = throttle.begin('admin', '192.168.1.5');
    expect(wait).toBeGreaterThan(0);
    expect(wait).toBeLessThanOrEqual(30_000);
    clock.now += wait;
    expect(throttle.begin('admin', '192.168.1.5')).toBe(0);
  });

  it('slows one address down across accounts (guessing many names)', () => {
    const clock = { now: 0 };
    const throttle = new LoginThrottle({ now: () => clock.now });
    for (let i = 0; i < 5; i++) {
      expect(throttle.begin(`user${i}`, '10.0.0.9')).toBe(0);
      throttle.finish(`user${i}`, '10.0.0.9', false);
    }
    expect(throttle.begin('user5', '10.0.0.9')).toBe(0);
    throttle.finish('user5', '10.0.0.9', false);
    expect(throttle.begin('user6', '10.0.0.9')).toBe(1_000);
    expect(throttle.begin('user6', '10.0.0.10')).toBe(0);
  });

  it('checks one attempt at a time per account and address', () => {
    const throttle = new LoginThrottle();
    expect(throttle.begin('alice', '10.0.0.1')).toBe(0);
    expect(throttle.begin('alice', '10.0.0.1')).toBeGreaterThan(0);
    throttle.finish('alice', '10.0.0.1', true);
    expect(throttle.begin('alice', '10.0.0.1')).toBe(0);
  });

  it('forgets old failures and keeps at most maxCounters', () => {
    const clock = { now: 0 };
    const throttle = new LoginThrottle({ now: () => clock.now, maxCounters: 50 });
    failMany(throttle, clock, 6, '10.0.0.1');
    clock.now += 31 * 60_000;
    expect(throttle.begin('admin', '10.0.0.1')).toBe(0);
    throttle.finish('admin', '10.0.0.1', true);
    for (let a = 0; a < 500; a++) {
      throttle.begin(`u${a}`, `10.1.${a >> 8}.${a & 255}`);
      throttle.finish(`u${a}`, `10.1.${a >> 8}.${a & 255}`, false);
    }
    expect((throttle as unknown as { counters: Map<string, unknown> }).counters.size).toBe(50);
  });
});
