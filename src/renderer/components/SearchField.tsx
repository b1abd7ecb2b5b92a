import type { KeyboardEvent } from 'react';
import { SearchIcon } from './Icons';

/** The one filter/search box of every list: a magnifier, a search input, no spell-check. */
export function SearchField({
  label,
  placeholder,
  value,
  onChange,
  onKeyDown,
  small,
  className,
  pageSearch,
}: {
  /** The input's accessible name. */
  label: string;
  placeholder: string;
  value: string;
  onChange: (value: string) => void;
  onKeyDown?: (event: KeyboardEvent<HTMLInputElement>) => void;
  small?: boolean;
  className?: string;
  /** The page's own search: `/` focuses it (see the keyboard shortcuts). */
  pageSearch?: boolean;
}) {
  return (
    <div className={['search-input', className].filter(Boolean).join(' ')}>
      <SearchIcon size={small ? 14 : 16} />
      <input
        type="search"
        className={small ? 'input input--sm' : 'input'}
        aria-label={label}
        placeholder={placeholder}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        onKeyDown={onKeyDown}
        spellCheck={false}
        data-page-search={pageSearch ? '' : undefined}
      />
    </div>
  );
}
