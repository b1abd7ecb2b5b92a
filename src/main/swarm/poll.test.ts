import { describe, expect, it } from 'vitest';
import { answerWithin, sleep } from './poll';

describe('answerWithin', () => {
  it('gives the answer that comes in time', async () => {
    await expect(
      answerWithin(
        sleep(10).then(() => 'late enough'),
        1_000,
      ),
    ).resolves.toBe('late enough');
  });

  it('gives undefined for an answer that comes after the limit', async () => {
    const started = Date.now();
    await expect(
      answerWithin(
        sleep(1_000).then(() => 'too late'),
        50,
      ),
    ).resolves.toBeUndefined();
    expect(Date.now() - started).toBeLessThan(900);
  });
});
