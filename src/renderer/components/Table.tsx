import type { ReactNode } from 'react';

export interface TableColumn<T> {
  id: string;
  header: ReactNode;
  render(row: T): ReactNode;
  /** Header text for screen readers when the visible header is empty. */
  srHeader?: string;
  align?: 'start' | 'end';
  width?: string;
  className?: string;
}

/** The row's buttons, last and aligned to the end; its header is for screen readers only. */
export function actionsColumn<T>(width: string, render: (row: T) => ReactNode): TableColumn<T> {
  return { id: 'actions', header: '', srHeader: 'Actions', width, align: 'end', render };
}

/** A plain semantic table for short lists (hosts, environments). Long lists use VirtualTable. */
export function Table<T>({
  label,
  columns,
  rows,
  rowKey,
  rowClassName,
}: {
  label: string;
  columns: readonly TableColumn<T>[];
  rows: readonly T[];
  rowKey(row: T): string | number;
  rowClassName?(row: T): string | undefined;
}) {
  return (
    <div className="table-wrap">
      <table className="table" aria-label={label}>
        <colgroup>
          {columns.map((c) => (
            <col key={c.id} style={c.width ? { width: c.width } : undefined} />
          ))}
        </colgroup>
        <thead>
          <tr>
            {columns.map((c) => (
              <th
                key={c.id}
                scope="col"
                className={c.align === 'end' ? 'table__cell--end' : undefined}
              >
                {c.header}
                {c.srHeader ? <span className="visually-hidden">{c.srHeader}</span> : null}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={rowKey(row)} className={rowClassName?.(row)}>
              {columns.map((c) => (
                <td
                  key={c.id}
                  className={
                    [c.align === 'end' ? 'table__cell--end' : '', c.className ?? '']
                      .filter(Boolean)
                      .join(' ') || undefined
                  }
                >
                  {c.render(row)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
