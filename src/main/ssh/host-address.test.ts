import { describe, expect, it } from 'vitest';
import { isHostAddress } from './host-address';

describe('host addresses', () => {
  it.each(['10.0.0.1', '::1', '2001:db8::7', 'a', 'db-1.lab', 'x_y.example.com', 'host.'])(
    'accepts %s',
    (value) => expect(isHostAddress(value)).toBe(true),
  );
  it.each([
    '',
    '-x',
    'a-',
    'a b',
    '$(id)',
    'a;b',
    "a'b",
    'a/b',
    'a..b',
    '.a',
    'x'.repeat(64),
    'a\nb',
  ])('refuses %j', (value) => expect(isHostAddress(value)).toBe(false));
});
