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

/**
 * Whether a Swarm service (`<stack>_<service>`) is in a matching stack. Stack and service names
 * may both hold `_`, so the stack could end at any `_`: every possible stack must match, which
 * refuses rather than guesses (`shop_evil_web` is not let through by a pattern `shop`).
 */
export function serviceInStacks(pattern: string, service: string): boolean {
  let candidates = 0;
  for (let at = service.indexOf('_'); at > 0; at = service.indexOf('_', at + 1)) {
    candidates++;
    if (!stackPatternMatches(pattern, service.slice(0, at))) return false;
  }
  return candidates > 0;
}

/** A pattern as memberships store it: the characters of stack names, `*` and `?`. */
export const STACK_PATTERN = /^[A-Za-z0-9*?][A-Za-z0-9_*?-]{0,39}$/;
