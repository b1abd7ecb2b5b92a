import { formatDateTime } from '../lib/format';
import type { Column } from './VirtualTable';

/** A column of one text value, whole in the tooltip where the cell cuts it off. */
export function textColumn<T>(
  column: Omit<Column<T>, 'render' | 'title'> & { text(row: T): string },
): Column<T> {
  const { text, ...rest } = column;
  return { ...rest, render: text, title: text };
}

/**
 * The row's time as a real button, so keyboard users can open the row's details: its click
 * bubbles to the row, which opens them. `label` names the row for screen readers.
 */
export function detailsTimeColumn<T>(
  column: Omit<Column<T>, 'render' | 'className'> & { at(row: T): string; label(row: T): string },
): Column<T> {
  const { at, label, ...rest } = column;
  return {
    ...rest,
    className: 'tabular',
    render: (row) => (
      <button type="button" className="link-button" aria-label={`${label(row)}: show details`}>
        {formatDateTime(at(row))}
      </button>
    ),
  };
}
