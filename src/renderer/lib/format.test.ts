import { describe, expect, it } from 'vitest';
import { durationBetween, formatAgo, formatDate, formatDateTime, formatDuration } from './format';

describe('formatDuration', () => {
  it.each([
    [0, '0 ms'],
    [850, '850 ms'],
    [999.9, '999 ms'],
    [1000, '1 s'],
    [59_999, '59 s'],
    [60_000, '1 min 0 s'],
    [123_000, '2 min 3 s'],
    [3_599_999, '59 min 59 s'],
    [3_600_000, '1 h 0 min'],
    [3_900_000, '1 h 5 min'],
    [50 * 3_600_000, '50 h 0 min'],
  ])('%d ms reads "%s"', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });

  it('shows a dash for a value that is no duration', () => {
    expect(formatDuration(-1)).toBe('—');
    expect(formatDuration(Number.NaN)).toBe('—');
  });
});

describe('durationBetween', () => {
  const start = '2025-06-01T10:00:00.000Z';

  it('is the time from start to end', () => {
    expect(durationBetween(start, '2025-06-01T10:02:03.400Z')).toBe('2 min 3 s');
    expect(durationBetween(start, start)).toBe('0 ms');
  });

  it('is not known (null) without an end, with a bad time, or with an end before the start', () => {
    expect(durationBetween(start, null)).toBeNull();
    expect(durationBetween('yesterday', '2025-06-01T10:00:01.000Z')).toBeNull();
    expect(durationBetween(start, '2025-06-01T09:59:59.000Z')).toBeNull();
  });
});

describe('dates and times', () => {
  const iso = '2026-12-07T14:05:33.000Z';
  const rtf = new Intl.RelativeTimeFormat(undefined, { numeric: 'auto' });

  it('write one instant the same way from an ISO string or epoch ms, in the locale', () => {
    expect(formatDateTime(iso)).toBe(formatDateTime(Date.parse(iso)));
    expect(formatDateTime(iso)).toContain(formatDate(iso).replace(/,$/, ''));
    expect(formatDateTime('not a time')).toBe('not a time');
  });

  it('say how long ago in the locale, whole units down', () => {
    const now = Date.parse(iso);
    expect(formatAgo(now - 2_000, now)).toBe(rtf.format(0, 'second'));
    expect(formatAgo(now - 42_000, now)).toBe(rtf.format(-42, 'second'));
    expect(formatAgo(now - 179_000, now)).toBe(rtf.format(-2, 'minute'));
    expect(formatAgo(now - 3 * 3_600_000, now)).toBe(rtf.format(-3, 'hour'));
    expect(formatAgo(now - 5 * 86_400_000, now)).toBe(rtf.format(-5, 'day'));
  });
});
