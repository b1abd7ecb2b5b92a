// Byte sizes and rates as people read them, for the renderer and the CLI alike.

export function formatBytes(bytes: number | null): string {
  if (bytes === null || !Number.isFinite(bytes)) return '—';
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  const digits = value >= 100 || unit === 0 ? 0 : 1;
  return `${value.toFixed(digits)} ${units[unit]}`;
}

/** "1.2 MiB/s"; tiny rates show as "0 B/s" rather than fractions of a byte. */
export function formatRate(bytesPerSecond: number): string {
  return `${formatBytes(bytesPerSecond < 1 ? 0 : bytesPerSecond)}/s`;
}

/** How long something took, whole units down: "850 ms", "12 s", "2 min 3 s", "1 h 5 min". */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '—';
  if (ms < 1000) return `${Math.floor(ms)} ms`;
  const seconds = Math.floor(ms / 1000);
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min ${seconds % 60} s`;
  return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

/**
 * The duration from `start` to `end` (ISO 8601), or null when it is not known: no end recorded,
 * a time that does not parse, or an end before the start (a clock set back meanwhile).
 */
export function durationBetween(start: string, end: string | null): string | null {
  if (end === null) return null;
  const ms = Date.parse(end) - Date.parse(start);
  return Number.isNaN(ms) || ms < 0 ? null : formatDuration(ms);
}
