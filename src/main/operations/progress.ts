// Long operations report each step as it runs; the renderer and the CLI show it live.
import { AsyncLocalStorage } from 'node:async_hooks';
import type { StepState } from '../../shared/types.js';
import type { EventBus } from '../events/bus.js';

export type Progress = (
  step: string,
  state: StepState,
  message: string,
  fraction?: number,
  /** The engine's own error of a failed step (a task's), so repeats can be told apart. */
  error?: string,
) => void;

/** Publishes an operation's steps; the environment lets windows showing another one ignore them. */
export function progressReporter(
  events: EventBus,
  operationId: string | undefined,
  environmentId?: number,
): Progress {
  if (!operationId) return () => undefined;
  return (step, state, message, fraction, error) =>
    events.publish('operation.progress', {
      operationId,
      environmentId,
      step,
      state,
      message,
      fraction,
      ...(error ? { error } : {}),
    });
}

/** The step running in this async context, so that lower layers can say why it waits. */
const running = new AsyncLocalStorage<{ progress: Progress; name: string }>();

/** Tells the step under way (if any) what it is waiting for; it stays running. */
export function noteWaiting(message: string): void {
  const current = running.getStore();
  current?.progress(current.name, 'running', message);
}

/** Runs one step, reporting it running, then done or failed (rethrowing the failure). */
export async function step<T>(
  progress: Progress,
  name: string,
  message: string,
  work: () => Promise<T>,
): Promise<T> {
  progress(name, 'running', message);
  try {
    const result = await running.run({ progress, name }, work);
    progress(name, 'done', message);
    return result;
  } catch (error) {
    progress(name, 'failed', error instanceof Error ? error.message : String(error));
    throw error;
  }
}
