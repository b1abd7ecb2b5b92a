import { describe, expect, it } from 'vitest';
import { barPercent } from './units';
import { isDayStep, timeTicks, withGaps } from './time-axis';

const at = (iso: string) => new Date(iso).getTime();

describe('withGaps', () => {
  const series = (...seconds: number[]) => seconds.map((s) => ({ t: s * 1000, v: s }));

  it('leaves evenly spaced samples alone', () => {
    const points = series(0, 2, 4, 6);
    expect(withGaps(points, 2)).toEqual(points);
  });

  it('lifts the pen where no sample came for more than 2.5 steps', () => {
    const out = withGaps(series(0, 2, 4, 94, 96), 2);
    expect(out).toHaveLength(6);
    // The marker sits one step after the last sample and carries no value.
    expect(out[3]).toEqual({ t: 6000 });
    expect(out.map((p) => p.t)).toEqual([0, 2000, 4000, 6000, 94000, 96000]);
  });

  it('tolerates a late tick within the threshold', () => {
    expect(withGaps(series(0, 2, 6.9), 2)).toHaveLength(3);
    expect(withGaps(series(0, 2, 7.1), 2)).toHaveLength(4);
  });
});

describe('timeTicks', () => {
  it('labels 7 days by distinct local midnights', () => {
    const to = at('2026-12-07T15:20:00');
    const { ticks, stepMs } = timeTicks(to - 7 * 86_400_000, to);
    expect(isDayStep(stepMs)).toBe(true);
    expect(new Set(ticks).size).toBe(ticks.length);
    expect(ticks.length).toBeGreaterThanOrEqual(3);
    expect(ticks.length).toBeLessThanOrEqual(7);
    for (const t of ticks) expect(new Date(t).getHours()).toBe(0);
    const days = ticks.map((t) => new Date(t).getDate());
    expect(new Set(days).size).toBe(days.length);
  });

  it('labels a day by whole hours and an hour by whole minutes', () => {
    const to = at('2026-12-07T15:23:10');
    const day = timeTicks(to - 86_400_000, to);
    expect(isDayStep(day.stepMs)).toBe(false);
    for (const t of day.ticks) expect(new Date(t).getMinutes()).toBe(0);
    const hour = timeTicks(to - 3_600_000, to);
    expect(hour.stepMs).toBe(10 * 60_000);
    expect(hour.ticks.map((t) => new Date(t).getMinutes())).toEqual([30, 40, 50, 0, 10, 20]);
  });

  it('keeps every tick inside the range', () => {
    const from = at('2026-12-07T10:00:30');
    const to = from + 5 * 60_000;
    const { ticks } = timeTicks(from, to);
    expect(ticks.length).toBeGreaterThan(0);
    for (const t of ticks) expect(t >= from && t <= to).toBe(true);
  });
});

describe('top consumer bars', () => {
  it('are proportional, with no full bar for an idle consumer', () => {
    expect(barPercent('cpu', 0.004, 0.004)).toBeCloseTo(0.4);
    expect(barPercent('cpu', 2, 4)).toBe(50);
    expect(barPercent('cpu', 4, 4)).toBe(100);
    expect(barPercent('network', 0, 0)).toBe(0);
  });
});

describe('timeTicks over the live minutes', () => {
  it('labels seconds apart when the span is under a few minutes', () => {
    const from = at('2026-12-07T10:00:07');
    const { ticks, stepMs } = timeTicks(from, from + 60_000);
    expect(stepMs).toBe(10_000);
    expect(ticks.map((t) => new Date(t).getSeconds())).toEqual([10, 20, 30, 40, 50, 0]);
  });
});
