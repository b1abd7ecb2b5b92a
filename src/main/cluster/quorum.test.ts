import { expect, it } from 'vitest';
import { quorumRisk, quorumState } from './quorum';

const managers = (...answering: boolean[]) =>
  answering.map((a, i) => ({ name: `m${i + 1}`, answering: a }));

it('is not at risk while every manager answers, whatever their number', () => {
  for (const n of [1, 2, 3, 5]) {
    const state = quorumState(managers(...Array<boolean>(n).fill(true)));
    expect(state.atRisk).toBe(false);
    expect(quorumRisk(state)).toBeUndefined();
  }
});

it('is one failure away with 2 of 3 (or 3 of 5) answering, and says which manager is silent', () => {
  const three = quorumState(managers(true, false, true));
  expect(three).toMatchObject({
    quorum: 2,
    answering: 2,
    atRisk: true,
    lost: false,
    silent: ['m2'],
  });
  expect(quorumRisk(three)).toBe(
    'm2 is unreachable: 2 of 3 managers answer; one more manager failure loses quorum. Bring it back or promote another host.',
  );
  expect(quorumState(managers(true, true, true, false, false)).atRisk).toBe(true);
  // 4 of 5: one failure is still tolerated after this one.
  expect(quorumState(managers(true, true, true, true, false)).atRisk).toBe(false);
});

it('says quorum is lost when fewer than a quorum answer', () => {
  const state = quorumState(managers(false, false, true));
  expect(state).toMatchObject({ lost: true, atRisk: true });
  expect(quorumRisk(state)).toMatch(
    /^m1, m2 are unreachable: 1 of 3 managers answer, fewer than the 2/,
  );
});
