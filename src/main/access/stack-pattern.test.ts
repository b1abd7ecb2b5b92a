import { describe, expect, it } from 'vitest';
import { stackPatternMatches } from './stack-pattern.js';

describe('stack patterns', () => {
  it.each([
    ['shop-*', 'shop-eu', true],
    ['shop-*', 'shop', false],
    ['shop-*', 'workshop-eu', false],
    ['shop-?', 'shop-1', true],
    ['shop.x', 'shopax', false],
  ])('%s matches %s: %s', (pattern, stack, expected) => {
    expect(stackPatternMatches(pattern, stack)).toBe(expected);
  });
});
