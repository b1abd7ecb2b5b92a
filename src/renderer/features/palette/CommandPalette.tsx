// Ctrl+K / Cmd+K: jump to any host, stack, service or container of the current environment, or
// run one of its actions. A combobox over a listbox: arrows move, Enter opens, → (or Tab) lists
// the entry's actions, ← goes back, Esc closes. Results are ranked and capped, so thousands of
// entries stay fast.
import { useDeferredValue, useId, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { Dialog } from '../../components/Dialog';
import { rank } from './fuzzy';
import type { PaletteAction, PaletteEntry } from './entries';

const LIMIT = 50;

const kindLabel: Record<PaletteEntry['kind'], string> = {
  page: 'Page',
  host: 'Host',
  stack: 'Stack',
  service: 'Service',
  container: 'Container',
};

type Row = { key: string; label: string; detail: string; kind?: string };

export function CommandPalette({
  entries,
  note,
  onRun,
  onClose,
}: {
  entries: readonly PaletteEntry[];
  /** Why some entries may be missing (e.g. services could not be listed). */
  note: string | null;
  onRun(entry: PaletteEntry, action: PaletteAction): void;
  onClose(): void;
}) {
  const listId = useId();
  const inputRef = useRef<HTMLInputElement>(null);
  const [query, setQuery] = useState('');
  const [active, setActive] = useState(0);
  const [focused, setFocused] = useState<PaletteEntry | null>(null);
  const deferred = useDeferredValue(query);

  const results = useMemo(
    () =>
      rank(
        entries,
        deferred,
        (e) => e.label,
        LIMIT,
        (e) => e.detail,
      ).map((r) => r.item),
    [entries, deferred],
  );
  const rows: Row[] = focused
    ? focused.actions.map((a) => ({ key: a.id, label: a.label, detail: focused.label }))
    : results.map((e) => ({
        key: e.key,
        label: e.label,
        detail: e.detail,
        kind: kindLabel[e.kind],
      }));
  const current = Math.min(active, Math.max(rows.length - 1, 0));
  const optionId = (i: number) => `${listId}-${i}`;

  const choose = (index: number) => {
    if (focused) {
      const action = focused.actions[index];
      if (action) onRun(focused, action);
      return;
    }
    const entry = results[index];
    const open = entry?.actions.find((a) => a.id === 'open');
    if (entry && open) onRun(entry, open);
  };
  const showActions = (index: number) => {
    const entry = results[index];
    if (!entry || entry.actions.length === 0) return;
    setFocused(entry);
    setActive(0);
  };

  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      if (rows.length === 0) return;
      const step = e.key === 'ArrowDown' ? 1 : -1;
      setActive((current + step + rows.length) % rows.length);
      document
        .getElementById(optionId((current + step + rows.length) % rows.length))
        ?.scrollIntoView({ block: 'nearest' });
    } else if (e.key === 'Enter') {
      e.preventDefault();
      choose(current);
    } else if (!focused && (e.key === 'Tab' || (e.key === 'ArrowRight' && caretAtEnd(e)))) {
      if (rows.length === 0) return;
      e.preventDefault();
      showActions(current);
    } else if (focused && (e.key === 'ArrowLeft' || e.key === 'Backspace') && query === '') {
      e.preventDefault();
      setFocused(null);
      setActive(0);
    } else if (focused && e.key === 'Tab') {
      e.preventDefault();
    }
  };

  return (
    <Dialog
      open
      title={focused ? `Actions for ${focused.label}` : 'Go to…'}
      onClose={onClose}
      initialFocus={inputRef}
      size="md"
    >
      <div className="palette">
        <input
          ref={inputRef}
          className="input palette__input"
          role="combobox"
          aria-expanded="true"
          aria-controls={listId}
          aria-autocomplete="list"
          aria-activedescendant={rows.length ? optionId(current) : undefined}
          aria-label={
            focused
              ? `Filter the actions of ${focused.label}`
              : 'Search hosts, stacks, services and containers'
          }
          placeholder={focused ? 'Choose an action' : 'Search hosts, stacks, services, containers…'}
          value={focused ? '' : query}
          readOnly={focused !== null}
          onChange={(e) => {
            setQuery(e.target.value);
            setActive(0);
          }}
          onKeyDown={onKeyDown}
          spellCheck={false}
          autoComplete="off"
        />
        <ul
          id={listId}
          role="listbox"
          className="palette__list"
          aria-label={focused ? 'Actions' : 'Results'}
        >
          {rows.map((row, i) => (
            <li
              key={row.key}
              id={optionId(i)}
              role="option"
              aria-selected={i === current}
              className={`palette__option${i === current ? ' is-active' : ''}`}
              onMouseMove={() => i !== current && setActive(i)}
              onMouseDown={(e) => e.preventDefault()}
              onClick={() => choose(i)}
            >
              {row.kind ? <span className="palette__kind">{row.kind}</span> : null}
              <span className="palette__label">{row.label}</span>
              <span className="palette__detail">{row.detail}</span>
            </li>
          ))}
        </ul>
        {rows.length === 0 ? <p className="palette__empty">Nothing matches “{query}”.</p> : null}
        <p className="palette__hint">
          <kbd>↑</kbd>
          <kbd>↓</kbd> move · <kbd>Enter</kbd> {focused ? 'run' : 'open'} ·{' '}
          {focused ? (
            <>
              <kbd>←</kbd> back
            </>
          ) : (
            <>
              <kbd>→</kbd> actions
            </>
          )}{' '}
          · <kbd>Esc</kbd> close
          {note ? <span className="palette__note"> · {note}</span> : null}
        </p>
      </div>
    </Dialog>
  );
}

function caretAtEnd(e: KeyboardEvent<HTMLInputElement>): boolean {
  const input = e.currentTarget;
  return input.selectionStart === input.value.length;
}
