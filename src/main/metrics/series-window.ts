// Which stored rollup a chart range reads, and over which span: the presets, or a custom from/to.
import type { MetricsRange, MetricsWindow } from '../../shared/metrics.js';
import type { Resolution } from './rollups.js';

const PRESET_SECONDS: Record<Exclude<MetricsRange, 'live' | 'custom'>, number> = {
  '1h': 3_600,
  '24h': 86_400,
  '7d': 7 * 86_400,
};

/** Enough points for a chart a screen wide, few enough to draw every tick: ~360 to ~1440. */
const MAX_POINTS = 1_500;

export interface RollupSpan {
  /** Bucket starts, epoch seconds, both ends included. */
  sinceSeconds: number;
  untilSeconds: number;
  resolution: number;
  window: MetricsWindow;
}

/**
 * The span a (non-live) range covers at `nowMs`, read from the finest resolution that still
 * keeps its start and gives at most MAX_POINTS points (the coarsest one when none does).
 */
export function rollupSpan(
  range: Exclude<MetricsRange, 'live'>,
  nowMs: number,
  resolutions: readonly Resolution[],
  custom?: MetricsWindow,
): RollupSpan {
  const window =
    range === 'custom' ? custom! : { from: nowMs - PRESET_SECONDS[range] * 1000, to: nowMs };
  const spanSeconds = (window.to - window.from) / 1000;
  const ageSeconds = (nowMs - window.from) / 1000;
  const sorted = [...resolutions].sort((a, b) => a.seconds - b.seconds);
  const fits = sorted.find(
    (r) => spanSeconds / r.seconds <= MAX_POINTS && ageSeconds <= r.retentionSeconds,
  );
  const resolution = (fits ?? sorted[sorted.length - 1]!).seconds;
  return {
    sinceSeconds: Math.floor(window.from / 1000),
    untilSeconds: Math.floor(window.to / 1000),
    resolution,
    window,
  };
}
