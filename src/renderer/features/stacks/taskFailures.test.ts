import { describe, expect, it } from 'vitest';
import type { StepView } from '../../lib/operations';
import { groupTaskFailures } from './taskFailures';

const task = (id: string, at: number, error?: string, state: StepView['state'] = 'failed') => ({
  step: `task:${id}`,
  state,
  message: `shop_web.1 on lab${id}: ${state}${error ? ` (${error})` : ''}`,
  firstMessage: '',
  at,
  ...(error ? { error } : {}),
});

describe('groupTaskFailures', () => {
  it('gives one line per error with its count and the latest time', () => {
    const noImage = 'No such image: shop/web:missing';
    const exit = 'task: non-zero exit (1)';
    const steps: StepView[] = [
      { step: 'service:shop_web', state: 'done', message: 'Updated', firstMessage: '', at: 1 },
      ...Array.from({ length: 78 }, (_, i) => task(String(i), 1_000 + i * 500, noImage)),
      task('x', 2_000, exit),
      task('r', 3_000, undefined, 'running'),
    ];
    const { failures, rest } = groupTaskFailures(steps);
    expect(failures).toEqual([
      {
        error: noImage,
        count: 78,
        lastAt: 1_000 + 77 * 500,
        lastMessage: `shop_web.1 on lab77: failed (${noImage})`,
      },
      { error: exit, count: 1, lastAt: 2_000, lastMessage: `shop_web.1 on labx: failed (${exit})` },
    ]);
    expect(rest.map((s) => s.step)).toEqual(['service:shop_web', 'task:r']);
  });

  it('keeps the order errors were first seen in, so lines do not move as counts grow', () => {
    const first = groupTaskFailures([task('a', 5, 'A'), task('b', 1, 'B'), task('c', 9, 'B')]);
    expect(first.failures.map((f) => [f.error, f.count])).toEqual([
      ['A', 1],
      ['B', 2],
    ]);
  });

  it('leaves failed steps without an engine error as they are', () => {
    const lost = {
      step: 'task:z',
      state: 'failed' as const,
      message: 'gone',
      firstMessage: '',
      at: 1,
    };
    expect(groupTaskFailures([lost])).toEqual({ failures: [], rest: [lost] });
  });
});
