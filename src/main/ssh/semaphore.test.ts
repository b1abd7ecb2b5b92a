import { describe, expect, it } from 'vitest';
import { Semaphore } from './semaphore.js';

/** A promise the test settles by hand. */
function deferred<T = void>() {
  let resolve!: (value: T) => void;
  let reject!: (error: Error) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

// One macrotask turn, so that every settled promise has run its callbacks.
const tick = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

describe('Semaphore', () => {
  it('never runs more than its limit at once, and runs them all', async () => {
    const semaphore = new Semaphore(3);
    let running = 0;
    let peak = 0;
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        semaphore.run(async () => {
          running++;
          peak = Math.max(peak, running);
          // Finish in a scrambled order, some after several turns of the event loop.
          for (let n = 0; n < (i * 7) % 5; n++) await tick();
          running--;
          return i;
        }),
      ),
    );
    expect(peak).toBe(3);
    expect(running).toBe(0);
    expect(results).toEqual(Array.from({ length: 20 }, (_, i) => i));
  });

  it('starts waiting tasks in the order they asked (FIFO)', async () => {
    const semaphore = new Semaphore(1);
    const gate = deferred();
    const started: number[] = [];
    const first = semaphore.run(async () => {
      started.push(0);
      await gate.promise;
    });
    const rest = [1, 2, 3, 4].map((i) =>
      semaphore.run(async () => {
        started.push(i);
      }),
    );
    await tick();
    expect(started).toEqual([0]);
    expect(semaphore.queued).toBe(4);
    gate.resolve();
    await Promise.all([first, ...rest]);
    expect(started).toEqual([0, 1, 2, 3, 4]);
    expect(semaphore.queued).toBe(0);
  });

  it('frees the slot when a task fails, and passes the failure on', async () => {
    const semaphore = new Semaphore(1);
    const failing = semaphore.run(() => Promise.reject(new Error('boom')));
    const next = semaphore.run(async () => 'next ran');
    await expect(failing).rejects.toThrow('boom');
    await expect(next).resolves.toBe('next ran');
    // The slot is free again: a new task starts at once.
    let ran = false;
    const now = semaphore.run(async () => {
      ran = true;
    });
    await tick();
    expect(ran).toBe(true);
    await now;
  });

  it('frees the slot when a task throws before returning a promise', async () => {
    const semaphore = new Semaphore(1);
    const throwing = semaphore.run(() => {
      throw new Error('sync boom');
    });
    await expect(throwing).rejects.toThrow('sync boom');
    await expect(semaphore.run(async () => 1)).resolves.toBe(1);
  });

  it('holds a slot taken by acquire() until release()', async () => {
    const semaphore = new Semaphore(2);
    await semaphore.acquire();
    await semaphore.acquire();
    let third = false;
    const waiting = semaphore.acquire().then(() => (third = true));
    await tick();
    expect(third).toBe(false);
    semaphore.release();
    await waiting;
    expect(third).toBe(true);
  });
});
