import { useEffect, useId, useRef, type ReactNode } from 'react';
import { usePopupList } from './usePopupList';
import { IconButton } from './IconButton';

export interface MenuItem {
  id: string;
  label: string;
  icon?: ReactNode;
  onSelect(): void;
  disabled?: boolean;
  /** Why the item is disabled, shown as its description. */
  disabledReason?: string;
  danger?: boolean;
  /** Draws a separator above the item. */
  separated?: boolean;
}

/**
 * A button that opens a menu of actions (ARIA menu button pattern): Enter, Space or ArrowDown
 * open it on the first item, ArrowUp on the last; arrows, Home and End move; Enter or Space
 * choose; Esc closes and gives focus back to the button; Tab closes.
 */
export function MenuButton({
  label,
  icon,
  items,
  className,
}: {
  /** The button's accessible name, e.g. "Actions for web-1". */
  label: string;
  icon: ReactNode;
  items: readonly MenuItem[];
  className?: string;
}) {
  const id = useId();
  const itemRefs = useRef<(HTMLButtonElement | null)[]>([]);
  const { open, active, setActive, rootRef, buttonRef, openAt, close, choose, ...keys } =
    usePopupList({
      labels: items.map((item) => item.label),
      isDisabled: (index) => Boolean(items[index]?.disabled),
      onChoose: (index) => items[index]?.onSelect(),
    });

  useEffect(() => {
    if (open) itemRefs.current[active]?.focus();
  }, [open, active]);

  return (
    <div
      className={['menu', className].filter(Boolean).join(' ')}
      ref={rootRef}
      onBlur={keys.onRootBlur}
    >
      <IconButton
        ref={buttonRef}
        className={`menu__button${open ? ' is-open' : ''}`}
        label={label}
        title={label}
        aria-haspopup="menu"
        aria-expanded={open}
        aria-controls={open ? `${id}-menu` : undefined}
        onClick={() => (open ? close(false) : openAt('first'))}
        onKeyDown={keys.onButtonKeyDown}
        icon={icon}
      />
      {open ? (
        <div
          id={`${id}-menu`}
          role="menu"
          aria-label={label}
          className="menu__list"
          onKeyDown={keys.onListKeyDown}
        >
          {items.map((item, index) => (
            <div key={item.id} role="none">
              {item.separated ? <div role="separator" className="menu__separator" /> : null}
              <button
                ref={(el) => {
                  itemRefs.current[index] = el;
                }}
                type="button"
                role="menuitem"
                tabIndex={index === active ? 0 : -1}
                aria-disabled={item.disabled || undefined}
                aria-describedby={
                  item.disabled && item.disabledReason ? `${id}-why-${index}` : undefined
                }
                className={`menu__item${item.danger ? ' menu__item--danger' : ''}`}
                onClick={() => choose(index)}
                onPointerMove={() => !item.disabled && setActive(index)}
              >
                {item.icon ? <span className="menu__icon">{item.icon}</span> : null}
                <span className="menu__text">
                  <span className="menu__label">{item.label}</span>
                  {item.disabled && item.disabledReason ? (
                    <span id={`${id}-why-${index}`} className="menu__reason">
                      {item.disabledReason}
                    </span>
                  ) : null}
                </span>
              </button>
            </div>
          ))}
        </div>
      ) : null}
    </div>
  );
}
