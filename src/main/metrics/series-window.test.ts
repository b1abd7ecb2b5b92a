import { describe, expect, it } from 'vitest';
import { windowProblem } from '../../shared/metrics.js';
import { DEFAULT_RESOLUTIONS } from './rollups.js';
import { rollupSpan } from './series-window.js';

const now = Date.UTC(2026, 11, 7, 12, 0, 0);
const HOUR = 3_600_000;

describe('rollupSpan', () => {
  it('reads the presets at their usual resolutions', () => {
    expect(rollupSpan('1h', now, DEFAULT_RESOLUTIONS).resolution).toBe(10);
    expect(rollupSpan('24h', now, DEFAULT_RESOLUTIONS).resolution).toBe(60);
    expect(rollupSpan('7d', now, DEFAULT_RESOLUTIONS).resolution).toBe(600);
    expect(rollupSpan('1h', now, DEFAULT_RESOLUTIONS).window).toEqual({
      from: now - HOUR,
      to: now,
    });
  });

  it('reads a custom span between its ends, from a resolution that still keeps its start', () => {
    const recent = rollupSpan('custom', now, DEFAULT_RESOLUTIONS, {
      from: now - 3 * HOUR,
      to: now - 2 * HOUR,
    });
    expect(recent).toMatchObject({
      resolution: 10,
      sinceSeconds: (now - 3 * HOUR) / 1000,
      untilSeconds: (now - 2 * HOUR) / 1000,
    });
    // Two days ago: the 10 s buckets are gone (kept a day), the minute ones are not.
    const older = rollupSpan('custom', now, DEFAULT_RESOLUTIONS, {
      from: now - 49 * HOUR,
      to: now - 48 * HOUR,
    });
    expect(older.resolution).toBe(60);
  });
});

describe('windowProblem', () => {
  it('accepts a minute to 30 days and names the end that is wrong', () => {
    expect(windowProblem({ from: now - HOUR, to: now })).toBeNull();
    expect(windowProblem({ from: now, to: now - HOUR })?.field).toBe('to');
    expect(windowProblem({ from: now, to: now + 30_000 })?.message).toMatch(/at least a minute/);
    expect(windowProblem({ from: now - 31 * 24 * HOUR, to: now })?.field).toBe('from');
    expect(windowProblem({ from: Number.NaN, to: now })?.message).toMatch(/start/);
  });
});
