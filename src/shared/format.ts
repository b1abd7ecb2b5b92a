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
