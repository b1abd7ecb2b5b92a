// Lists print as aligned columns for people, or as JSON with --json for scripts.
import type { CliIo, GlobalOptions } from './command.js';

export type Column<T> = [header: string, value: (row: T) => string | number | null | undefined];

export function printList<T>(
  rows: T[],
  columns: Column<T>[],
  globals: GlobalOptions,
  io: CliIo,
): void {
  if (globals.json) {
    io.out(JSON.stringify(rows, null, 2));
    return;
  }
  const cells = rows.map((row) => columns.map(([, value]) => String(value(row) ?? '-')));
  const headers = columns.map(([header]) => header);
  const widths = headers.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i]?.length ?? 0)));
  const line = (values: string[]) =>
    values
      .map((v, i) => v.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd();
  io.out([line(headers), ...cells.map(line)].join('\n'));
}
