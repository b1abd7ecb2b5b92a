import { useEffect, useId, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';

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
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(0);
  const id = useId();
  const rootRef = useRef<HTMLDivElement>(null);
  const buttonRef = useRef<HTMLButtonElement>(null);
  const itemRefs = useRef<(HTMLButtonElement | null)[]>([]);

  const enabled = items.map((item, index) => (item.disabled ? -1 : index)).filter((i) => i >= 0);

  const openAt = (where: 'first' | 'last') => {
    if (enabled.length === 0) return;
    setActive((where === 'first' ? enabled[0] : enabled[enabled.length - 1]) ?? 0);
    setOpen(true);
  };
  const close = (refocus: boolean) => {
    setOpen(false);
    if (refocus) buttonRef.current?.focus();
  };

  useEffect(() => {
    if (open) itemRefs.current[active]?.focus();
  }, [open, active]);

  useEffect(() => {
    if (!open) return;
    const onPointerDown = (event: PointerEvent) => {
      if (!rootRef.current?.contains(event.target as Node)) setOpen(false);
    };
    document.addEventListener('pointerdown', onPointerDown);
    return () => document.removeEventListener('pointerdown', onPointerDown);
  }, [open]);

  const move = (delta: number) => {
    const at = enabled.indexOf(active);
    const next = enabled[(at + delta + enabled.length) % enabled.length];
    if (next !== undefined) setActive(next);
  };

  const choose = (item: MenuItem) => {
    if (item.disabled) return;
    close(true);
    item.onSelect();
  };

  const onMenuKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    switch (event.key) {
      case 'ArrowDown':
        event.preventDefault();
        move(1);
        break;
      case 'ArrowUp':
        event.preventDefault();
        move(-1);
        break;
      case 'Home':
        event.preventDefault();
        setActive(enabled[0] ?? 0);
        break;
      case 'End':
        event.preventDefault();
        setActive(enabled[enabled.length - 1] ?? 0);
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
          const order = enabled.map(
            (_, i) => enabled[(enabled.indexOf(active) + 1 + i) % enabled.length]!,
          );
          const match = order.find((i) => items[i]?.label.toLowerCase().startsWith(key));
          if (match !== undefined) setActive(match);
        }
    }
  };

  return (
    <div
      className={['menu', className].filter(Boolean).join(' ')}
      ref={rootRef}
      onBlur={(event) => {
        if (open && !rootRef.current?.contains(event.relatedTarget as Node | null)) setOpen(false);
      }}
    >
      <button
        ref={buttonRef}
        type="button"
        className={`icon-button menu__button${open ? ' is-open' : ''}`}
        aria-label={label}
        title={label}
        aria-haspopup="menu"
        aria-expanded={open}
        aria-controls={open ? `${id}-menu` : undefined}
        onClick={() => (open ? close(false) : openAt('first'))}
        onKeyDown={(event) => {
          if (event.key === 'ArrowDown') {
            event.preventDefault();
            openAt('first');
          } else if (event.key === 'ArrowUp') {
            event.preventDefault();
            openAt('last');
          }
        }}
      >
        {icon}
      </button>
      {open ? (
        <div
          id={`${id}-menu`}
          role="menu"
          aria-label={label}
          className="menu__list"
          onKeyDown={onMenuKeyDown}
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
                onClick={() => choose(item)}
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
