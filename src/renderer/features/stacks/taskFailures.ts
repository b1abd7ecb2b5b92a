// A task that keeps failing is restarted by Swarm and fails again the same way: shown one line
// per error (how many tasks failed with it, when last), not one line per task.
import type { StepView } from '../../lib/operations';

export interface TaskFailure {
  /** The engine's error, word for word. */
  error: string;
  /** How many tasks failed with it. */
  count: number;
  /** When the latest of them was reported (ms since the epoch). */
  lastAt: number;
  /** The latest failed task's line ("shop_web.1 on lab2: failed (...)"). */
  lastMessage: string;
}

/** Failed task steps grouped by error, first seen first (lines keep their place as counts grow). */
export function groupTaskFailures(steps: readonly StepView[]): {
  failures: TaskFailure[];
  rest: StepView[];
} {
  const byError = new Map<string, TaskFailure>();
  const rest: StepView[] = [];
  for (const s of steps) {
    if (s.state !== 'failed' || !s.error || !s.step.startsWith('task:')) {
      rest.push(s);
      continue;
    }
    const seen = byError.get(s.error);
    if (!seen) {
      byError.set(s.error, { error: s.error, count: 1, lastAt: s.at, lastMessage: s.message });
      continue;
    }
    seen.count += 1;
    if (s.at >= seen.lastAt) {
      seen.lastAt = s.at;
      seen.lastMessage = s.message;
    }
  }
  return { failures: [...byError.values()], rest };
}
