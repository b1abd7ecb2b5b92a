import { describe, expect, it } from 'vitest';
import { describeProblem } from './service-problem';

describe('describeProblem', () => {
  it("says the state, the host and the engine's error, and how many tasks have one", () => {
    const problem = {
      message: 'No such image: nginx:nope',
      state: 'rejected',
      at: '2026-01-01T10:00:00Z',
      node: 'drvlab7',
      tasks: 3,
    };
    expect(describeProblem(problem)).toBe(
      'rejected on drvlab7: No such image: nginx:nope (3 tasks)',
    );
    expect(describeProblem({ ...problem, state: 'pending', node: null, tasks: 1 })).toBe(
      'pending: No such image: nginx:nope',
    );
  });
});
