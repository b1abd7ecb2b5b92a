import {
  memo,
  useCallback,
  useEffect,
  useLayoutEffect,
  useRef,
  useState,
  type CSSProperties,
  type ReactNode,
} from 'react';
import { ArrowUpIcon, ChevronUpDownIcon } from './Icons';

export interface Column<T> {
  id: string;
  header: string;
  /** A CSS grid track: "160px", "minmax(120px, 1fr)". */
  width: string;
  render(row: T): ReactNode;
  /** Full text for the cell's tooltip when it may be cut off. */
  title?(row: T): string | undefined;
  className?: string;
  align?: 'start' | 'end';
  /** The header is a button that sorts by this column (with `sort` and `onSortChange`). */
  sortable?: boolean;
  /** The header is for screen readers only (e.g. an actions column). */
  headerHidden?: boolean;
}

export interface TableSort {
  column: string;
  direction: 'ascending' | 'descending';
}

export interface VirtualTableProps<T> {
  label: string;
  rows: readonly T[];
  columns: readonly Column<T>[];
  rowKey(row: T): string | number;
  rowHeight?: number;
  overscan?: number;
  /** Called when the last rows come into view (load older pages). */
  onEndReached?(): void;
  /** Shown in place of the rows when there are none. */
  empty?: ReactNode;
  /** Changing it scrolls back to the top (e.g. a new filter). */
  resetKey?: unknown;
  /** Label of the "new rows above" button, e.g. n => `${n} new entries`. */
  newRowsLabel?(count: number): string;
  rowClassName?(row: T): string | undefined;
  /** Makes rows clickable (e.g. to open details). Give one cell a button for keyboard users. */
  onRowClick?(row: T): void;
  /** The column the rows are sorted by; shown with aria-sort. */
  sort?: TableSort | null;
  /** A sortable header was clicked (or pressed): the caller sorts the rows. */
  onSortChange?(columnId: string): void;
  /** The row drawn as selected (e.g. the one whose details are open). */
  selectedKey?: string | number | null;
}

/**
 * A windowed table: only the rows in view (plus a few) are in the DOM, so thousands of rows
 * scroll smoothly. Rows have one fixed height. When rows are added above while the reader is
 * scrolled down, the view stays on the same rows (no jump) and a button offers the new ones.
 */
export function VirtualTable<T>({
  label,
  rows,
  columns,
  rowKey,
  rowHeight = 36,
  overscan = 8,
  onEndReached,
  empty,
  resetKey,
  newRowsLabel,
  rowClassName,
  onRowClick,
  sort,
  onSortChange,
  selectedKey,
}: VirtualTableProps<T>) {
  const viewportRef = useRef<HTMLDivElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const [viewportHeight, setViewportHeight] = useState(0);
  const [newAbove, setNewAbove] = useState(0);
  const frame = useRef(0);
  const previousRows = useRef(rows);
  const previousResetKey = useRef(resetKey);

  useLayoutEffect(() => {
    const viewport = viewportRef.current;
    if (!viewport) return;
    setViewportHeight(viewport.clientHeight);
    const observer = new ResizeObserver(() => setViewportHeight(viewport.clientHeight));
    observer.observe(viewport);
    return () => observer.disconnect();
  }, []);

  useEffect(() => () => cancelAnimationFrame(frame.current), []);

  const onScroll = useCallback(() => {
    cancelAnimationFrame(frame.current);
    frame.current = requestAnimationFrame(() => {
      const top = viewportRef.current?.scrollTop ?? 0;
      setScrollTop(top);
      if (top < rowHeight / 2) setNewAbove(0);
    });
  }, [rowHeight]);

  // Keep the rows in view where they are when rows are inserted above them.
  useLayoutEffect(() => {
    const viewport = viewportRef.current;
    const before = previousRows.current;
    previousRows.current = rows;
    if (!viewport) return;
    if (previousResetKey.current !== resetKey) {
      previousResetKey.current = resetKey;
      viewport.scrollTop = 0;
      setScrollTop(0);
      setNewAbove(0);
      return;
    }
    if (before === rows || viewport.scrollTop === 0 || before.length === 0) return;
    const anchorIndex = Math.min(Math.floor(viewport.scrollTop / rowHeight), before.length - 1);
    const anchor = before[anchorIndex];
    if (anchor === undefined) return;
    const key = rowKey(anchor);
    // Inserts come at the top: search near the old position first, and only so far.
    const limit = Math.min(rows.length, anchorIndex + 5000);
    let found = -1;
    for (let i = anchorIndex; i < limit; i += 1) {
      const row = rows[i];
      if (row !== undefined && rowKey(row) === key) {
        found = i;
        break;
      }
    }
    if (found > anchorIndex) {
      const shift = (found - anchorIndex) * rowHeight;
      viewport.scrollTop += shift;
      setScrollTop(viewport.scrollTop);
      setNewAbove((n) => n + (found - anchorIndex));
    } else if (found === -1) {
      // Rows removed above (a live list): find the anchor a little higher up.
      for (
        let i = Math.min(anchorIndex - 1, rows.length - 1);
        i >= Math.max(0, anchorIndex - 200);
        i -= 1
      ) {
        const row = rows[i];
        if (row !== undefined && rowKey(row) === key) {
          viewport.scrollTop -= (anchorIndex - i) * rowHeight;
          setScrollTop(viewport.scrollTop);
          break;
        }
      }
    }
  }, [rows, resetKey, rowHeight, rowKey]);

  const total = rows.length;
  const first = Math.max(0, Math.floor(scrollTop / rowHeight) - overscan);
  const last = Math.min(total, Math.ceil((scrollTop + viewportHeight) / rowHeight) + overscan);

  const endReachedFor = useRef(-1);
  useEffect(() => {
    if (!onEndReached || total === 0 || viewportHeight === 0) return;
    if (last >= total - overscan && endReachedFor.current !== total) {
      endReachedFor.current = total;
      onEndReached();
    }
  }, [last, total, overscan, onEndReached, viewportHeight]);

  const gridStyle = {
    '--vtable-columns': columns.map((c) => c.width).join(' '),
    '--vtable-row-height': `${rowHeight}px`,
  } as CSSProperties;

  const visible: ReactNode[] = [];
  for (let index = first; index < last; index += 1) {
    const row = rows[index];
    if (row === undefined) continue;
    const key = rowKey(row);
    const classes = [
      'vtable__row',
      rowClassName?.(row),
      onRowClick ? 'is-clickable' : undefined,
      selectedKey !== undefined && selectedKey !== null && key === selectedKey
        ? 'is-selected'
        : undefined,
    ]
      .filter(Boolean)
      .join(' ');
    visible.push(
      <VirtualRow
        key={key}
        row={row}
        index={index}
        top={index * rowHeight}
        className={classes}
        columns={columns}
        onRowClick={onRowClick}
      />,
    );
  }

  return (
    <div
      className="vtable"
      role="table"
      aria-label={label}
      aria-rowcount={total + 1}
      style={gridStyle}
    >
      <div role="rowgroup" className="vtable__head">
        <div role="row" aria-rowindex={1} className="vtable__row vtable__row--head">
          {columns.map((column) => {
            const sortable = Boolean(column.sortable && onSortChange);
            const sorted = sort?.column === column.id ? sort.direction : undefined;
            return (
              <div
                key={column.id}
                role="columnheader"
                aria-sort={sortable ? (sorted ?? 'none') : undefined}
                className={[
                  'vtable__cell',
                  column.align === 'end' ? 'vtable__cell--end' : '',
                  sortable ? 'vtable__cell--sortable' : '',
                ]
                  .filter(Boolean)
                  .join(' ')}
              >
                {column.headerHidden ? (
                  <span className="visually-hidden">{column.header}</span>
                ) : sortable ? (
                  <button
                    type="button"
                    className={`vtable__sort${sorted ? ' is-sorted' : ''}`}
                    onClick={() => onSortChange?.(column.id)}
                  >
                    {column.header}
                    {sorted ? (
                      <ArrowUpIcon
                        size={13}
                        className={`icon vtable__sort-icon vtable__sort-icon--${sorted}`}
                      />
                    ) : (
                      <ChevronUpDownIcon size={13} className="icon vtable__sort-icon" />
                    )}
                  </button>
                ) : (
                  column.header
                )}
              </div>
            );
          })}
        </div>
      </div>
      <div
        ref={viewportRef}
        role="rowgroup"
        className="vtable__viewport"
        onScroll={onScroll}
        tabIndex={total > 0 ? 0 : -1}
        aria-label={`${label}, scrollable`}
      >
        <div className="vtable__canvas" style={{ height: total * rowHeight }}>
          {visible}
        </div>
      </div>
      {total === 0 ? <div className="vtable__empty">{empty}</div> : null}
      {newAbove > 0 && newRowsLabel ? (
        <button
          type="button"
          className="vtable__new-rows"
          onClick={() => {
            viewportRef.current?.scrollTo({ top: 0 });
            setNewAbove(0);
          }}
        >
          <ArrowUpIcon size={14} />
          {newRowsLabel(newAbove)}
        </button>
      ) : null}
    </div>
  );
}

interface VirtualRowProps<T> {
  row: T;
  index: number;
  top: number;
  className: string;
  columns: readonly Column<T>[];
  onRowClick?(row: T): void;
}

/** One row; unchanged rows (same data, place and columns) skip rendering while scrolling. */
const VirtualRow = memo(function VirtualRow<T>({
  row,
  index,
  top,
  className,
  columns,
  onRowClick,
}: VirtualRowProps<T>) {
  return (
    <div
      role="row"
      aria-rowindex={index + 2}
      className={className}
      style={{ transform: `translateY(${top}px)` }}
      onClick={onRowClick ? () => onRowClick(row) : undefined}
    >
      {columns.map((column) => (
        <div
          key={column.id}
          role="cell"
          className={[
            'vtable__cell',
            column.align === 'end' ? 'vtable__cell--end' : '',
            column.className ?? '',
          ]
            .filter(Boolean)
            .join(' ')}
          title={column.title?.(row)}
        >
          {column.render(row)}
        </div>
      ))}
    </div>
  );
}) as <T>(props: VirtualRowProps<T>) => ReactNode;
