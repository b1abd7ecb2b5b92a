import { describe, expect, it } from 'vitest';
import { serviceInStacks, stackPatternMatches } from './stack-pattern.js';

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

  it.each([
    ['shop-*', 'shop-eu_web', true],
    ['shop-*', 'blog_web', false],
    ['shop', 'shop_evil_web', false], // could be stack shop_evil: refused, not guessed
    ['shop*', 'shop_evil_web', true],
    ['shop', 'shopweb', false],
  ])('%s covers service %s: %s', (pattern, service, expected) => {
    expect(serviceInStacks(pattern, service)).toBe(expected);
  });
});
