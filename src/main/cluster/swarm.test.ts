import { describe, expect, it } from 'vitest';
import { quorumAdvice } from './swarm.js';

describe('quorumAdvice', () => {
  it('says nothing about one manager while the environment has only one or two hosts', () => {
    expect(quorumAdvice(1, 1)).toEqual([]);
    expect(quorumAdvice(1, 2)).toEqual([]);
  });

  it('calls a single manager of three or more hosts a single point of failure', () => {
    for (const hosts of [3, 4, 10]) {
      const advice = quorumAdvice(1, hosts);
      expect(advice).toHaveLength(1);
      expect(advice[0]).toMatch(/single point of failure/);
      expect(advice[0]).toMatch(/promote 2 more/);
    }
  });

  it('warns that an even number of managers adds no failure tolerance', () => {
    const two = quorumAdvice(2, 5);
    expect(two).toHaveLength(1);
    expect(two[0]).toMatch(/tolerate no manager failure/);
    const four = quorumAdvice(4, 6);
    expect(four).toHaveLength(1);
    expect(four[0]).toMatch(/tolerate only 1 failure/);
  });

  it('is happy with 3, 5 or 7 managers', () => {
    expect(quorumAdvice(3, 3)).toEqual([]);
    expect(quorumAdvice(3, 10)).toEqual([]);
    expect(quorumAdvice(5, 8)).toEqual([]);
    expect(quorumAdvice(7, 7)).toEqual([]);
  });

  it('says that more than 7 managers slow Raft down', () => {
    for (const managers of [8, 9]) {
      const advice = quorumAdvice(managers, 12);
      expect(advice).toHaveLength(1);
      expect(advice[0]).toMatch(/More than 7 managers/);
      expect(advice[0]).toMatch(/demote/);
    }
  });

  it('has nothing to say about an environment without managers', () => {
    expect(quorumAdvice(0, 0)).toEqual([]);
  });
});
