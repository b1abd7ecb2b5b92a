// Formatting helpers shared by pages. Locale-aware but stable widths (tabular numbers in CSS).
export { durationBetween, formatBytes, formatDuration, formatRate } from '../../shared/format';

// One way to write a date and time on every page: the reader's locale, month as a word (never
// the 12/07 vs 07/12 puzzle), seconds where an instant matters. Tooltips add the time zone.
const dateParts = { year: 'numeric', month: 'short', day: 'numeric' } as const;
const timeParts = { hour: '2-digit', minute: '2-digit' } as const;
const dateTime = new Intl.DateTimeFormat(undefined, {
  ...dateParts,
  ...timeParts,
  second: '2-digit',
});
const dateTimeZone = new Intl.DateTimeFormat(undefined, {
  ...dateParts,
  ...timeParts,
  second: '2-digit',
  timeZoneName: 'short',
});
const dateOnly = new Intl.DateTimeFormat(undefined, dateParts);
const timeOnly = new Intl.DateTimeFormat(undefined, timeParts);
const timeSeconds = new Intl.DateTimeFormat(undefined, { ...timeParts, second: '2-digit' });
const dayOfMonth = new Intl.DateTimeFormat(undefined, { month: 'short', day: 'numeric' });

const number = new Intl.NumberFormat();

/** An ISO time or epoch ms written by `format`; the raw value when it does not parse. */
function written(at: string | number, format: Intl.DateTimeFormat): string {
  const d = new Date(at);
  return Number.isNaN(d.getTime()) ? String(at) : format.format(d);
}

/** "Dec 7, 2026, 14:05:33" in the reader's locale and time zone. */
export const formatDateTime = (at: string | number): string => written(at, dateTime);

/** The same with the time zone, for tooltips and details. */
export const formatDateTimeLong = (at: string | number): string => written(at, dateTimeZone);

/** "Dec 7, 2026". */
export const formatDate = (at: string | number): string => written(at, dateOnly);

/** "14:05" (the locale's clock), "14:05:33" with seconds. */
export const formatTime = (at: string | number, seconds = false): string =>
  written(at, seconds ? timeSeconds : timeOnly);

/** "Dec 7": a day on a chart axis. */
export const formatDay = (at: string | number): string => written(at, dayOfMonth);

const relative = new Intl.RelativeTimeFormat(undefined, { numeric: 'auto', style: 'long' });

/** "just now", "42 seconds ago", "3 minutes ago", "2 hours ago", "5 days ago" (locale words). */
export function formatAgo(at: string | number, now: number): string {
  const t = new Date(at).getTime();
  if (Number.isNaN(t)) return String(at);
  const seconds = Math.round((t - now) / 1000);
  const abs = Math.abs(seconds);
  if (abs < 5) return relative.format(0, 'second');
  if (abs < 60) return relative.format(seconds, 'second');
  if (abs < 3_600) return relative.format(Math.trunc(seconds / 60), 'minute');
  if (abs < 86_400) return relative.format(Math.trunc(seconds / 3_600), 'hour');
  return relative.format(Math.trunc(seconds / 86_400), 'day');
}

export function formatNumber(value: number): string {
  return number.format(value);
}

/** "1 host", "3 hosts". */
export function plural(count: number, one: string, many = `${one}s`): string {
  return `${formatNumber(count)} ${count === 1 ? one : many}`;
}
