import { describe, expect, it } from 'vitest';
import type { ContainerDetails } from '../../shared/container-details.js';
import type { Decision, Grant } from './authorize.js';
import { applyFilter, MASK } from './filters.js';

const details = {
  id: 'c0ffee',
  env: [
    { name: 'DB_PASSWORD', value: 's3cret' },
    { name: 'MODE', value: 'demo' },
  ],
} as ContainerDetails;

const as = (grant: Grant): Decision => ({
  principal: { kind: 'user', id: 1, name: 'u' } as unknown as Decision['principal'],
  siteAdmin: false,
  grant: () => grant,
});

describe('maskContainerEnv', () => {
  it('masks every environment value for read-only members, names kept', () => {
    const seen = applyFilter(
      'maskContainerEnv',
      details,
      as({ role: 'read-only', stacks: null }),
      1,
    ) as ContainerDetails;
    expect(seen.env).toEqual([
      { name: 'DB_PASSWORD', value: MASK },
      { name: 'MODE', value: MASK },
    ]);
  });

  it('leaves values to roles that may operate (the page masks secret-looking ones on screen)', () => {
    const seen = applyFilter(
      'maskContainerEnv',
      details,
      as({ role: 'restricted', stacks: null }),
      1,
    );
    expect(seen).toBe(details);
  });
});
