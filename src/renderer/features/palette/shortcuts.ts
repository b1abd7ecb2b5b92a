// The console's keyboard shortcuts: one table for the handler and the "?" dialog. None fires
// while the user types in a field or a terminal, or while a dialog is open.

export interface Shortcut {
  keys: string[];
  does: string;
}

export const isMac = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform);

export const shortcuts: readonly Shortcut[] = [
  {
    keys: [isMac ? '⌘' : 'Ctrl', 'K'],
    does: 'Open the command palette: go to anything, run its actions',
  },
  { keys: ['/'], does: 'Search or filter the list on this page' },
  { keys: ['?'], does: 'Show these shortcuts' },
  { keys: ['Esc'], does: 'Close a dialog or the palette' },
];

export type ShortcutAction = 'palette' | 'search' | 'help';

/** Where typing goes: fields, editors and terminals keep their keys. */
export function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  if (target.closest('.xterm, [data-keeps-keys]')) return true;
  const tag = target.tagName;
  return tag === 'INPUT' || tag === 'TEXTAREA' || tag === 'SELECT';
}

/** Which shortcut a key press is, if any (see the table above). */
export function shortcutFor(e: KeyboardEvent): ShortcutAction | null {
  if (isTyping(e.target) || document.querySelector('[role="dialog"], [role="alertdialog"]'))
    return null;
  if ((e.ctrlKey || e.metaKey) && !e.altKey && !e.shiftKey && e.key.toLowerCase() === 'k')
    return 'palette';
  if (e.ctrlKey || e.metaKey || e.altKey) return null;
  if (e.key === '/') return 'search';
  if (e.key === '?') return 'help';
  return null;
}
