import { useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';
import { CheckIcon, ChevronUpDownIcon } from '../components/Icons';
import { plural } from '../lib/format';
import { useEnvironments } from '../stores/environments';
import { hrefFor } from './router';

/**
 * The environment every page shows. A button that opens a listbox (ARIA "select-only combobox"
 * pattern): arrows move, Enter/Space choose, Esc closes, typing a letter jumps to a name.
 */
export function EnvironmentSwitcher() {
  const items = useEnvironments((s) => s.items);
  const currentId = useEnvironments((s) => s.currentId);
  const status = useEnvironments((s) => s.status);
  const select = useEnvironments((s) => s.select);
  const current = items.find((env) => env.id === currentId);

  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(0);
  const id = useId();
  const rootRef = useRef<HTMLDivElement>(null);
  const buttonRef = useRef<HTMLButtonElement>(null);
  const listRef = useRef<HTMLUListElement>(null);

  const openList = () => {
    if (items.length === 0) return;
    setActive(
      Math.max(
        0,
        items.findIndex((env) => env.id === currentId),
      ),
    );
    setOpen(true);
  };
  const close = (refocus: boolean) => {
    setOpen(false);
    if (refocus) buttonRef.current?.focus();
  };
  const choose = (index: number) => {
    const env = items[index];
    if (env) select(env.id);
    close(true);
  };

  useEffect(() => {
    if (open) listRef.current?.focus();
  }, [open]);

  useEffect(() => {
    if (!open) return;
    const onPointerDown = (event: PointerEvent) => {
      if (!rootRef.current?.contains(event.target as Node)) setOpen(false);
    };
    document.addEventListener('pointerdown', onPointerDown);
    return () => document.removeEventListener('pointerdown', onPointerDown);
  }, [open]);

  useEffect(() => {
    if (open)
      document.getElementById(`${id}-option-${active}`)?.scrollIntoView({ block: 'nearest' });
  }, [open, active, id]);

  const onButtonKeyDown = (event: KeyboardEvent<HTMLButtonElement>) => {
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      openList();
    }
  };

  const onListKeyDown = (event: KeyboardEvent<HTMLUListElement>) => {
    const lastIndex = items.length - 1;
    switch (event.key) {
      case 'ArrowDown':
        event.preventDefault();
        setActive((i) => Math.min(lastIndex, i + 1));
        break;
      case 'ArrowUp':
        event.preventDefault();
        setActive((i) => Math.max(0, i - 1));
        break;
      case 'Home':
        event.preventDefault();
        setActive(0);
        break;
      case 'End':
        event.preventDefault();
        setActive(lastIndex);
        break;
      case 'Enter':
      case ' ':
        event.preventDefault();
        choose(active);
        break;
      case 'Escape':
        event.preventDefault();
        event.stopPropagation();
        close(true);
        break;
      case 'Tab':
        setOpen(false);
        break;
      default:
        if (event.key.length === 1 && /\S/.test(event.key)) {
          const key = event.key.toLowerCase();
          const order = [...items.keys()].map((i) => (active + 1 + i) % items.length);
          const match = order.find((i) => items[i]?.name.toLowerCase().startsWith(key));
          if (match !== undefined) setActive(match);
        }
    }
  };

  const labelId = `${id}-label`;
  const valueId = `${id}-value`;
  const listId = `${id}-list`;

  return (
    <div
      className="env-switcher"
      ref={rootRef}
      onBlur={(event) => {
        if (open && !rootRef.current?.contains(event.relatedTarget as Node | null)) setOpen(false);
      }}
    >
      <span id={labelId} className="env-switcher__label">
        Environment
      </span>
      <button
        ref={buttonRef}
        type="button"
        className="env-switcher__button"
        aria-haspopup="listbox"
        aria-expanded={open}
        aria-controls={open ? listId : undefined}
        aria-labelledby={`${labelId} ${valueId}`}
        onClick={() => (open ? close(false) : openList())}
        onKeyDown={onButtonKeyDown}
        disabled={items.length === 0}
      >
        <span className="env-switcher__avatar" aria-hidden="true">
          {current?.name.slice(0, 1).toUpperCase() ?? '·'}
        </span>
        <span className="env-switcher__text">
          <span id={valueId} className="env-switcher__value">
            {current?.name ?? (status === 'error' ? 'Unavailable' : 'Loading…')}
          </span>
          <span className="env-switcher__meta">
            {current ? plural(current.hostCount, 'host') : '\u00a0'}
          </span>
        </span>
        <ChevronUpDownIcon size={16} />
      </button>
      {open ? (
        <div className="env-switcher__popover">
          <ul
            ref={listRef}
            id={listId}
            role="listbox"
            aria-labelledby={labelId}
            aria-activedescendant={`${id}-option-${active}`}
            tabIndex={-1}
            className="env-switcher__list"
            onKeyDown={onListKeyDown}
          >
            {items.map((env, index) => (
              <li
                key={env.id}
                id={`${id}-option-${index}`}
                role="option"
                aria-selected={env.id === currentId}
                className={`env-switcher__option${index === active ? ' is-active' : ''}`}
                onPointerMove={() => setActive(index)}
                onClick={() => choose(index)}
              >
                <span className="env-switcher__option-name">{env.name}</span>
                <span className="env-switcher__option-meta">{plural(env.hostCount, 'host')}</span>
                {env.id === currentId ? <CheckIcon size={16} /> : <span className="icon-spacer" />}
              </li>
            ))}
          </ul>
          <div className="env-switcher__footer">
            <a href={hrefFor('hosts', 'environments')} onClick={() => setOpen(false)}>
              Manage environments…
            </a>
          </div>
        </div>
      ) : null}
    </div>
  );
}
