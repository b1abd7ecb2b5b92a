import { describe, expect, it } from 'vitest';
import type { SeriesPoint } from '../../../shared/metrics';
import { sparklinePath } from './sparkline-path';

const at = (seconds: number, cpuPct: number) => ({ t: seconds * 1000, cpuPct }) as SeriesPoint;
const box = { width: 100, height: 20, max: 100, inset: 0 };

describe('sparklinePath', () => {
  it('draws nothing for fewer than two points', () => {
    expect(sparklinePath([at(0, 5)], 'cpuPct', box)).toBe('');
  });

  it('places points by time and value on the fixed scale', () => {
    expect(sparklinePath([at(0, 0), at(2, 50), at(4, 100)], 'cpuPct', box)).toBe(
      'M0.0 20.0 L50.0 10.0 L100.0 0.0',
    );
  });

  it('lifts the pen across a silence longer than 2.5 sampling intervals, keeping its width', () => {
    const points = [at(0, 10), at(2, 10), at(4, 10), at(20, 10), at(22, 10)];
    const path = sparklinePath(points, 'cpuPct', box);
    expect(path.match(/M/g)).toHaveLength(2);
    // The point after the silence sits where its time puts it (20 of 22 s), not next in line.
    expect(path).toContain('M90.9 18.0');
  });
});
