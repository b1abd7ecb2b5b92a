import { useEffect, useId, useRef } from 'react';
import { CheckIcon, ChevronUpDownIcon } from '../components/Icons';
import { usePopupList } from '../components/usePopupList';
import { plural } from '../lib/format';
import { useEnvironments } from '../stores/environments';
import { hrefFor } from '../lib/router';

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

  const id = useId();
  const listRef = useRef<HTMLUListElement>(null);
  const currentIndex = Math.max(
    0,
    items.findIndex((env) => env.id === currentId),
  );
  const { open, active, setActive, rootRef, buttonRef, openAt, close, choose, ...keys } =
    usePopupList({
      labels: items.map((env) => env.name),
      onChoose: (index) => {
        const env = items[index];
        if (env) select(env.id);
      },
      chooseWithKeys: true,
      home: currentIndex,
    });

  useEffect(() => {
    if (open) listRef.current?.focus();
  }, [open]);

  useEffect(() => {
    if (open)
      document.getElementById(`${id}-option-${active}`)?.scrollIntoView({ block: 'nearest' });
  }, [open, active, id]);

  const labelId = `${id}-label`;
  const valueId = `${id}-value`;
  const listId = `${id}-list`;

  return (
    <div className="env-switcher" ref={rootRef} onBlur={keys.onRootBlur}>
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
        onClick={() => (open ? close(false) : openAt(currentIndex))}
        onKeyDown={keys.onButtonKeyDown}
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
            onKeyDown={keys.onListKeyDown}
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
            <a href={hrefFor('hosts', 'environments')} onClick={() => close(false)}>
              Manage environments…
            </a>
          </div>
        </div>
      ) : null}
    </div>
  );
}
