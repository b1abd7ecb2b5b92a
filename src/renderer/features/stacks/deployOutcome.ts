// How a deploy that did not end well is told: from the error's details, never its wording. An
// unknown outcome is never called a failure; a deploy that stopped midway lists what it applied.
import type { ErrorDetails } from '../../../shared/errors';

export type AppliedObject = NonNullable<ErrorDetails['applied']>[number];

export interface DeployFailureView {
  kind: 'unknown' | 'midway' | 'failed';
  /** The dialog's title. */
  title: string;
  /** The alert's title above the reason. */
  heading: string;
  tone: 'warn' | 'error';
  /** The core's words for what happened. */
  reason: string;
  /** What the deploy changed before it stopped (empty when nothing is known to be applied). */
  applied: AppliedObject[];
  /** The version that undoes it, when there is one. */
  rollbackTo: number | null;
  /** Whether to offer the stack as the cluster shows it now. */
  offerStack: boolean;
}

export function deployFailureView(
  stack: string,
  error: { message: string; details?: ErrorDetails },
): DeployFailureView {
  const details = error.details ?? {};
  const applied = details.applied ?? [];
  const rollbackTo = applied.length > 0 && details.rollbackTo ? details.rollbackTo : null;
  const common = { reason: error.message, applied, rollbackTo };
  if (details.outcome === 'unknown') {
    return {
      ...common,
      kind: 'unknown',
      title: `${stack}: outcome unknown`,
      heading: 'Outcome unknown',
      tone: 'warn',
      offerStack: true,
    };
  }
  if (applied.length > 0) {
    return {
      ...common,
      kind: 'midway',
      title: `${stack} was partly deployed`,
      heading: 'The deploy stopped midway',
      tone: 'error',
      offerStack: true,
    };
  }
  return {
    ...common,
    kind: 'failed',
    title: `${stack} was not deployed`,
    heading: 'The deploy failed',
    tone: 'error',
    offerStack: false,
  };
}

const actions: Record<AppliedObject['action'], string> = {
  created: 'Created',
  updated: 'Updated',
  removed: 'Removed',
};

/** "Created service shop_web". */
export function appliedLine(object: AppliedObject): string {
  return `${actions[object.action]} ${object.kind} ${object.name}`;
}
