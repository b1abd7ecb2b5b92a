import { describe, expect, it } from 'vitest';
import type { Stack } from '../../../shared/types';
import { indexStacks } from './stackSearch';

const stack = (name: string, services: [string, string][]): Stack => ({
  environmentId: 1,
  name,
  source: 'drover',
  version: 1,
  services: services.length,
  desiredTasks: services.length,
  runningTasks: services.length,
  serviceNames: services.map(([n]) => n),
  images: [...new Set(services.map(([, i]) => i))],
});

const shop = stack('shop', [
  ['web', 'nginx:1.27'],
  ['db', 'mariadb:11'],
]);
const blog = stack('blog', [
  ['wordpress', 'wordpress:6'],
  ['db', 'mariadb:10'],
]);
const monitor = stack('monitor', [['grafana', 'grafana/grafana:11']]);

describe('stack search', () => {
  const index = indexStacks([shop, blog, monitor]);
  const names = (query: string) => index.search(query).map((h) => h.stack.name);

  it('lists every stack for an empty query', () => {
    expect(names('  ')).toEqual(['shop', 'blog', 'monitor']);
  });

  it('finds stacks by their name, a service name or an image, ignoring case', () => {
    expect(names('SHO')).toEqual(['shop']);
    expect(names('wordpress')).toEqual(['blog']);
    expect(names('mariadb')).toEqual(['shop', 'blog']);
    expect(names('grafana/')).toEqual(['monitor']);
  });

  it('wants every word to match somewhere, and says what matched', () => {
    expect(index.search('mariadb:10 blog')).toEqual([{ stack: blog, via: ['image mariadb:10'] }]);
    expect(index.search('web')).toEqual([{ stack: shop, via: ['service web'] }]);
    expect(names('nginx wordpress')).toEqual([]);
  });

  it('searches thousands of services in a few milliseconds per keystroke', () => {
    const many = Array.from({ length: 200 }, (_, s) =>
      stack(
        `stack-${s}`,
        Array.from({ length: 25 }, (_, i) => [`svc-${s}-${i}`, `registry:5000/team/img-${i}:${s}`]),
      ),
    );
    const big = indexStacks(many);
    // A stable figure under load: the best of several passes.
    const times: number[] = [];
    for (let pass = 0; pass < 5; pass++) {
      const started = performance.now();
      big.search('img-24:199');
      times.push(performance.now() - started);
    }
    expect(big.search('img-24:199').map((h) => h.stack.name)).toEqual(['stack-199']);
    console.warn(`5000 services: best search ${Math.min(...times).toFixed(2)} ms`);
  });
});
