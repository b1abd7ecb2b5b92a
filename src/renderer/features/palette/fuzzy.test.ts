import { describe, expect, it } from 'vitest';
import { fuzzyScore, rank } from './fuzzy';

describe('fuzzyScore', () => {
  it('matches characters in order only', () => {
    expect(fuzzyScore('wng', 'web_nginx')).not.toBeNull();
    expect(fuzzyScore('gnw', 'web_nginx')).toBeNull();
  });

  it('ranks a prefix over a word start over a scattered match', () => {
    const prefix = fuzzyScore('shop', 'shop_web') as number;
    const word = fuzzyScore('web', 'shop_web') as number;
    const scattered = fuzzyScore('sw', 'shop_web') as number;
    expect(prefix).toBeGreaterThan(word);
    expect(word).toBeGreaterThan(scattered);
  });
});

describe('rank', () => {
  it('ranks label matches above matches of the other text', () => {
    const items = [
      { label: 'shop_web.1.x', more: 'Container on drvlab11' },
      { label: 'drvlab11', more: 'Host' },
    ];
    const found = rank(
      items,
      'drvlab11',
      (i) => i.label,
      10,
      (i) => i.more,
    );
    expect(found.map((r) => r.item.label)).toEqual(['drvlab11', 'shop_web.1.x']);
  });

  it('returns at most `limit` of thousands of entries, the best first', () => {
    const names = Array.from({ length: 5000 }, (_, i) => `stack${i}_service${i}`);
    names.push('drvlab11');
    const found = rank(names, 'drvlab', (n) => n, 50);
    expect(found[0]?.item).toBe('drvlab11');
    expect(rank(names, 'serv', (n) => n, 50)).toHaveLength(50);
  });
});
