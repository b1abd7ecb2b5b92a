// The page's theme, cached in localStorage so the right palette paints before the core answers
// (and on the sign-in page, which has no core to ask).
import type { ThemePreference } from '../../shared/types';

const THEME_KEY = 'drover.theme';

export function cachedTheme(): ThemePreference {
  try {
    const value = localStorage.getItem(THEME_KEY);
    return value === 'light' || value === 'dark' ? value : 'system';
  } catch {
    return 'system';
  }
}

/** `data-theme` on <html> selects the palette; "system" follows prefers-color-scheme. */
export function applyTheme(theme: ThemePreference): void {
  document.documentElement.dataset.theme = theme;
  try {
    // Cached only to paint the right theme before the core answers on the next start.
    localStorage.setItem(THEME_KEY, theme);
  } catch {
    // Not fatal: the theme still comes from the core.
  }
}
