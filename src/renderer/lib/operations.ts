// Live progress of long operations (adding, removing a host). The core pushes
// `operation.progress` events keyed by the id the caller chose; this collects them per step so a
// view can show a checklist. Watch before invoking: events can arrive before the answer.
import type { OperationProgress, StepState } from '../../shared/types';
import { api } from './api';

export interface StepView {
  step: string;
  state: StepState;
  message: string;
  fraction?: number;
  /** The step's first message ("Logging in as root"), to tell news from repetition. */
  firstMessage: string;
  /** A failed task's engine error, when the step is one. */
  error?: string;
  /** When its latest report arrived (ms since the epoch). */
  at: number;
}

/** A fresh id for one operation (the contract allows letters, digits and dashes). */
export function newOperationId(): string {
  if (typeof crypto !== 'undefined' && typeof crypto.randomUUID === 'function') {
    return crypto.randomUUID();
  }
  // crypto.randomUUID needs a secure context; a plain-http web console may not be one.
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/**
 * Calls `listener` with every step seen so far, in the order they first appeared, each time a
 * step of `operationId` changes. Returns a function that stops watching.
 */
export function watchOperation(
  operationId: string,
  listener: (steps: StepView[]) => void,
): () => void {
  const steps: StepView[] = [];
  return api.on('operation.progress', (event: OperationProgress) => {
    if (event.operationId !== operationId) return;
    const at = steps.findIndex((s) => s.step === event.step);
    const view: StepView = {
      step: event.step,
      state: event.state,
      message: event.message,
      fraction: event.fraction,
      firstMessage: at >= 0 ? steps[at]!.firstMessage : event.message,
      ...(event.error ? { error: event.error } : {}),
      at: Date.now(),
    };
    if (at >= 0) steps[at] = view;
    else steps.push(view);
    listener([...steps]);
  });
}

/** A preflight line as the core words it: "Label: detail — fix". */
export function parseCheckMessage(message: string): {
  label: string;
  detail: string;
  fix?: string;
} {
  const dash = message.indexOf(' — ');
  const head = dash >= 0 ? message.slice(0, dash) : message;
  const fix = dash >= 0 ? message.slice(dash + 3) : undefined;
  const colon = head.indexOf(': ');
  return colon >= 0
    ? { label: head.slice(0, colon), detail: head.slice(colon + 2), fix }
    : { label: head, detail: '', fix };
}
