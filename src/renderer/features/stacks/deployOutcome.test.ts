import { describe, expect, it } from 'vitest';
import { appliedLine, deployFailureView } from './deployOutcome';

const applied = [
  { kind: 'network', name: 'shop_default', action: 'created' as const },
  { kind: 'service', name: 'shop_web', action: 'updated' as const },
];

describe('deployFailureView', () => {
  it('calls a lost answer an unknown outcome, never a failure, and offers the stack as it is', () => {
    const view = deployFailureView('shop', {
      message: 'The outcome of the deploy is unknown: socket hang up.',
      details: { outcome: 'unknown', rollbackTo: 3 },
    });
    expect(view.kind).toBe('unknown');
    expect(view.heading).toBe('Outcome unknown');
    expect(view.title).not.toMatch(/not deployed/);
    expect(view.reason).toBe('The outcome of the deploy is unknown: socket hang up.');
    expect(view.offerStack).toBe(true);
    // Nothing is known to be applied: no rollback to offer.
    expect(view.rollbackTo).toBeNull();
  });

  it('lists what a deploy applied before it stopped, with the version that undoes it', () => {
    const view = deployFailureView('shop', {
      message: 'No such image',
      details: { applied, rollbackTo: 4 },
    });
    expect(view.kind).toBe('midway');
    expect(view.title).toBe('shop was partly deployed');
    expect(view.applied.map(appliedLine)).toEqual([
      'Created network shop_default',
      'Updated service shop_web',
    ]);
    expect(view.rollbackTo).toBe(4);
  });

  it('offers no rollback when no earlier version exists', () => {
    const view = deployFailureView('shop', {
      message: 'No such image',
      details: { applied, rollbackTo: null },
    });
    expect(view.kind).toBe('midway');
    expect(view.rollbackTo).toBeNull();
  });

  it('keeps an unknown outcome unknown when something is known to be applied', () => {
    const view = deployFailureView('shop', {
      message: 'The outcome of the deploy is unknown',
      details: { outcome: 'unknown', applied, rollbackTo: 2 },
    });
    expect(view.kind).toBe('unknown');
    expect(view.applied).toHaveLength(2);
    expect(view.rollbackTo).toBe(2);
  });

  it('says a deploy that changed nothing was not deployed', () => {
    const view = deployFailureView('shop', { message: 'Forbidden' });
    expect(view).toMatchObject({
      kind: 'failed',
      title: 'shop was not deployed',
      applied: [],
      rollbackTo: null,
      offerStack: false,
    });
  });
});
