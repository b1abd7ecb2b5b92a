// A service's task error in one line, the same in the console, the CLI and alerts.
import type { ServiceProblem } from './types.js';

/** "rejected on drvlab7: No such image: nginx:nope (3 tasks)". */
export function describeProblem(problem: ServiceProblem): string {
  const where = problem.node ? ` on ${problem.node}` : '';
  const count = problem.tasks > 1 ? ` (${problem.tasks} tasks)` : '';
  return `${problem.state}${where}: ${problem.message}${count}`;
}
