import { describe, expect, it } from 'vitest';
import { requests } from '../../shared/contract.js';
import { policy } from './policy.js';

describe('the access policy', () => {
  it('has an explicit entry for every contract method, and none for others', () => {
    const missing = Object.keys(requests).filter((m) => !Object.hasOwn(policy, m));
    const extra = Object.keys(policy).filter((m) => !Object.hasOwn(requests, m));
    expect({ missing, extra }).toEqual({ missing: [], extra: [] });
  });

  it('lets no state-changing request through on "signed-in" unless it acts for the caller only', () => {
    const open = Object.entries(requests)
      .filter(([m, spec]) => {
        const entry = policy[m as keyof typeof policy];
        return spec.mutates && entry.action === 'signed-in' && !('self' in entry);
      })
      .map(([m]) => m);
    expect(open).toEqual([]);
  });
});
