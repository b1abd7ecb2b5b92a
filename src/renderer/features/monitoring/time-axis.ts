// Pure helpers for time charts: where the data has gaps, and which ticks the time axis shows.

/** A sample later than this many sampling steps after the previous one leaves a gap. */
export const GAP_STEPS = 2.5;

/**
 * The points with a marker (only `t`, no values) inside every gap longer than GAP_STEPS steps,
 * so the chart lifts the pen there instead of drawing a line across time it has no data for.
 */
export function withGaps<P extends { t: number }>(
  points: readonly P[],
  stepSeconds: number,
): (P | { t: number })[] {
  if (!(stepSeconds > 0) || points.length < 2) return points as P[];
  const limit = GAP_STEPS * stepSeconds * 1000;
  const out: (P | { t: number })[] = [];
  let previous: P | undefined;
  for (const point of points) {
    if (previous && point.t - previous.t > limit) out.push({ t: previous.t + stepSeconds * 1000 });
    out.push(point);
    previous = point;
  }
  return out;
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const STEPS = [
  10_000,
  15_000,
  30_000,
  MINUTE,
  2 * MINUTE,
  5 * MINUTE,
  10 * MINUTE,
  15 * MINUTE,
  30 * MINUTE,
  HOUR,
  2 * HOUR,
  3 * HOUR,
  6 * HOUR,
  12 * HOUR,
  DAY,
  2 * DAY,
  7 * DAY,
];

export interface TimeTicks {
  ticks: number[];
  /** Milliseconds between ticks: days or hours/minutes decide the label. */
  stepMs: number;
}

/**
 * Distinct ticks on whole local minutes, hours or days between `from` and `to` (epoch ms), at
 * most `maxTicks` of them: a week reads as days, a day as hours, an hour as minutes.
 */
export function timeTicks(from: number, to: number, maxTicks = 7): TimeTicks {
  const span = Math.max(to - from, 1);
  const stepMs = STEPS.find((s) => span / s <= maxTicks) ?? STEPS[STEPS.length - 1]!;
  const ticks: number[] = [];
  for (let t = firstTick(from, stepMs); t <= to; t = nextTick(t, stepMs)) {
    if (t >= from) ticks.push(t);
  }
  return { ticks, stepMs };
}

/** The first local boundary of `stepMs` at or after `from` (days at local midnight). */
function firstTick(from: number, stepMs: number): number {
  const d = new Date(from);
  if (stepMs >= DAY) {
    d.setHours(0, 0, 0, 0);
    if (d.getTime() < from) d.setDate(d.getDate() + 1);
    return d.getTime();
  }
  if (stepMs < MINUTE) {
    d.setSeconds(0, 0);
  } else d.setMinutes(0, 0, 0);
  // Whole hours from local midnight (time zones with odd offsets still get :00 labels).
  let t = d.getTime();
  if (stepMs > HOUR) {
    const midnight = new Date(from);
    midnight.setHours(0, 0, 0, 0);
    t = midnight.getTime();
  }
  while (t < from) t = nextTick(t, stepMs);
  return t;
}

/** Days are added on the calendar (a day across a DST change is not 24 h). */
function nextTick(t: number, stepMs: number): number {
  if (stepMs < DAY) return t + stepMs;
  const d = new Date(t);
  d.setDate(d.getDate() + stepMs / DAY);
  return d.getTime();
}

export const isDayStep = (stepMs: number) => stepMs >= DAY;

/** Ticks closer than a minute apart need seconds in their labels. */
export const needsSeconds = (stepMs: number) => stepMs < MINUTE;
