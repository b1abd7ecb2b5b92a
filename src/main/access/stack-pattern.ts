// Memberships limited to stacks by a glob (`shop-*`, `?` one character, nothing else special).
const compiled = new Map<string, RegExp>();

export function stackPatternMatches(pattern: string, stack: string): boolean {
  let regex = compiled.get(pattern);
  if (!regex) {
    const body = pattern
      .split('')
      .map((c) => (c === '*' ? '.*' : c === '?' ? '.' : c.replace(/[.+^${}()|[\]\\-]/g, '\\$&')))
      .join('');
    regex = new RegExp(`^${body}$`);
    compiled.set(pattern, regex);
  }
  return regex.test(stack);
}

/** A pattern as memberships store it: the characters of stack names, `*` and `?`. */
export const STACK_PATTERN = /^[A-Za-z0-9*?][A-Za-z0-9_*?-]{0,39}$/;
