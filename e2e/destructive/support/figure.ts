// Each destructive scenario states its figure ("failed requests 0 of 812"); the table reporter
// prints them all at the end of the run.
import type { TestContext } from 'vitest';

declare module 'vitest' {
  interface TaskMeta {
    figure?: string;
  }
}

/** Records a figure for the running test (shown in the table even if an assertion then fails). */
export function figure(context: Pick<TestContext, 'task'>, text: string): void {
  const earlier = context.task.meta.figure;
  context.task.meta.figure = earlier ? `${earlier}; ${text}` : text;
  console.warn(`[${context.task.name}] ${text}`);
}

/** Seconds since `started` (a Date.now()), for figures. */
export const secondsSince = (started: number) => ((Date.now() - started) / 1000).toFixed(1);
