import { useEffect, useRef, type ReactNode } from 'react';
import type { CheckStatus, PreflightCheck, StepState } from '../../shared/types';
import { AlertIcon, CheckCircleIcon, CircleIcon, MinusCircleIcon, XCircleIcon } from './Icons';
import { ProgressBar } from './ProgressBar';
import { Spinner } from './Spinner';
import { parseCheckMessage, type StepView } from '../lib/operations';

export type LineState = StepState | 'pending' | 'skipped';

const stateWords: Record<LineState, string> = {
  pending: 'Pending',
  running: 'Running',
  done: 'Done',
  warn: 'Warning',
  failed: 'Failed',
  skipped: 'Skipped',
};

/** The icon of a step or check; its state is also given in words for screen readers. */
export function StateIcon({ state }: { state: LineState }) {
  const icon = {
    pending: <CircleIcon size={16} />,
    running: <Spinner size={14} />,
    done: <CheckCircleIcon size={16} />,
    warn: <AlertIcon size={16} />,
    failed: <XCircleIcon size={16} />,
    skipped: <MinusCircleIcon size={16} />,
  }[state];
  return (
    <span className={`state-icon state-icon--${state}`}>
      {icon}
      <span className="visually-hidden">{stateWords[state]}: </span>
    </span>
  );
}

const checkState: Record<CheckStatus, LineState> = {
  ok: 'done',
  warn: 'warn',
  fail: 'failed',
  skipped: 'skipped',
};

/** A host's preflight checks: each with its status, detail and, when not ok, the fix. */
export function CheckList({
  checks,
  label = 'Preflight checks',
}: {
  checks: readonly PreflightCheck[];
  label?: string;
}) {
  return (
    <ul className="checklist" aria-label={label}>
      {checks.map((check) => (
        <CheckLine
          key={check.id}
          state={checkState[check.status]}
          label={check.label}
          detail={check.detail}
          fix={check.status === 'warn' || check.status === 'fail' ? check.fix : undefined}
        />
      ))}
    </ul>
  );
}

function CheckLine({
  state,
  label,
  detail,
  fix,
}: {
  state: LineState;
  label: string;
  detail: string;
  fix?: string;
}) {
  return (
    <li className={`checklist__item checklist__item--${state}`}>
      <StateIcon state={state} />
      <div className="checklist__text">
        <span className="checklist__label">{label}</span>
        {detail ? <span className="checklist__detail">{detail}</span> : null}
        {fix ? (
          <span className="checklist__fix">
            <span className="checklist__fix-label">Fix</span> {fix}
          </span>
        ) : null}
      </div>
    </li>
  );
}

/** The preflight lines of an operation's events (`check:<id>`), as checks. */
export function checksFromSteps(steps: readonly StepView[]): PreflightCheck[] {
  return steps
    .filter((s) => s.step.startsWith('check:'))
    .map((s) => {
      const { label, detail, fix } = parseCheckMessage(s.message);
      const status: CheckStatus =
        s.state === 'failed' ? 'fail' : s.state === 'warn' ? 'warn' : 'ok';
      return { id: s.step.slice('check:'.length), label, detail, status, fix };
    });
}

export interface PlannedStep {
  step: string;
  label: string;
}

/**
 * An operation's steps as a live list: the planned ones first (pending until their first
 * event), then any other step the core reports. `extra` adds content under a step (the
 * preflight checks, a drain's progress bar).
 */
export function StepList({
  label,
  planned,
  steps,
  extra,
}: {
  label: string;
  planned: readonly PlannedStep[];
  steps: readonly StepView[];
  extra?: (step: string, view: StepView | undefined) => ReactNode;
}) {
  const byStep = new Map(steps.map((s) => [s.step, s]));
  const plannedIds = new Set(planned.map((p) => p.step));
  const unplanned = steps
    .filter((s) => !plannedIds.has(s.step) && !s.step.startsWith('check:') && s.step !== 'done')
    .map((s) => ({ step: s.step, label: s.step }));
  const failedAt = steps.find((s) => s.state === 'failed')?.step;
  const listRef = useRef<HTMLOListElement>(null);
  const latest = steps.filter((s) => !s.step.startsWith('check:')).at(-1);
  const latestKey = latest ? `${latest.step}:${latest.state}` : '';

  // Keep the step that just moved in view (long checklists push it below the fold).
  useEffect(() => {
    if (!latestKey) return;
    const step = latestKey.slice(0, latestKey.lastIndexOf(':'));
    listRef.current
      ?.querySelector(`[data-step="${CSS.escape(step)}"]`)
      ?.scrollIntoView({ block: 'nearest' });
  }, [latestKey]);

  return (
    <ol className="steps" aria-label={label} ref={listRef}>
      {[...planned, ...unplanned].map(({ step, label: stepLabel }) => {
        const view = byStep.get(step);
        // After a failure, the steps that never started will not run.
        const state: LineState = view?.state ?? (failedAt ? 'skipped' : 'pending');
        const more = extra?.(step, view);
        return (
          <li key={step} data-step={step} className={`steps__item steps__item--${state}`}>
            <StateIcon state={state} />
            <div className="steps__text">
              <span className="steps__label">{stepLabel}</span>
              {view && (view.state !== 'done' || view.message !== view.firstMessage) ? (
                <span className="steps__message">{view.message}</span>
              ) : null}
              {more}
            </div>
          </li>
        );
      })}
    </ol>
  );
}

/** A drain's progress, as a labelled bar. */
export function StepProgress({ view, label }: { view: StepView | undefined; label: string }) {
  if (!view || view.fraction === undefined) return null;
  return <ProgressBar value={view.state === 'done' ? 1 : view.fraction} label={label} />;
}
