import { useEffect, useRef, useState, type FocusEvent, type KeyboardEvent } from 'react';

/**
 * Open/close state and keyboard navigation shared by the popups that list choices under a button
 * (the actions menu, the environment switcher): arrows move with wrap-around and skip disabled
 * entries, Home/End jump, a typed letter jumps to the next label starting with it, Esc closes and
 * gives focus back to the button, Tab closes, a pointer outside closes.
 */
export function usePopupList({
  labels,
  isDisabled = () => false,
  onChoose,
  chooseWithKeys,
  home,
}: {
  labels: readonly string[];
  isDisabled?: (index: number) => boolean;
  onChoose: (index: number) => void;
  /** Enter and Space choose the active entry (lists whose entries are not focusable buttons). */
  chooseWithKeys?: boolean;
  /** The entry the arrow keys on the button open on (default: first for Down, last for Up). */
  home?: number;
}) {
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(0);
  const rootRef = useRef<HTMLDivElement>(null);
  const buttonRef = useRef<HTMLButtonElement>(null);

  const enabled = labels.map((_, index) => index).filter((index) => !isDisabled(index));

  useEffect(() => {
    if (!open) return;
    const onPointerDown = (event: PointerEvent) => {
      if (!rootRef.current?.contains(event.target as Node)) setOpen(false);
    };
    document.addEventListener('pointerdown', onPointerDown);
    return () => document.removeEventListener('pointerdown', onPointerDown);
  }, [open]);

  /** Opens on the first or last enabled entry, or on a given one (e.g. the current choice). */
  const openAt = (where: 'first' | 'last' | number) => {
    if (enabled.length === 0) return;
    const start =
      where === 'first'
        ? enabled[0]
        : where === 'last'
          ? enabled[enabled.length - 1]
          : enabled.includes(where)
            ? where
            : enabled[0];
    setActive(start ?? 0);
    setOpen(true);
  };
  const close = (refocus: boolean) => {
    setOpen(false);
    if (refocus) buttonRef.current?.focus();
  };
  const choose = (index: number) => {
    if (isDisabled(index)) return;
    close(true);
    onChoose(index);
  };
  const move = (delta: number) => {
    const at = enabled.indexOf(active);
    const next = enabled[(at + delta + enabled.length) % enabled.length];
    if (next !== undefined) setActive(next);
  };

  const onListKeyDown = (event: KeyboardEvent) => {
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
      case 'Enter':
      case ' ':
        if (chooseWithKeys) {
          event.preventDefault();
          choose(active);
        }
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
          const from = enabled.indexOf(active);
          const order = enabled.map((_, i) => enabled[(from + 1 + i) % enabled.length] as number);
          const match = order.find((i) => labels[i]?.toLowerCase().startsWith(key));
          if (match !== undefined) setActive(match);
        }
    }
  };

  const onButtonKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      openAt(home ?? (event.key === 'ArrowDown' ? 'first' : 'last'));
    }
  };

  /** Focus leaving the whole popup (button and list) closes it. */
  const onRootBlur = (event: FocusEvent) => {
    if (open && !rootRef.current?.contains(event.relatedTarget as Node | null)) setOpen(false);
  };

  return {
    open,
    active,
    setActive,
    rootRef,
    buttonRef,
    openAt,
    close,
    choose,
    onListKeyDown,
    onButtonKeyDown,
    onRootBlur,
  };
}
