// Deploy with its plan first: what will be created, updated, removed and the diff; updates and
// removals ask for an explicit confirmation. Then the live progress; errors keep the editor's
// text (the dialog only closes). A deploy that did not end well is told as the core knows it:
// outcome unknown (open the stack as it is now), or stopped midway (what was applied, and the
// rollback to the version before).
import { useEffect, useRef, useState } from 'react';
import type { StackDeployResult, StackPlan } from '../../../shared/types';
import { Alert } from '../../components/Alert';
import { Button } from '../../components/Button';
import { Dialog } from '../../components/Dialog';
import { Spinner } from '../../components/Spinner';
import { api } from '../../lib/api';
import { useToasts } from '../../stores/toasts';
import { errorDetails, errorMessage } from '../../lib/errors';
import { invalidateStacks } from '../../stores/stacks';
import { newOperationId, watchOperation, type StepView } from '../../lib/operations';
import { DeployProgress } from './DeployProgress';
import { planDeploy, touchesExisting } from './plan';
import { PlanView, planSummary } from './PlanView';
import { appliedLine, deployFailureView, type DeployFailureView } from './deployOutcome';
import { goToStack } from './routes';

type Phase =
  | { kind: 'planning' }
  | { kind: 'plan'; plan: StackPlan }
  | { kind: 'plan-failed'; error: string }
  | { kind: 'deploying'; plan: StackPlan }
  | { kind: 'failed'; plan: StackPlan; failure: DeployFailureView }
  | { kind: 'rolling-back'; plan: StackPlan; failure: DeployFailureView; version: number }
  | { kind: 'done'; plan: StackPlan; result: StackDeployResult };

export function DeployDialog({
  environmentId,
  name,
  compose,
  env,
  isNew,
  onClose,
  onDeployed,
}: {
  environmentId: number;
  name: string;
  compose: string;
  /** Variables for the deploy (a template's passwords, made Swarm secrets). */
  env?: Record<string, string>;
  isNew: boolean;
  onClose(): void;
  onDeployed(result: StackDeployResult): void;
}) {
  const [phase, setPhase] = useState<Phase>({ kind: 'planning' });
  const [steps, setSteps] = useState<StepView[]>([]);
  const stopWatching = useRef<(() => void) | null>(null);
  const alive = useRef(true);
  const push = useToasts((s) => s.push);
  useEffect(
    () => () => {
      alive.current = false;
    },
    [],
  );

  useEffect(() => {
    let cancelled = false;
    planDeploy({ environmentId, name, compose, env })
      .then((plan) => {
        if (!cancelled) setPhase({ kind: 'plan', plan });
      })
      .catch((error: unknown) => {
        if (!cancelled) setPhase({ kind: 'plan-failed', error: errorMessage(error) });
      });
    return () => {
      cancelled = true;
      stopWatching.current?.();
    };
  }, [environmentId, name, compose, env]);

  const deploy = async (plan: StackPlan) => {
    const operationId = newOperationId();
    stopWatching.current?.();
    stopWatching.current = watchOperation(operationId, setSteps);
    setSteps([]);
    setPhase({ kind: 'deploying', plan });
    try {
      const result = await api.invoke('stack.deploy', {
        environmentId,
        name,
        compose,
        env,
        operationId,
      });
      setPhase({ kind: 'done', plan, result });
      // Left for the stack's page meanwhile: say so in a toast, without moving anyone.
      if (alive.current) onDeployed(result);
      else push(deployedToast(name, result));
    } catch (error) {
      const failure = deployFailureView(name, {
        message: errorMessage(error),
        details: errorDetails(error),
      });
      setPhase({ kind: 'failed', plan, failure });
      if (!alive.current)
        push({ tone: failure.tone, title: failure.title, body: failure.reason }, 0);
    }
  };

  const rollBack = async ({ plan, failure }: { plan: StackPlan; failure: DeployFailureView }) => {
    const version = failure.rollbackTo;
    if (version === null) return;
    const operationId = newOperationId();
    stopWatching.current?.();
    stopWatching.current = watchOperation(operationId, setSteps);
    setSteps([]);
    setPhase({ kind: 'rolling-back', plan, failure, version });
    try {
      await api.invoke('stack.rollback', { environmentId, name, version, operationId });
      push({ tone: 'ok', title: `${name} rolled back to version ${version}` });
      invalidateStacks(environmentId);
      if (alive.current) {
        onClose();
        goToStack(name);
      }
    } catch (error) {
      const reason = `${failure.reason}\nThe rollback to version ${version} failed too: ${errorMessage(error)}`;
      setPhase({ kind: 'failed', plan, failure: { ...failure, reason } });
    }
  };

  const openStack = () => {
    invalidateStacks(environmentId);
    onClose();
    goToStack(name);
  };

  const busy = phase.kind === 'deploying' || phase.kind === 'rolling-back';
  const plan = 'plan' in phase ? phase.plan : null;
  const risky = plan ? touchesExisting(plan) : false;
  const refusals = plan?.refusals ?? [];
  const blocked = plan ? plan.errors.length > 0 || refusals.length > 0 : true;

  const title =
    phase.kind === 'deploying'
      ? `Deploying ${name}…`
      : phase.kind === 'done'
        ? `${name} deployed`
        : phase.kind === 'failed'
          ? phase.failure.title
          : phase.kind === 'rolling-back'
            ? `Rolling ${name} back to version ${phase.version}…`
            : isNew
              ? `Deploy ${name}?`
              : `Redeploy ${name}?`;

  return (
    <Dialog
      open
      size="lg"
      role={risky && phase.kind === 'plan' ? 'alertdialog' : 'dialog'}
      title={title}
      description={plan ? planSummary(plan) : 'Working out what will change…'}
      busy={busy}
      onClose={onClose}
      footer={
        phase.kind === 'plan' ? (
          <>
            <Button onClick={onClose}>Back to the editor</Button>
            <Button
              variant={risky ? 'danger' : 'primary'}
              disabled={blocked}
              onClick={() => void deploy(phase.plan)}
            >
              {isNew ? `Deploy ${name}` : risky ? 'Apply these changes' : `Redeploy ${name}`}
            </Button>
          </>
        ) : phase.kind === 'failed' ? (
          <>
            <Button onClick={onClose}>Back to the editor</Button>
            {phase.failure.offerStack ? (
              <Button onClick={openStack}>Open {name} as the cluster shows it</Button>
            ) : null}
            {phase.failure.rollbackTo !== null ? (
              <Button variant="danger" onClick={() => void rollBack(phase)}>
                Roll back to version {phase.failure.rollbackTo}
              </Button>
            ) : null}
            <Button variant="primary" onClick={() => void deploy(phase.plan)}>
              Try again
            </Button>
          </>
        ) : phase.kind === 'rolling-back' ? (
          <Button variant="primary" disabled busy>
            Rolling back
          </Button>
        ) : phase.kind === 'done' ? (
          <Button variant="primary" onClick={onClose}>
            Open {name}
          </Button>
        ) : phase.kind === 'plan-failed' ? (
          <Button onClick={onClose}>Back to the editor</Button>
        ) : phase.kind === 'planning' ? (
          <>
            <Button onClick={onClose}>Back to the editor</Button>
            <Button variant="primary" disabled>
              {isNew ? `Deploy ${name}` : `Redeploy ${name}`}
            </Button>
          </>
        ) : (
          <>
            <Button onClick={() => goToStack(name)}>Follow on the stack’s page</Button>
            <Button variant="primary" disabled busy>
              Deploying
            </Button>
          </>
        )
      }
    >
      {phase.kind === 'planning' ? (
        <p className="inline-status">
          <Spinner size={14} /> Comparing with what runs now…
        </p>
      ) : null}
      {phase.kind === 'plan-failed' ? (
        <Alert title="Couldn’t work out the plan">{phase.error}</Alert>
      ) : null}
      {plan && plan.errors.length ? (
        <Alert title="The compose file has errors; nothing can be deployed">
          <ul>
            {plan.errors.map((e, i) => (
              <li key={i}>
                {e.line ? `Line ${e.line}: ` : ''}
                {e.message}
              </li>
            ))}
          </ul>
        </Alert>
      ) : null}
      {refusals.length ? (
        <Alert title="This deploy would not work; nothing will be changed">
          <ul aria-label="Refusals">
            {refusals.map((r, i) => (
              <li key={i}>
                {r.line ? `Line ${r.line}: ` : ''}
                {[r.service, r.field].filter(Boolean).join(' › ')}
                {r.service || r.field ? ': ' : ''}
                {r.message}
              </li>
            ))}
          </ul>
        </Alert>
      ) : null}
      {phase.kind === 'plan' ? (
        <>
          {risky ? (
            <Alert tone="warn" title="This changes services that are running">
              Updated services roll their tasks; removed objects and their containers are deleted.
            </Alert>
          ) : null}
          <PlanView plan={phase.plan} isNew={isNew} />
        </>
      ) : null}
      {phase.kind === 'failed' || phase.kind === 'rolling-back' ? (
        <DeployFailure failure={phase.failure} />
      ) : null}
      {phase.kind === 'done' ? (
        <Alert
          tone={phase.result.converged ? 'ok' : 'warn'}
          title={`Version ${phase.result.version} applied`}
        >
          {phase.result.converged ? (
            'Every service has its tasks running.'
          ) : phase.result.unconverged.length ? (
            <ul className="pre-wrap" aria-label="Services not running">
              {phase.result.unconverged.map((u) => (
                <li key={u.service}>
                  {u.service}: {u.reason}
                </li>
              ))}
            </ul>
          ) : (
            'The stack is deployed; not every task was running when it stopped waiting.'
          )}
        </Alert>
      ) : null}
      {phase.kind === 'deploying' || phase.kind === 'failed' || phase.kind === 'done' ? (
        <DeployProgress steps={steps} label={`Deploying ${name}`} />
      ) : null}
      {phase.kind === 'rolling-back' ? (
        <DeployProgress steps={steps} label={`Rolling ${name} back`} />
      ) : null}
    </Dialog>
  );
}

/** Why a deploy did not end well, and what it had applied before it stopped. */
function DeployFailure({ failure }: { failure: DeployFailureView }) {
  return (
    <Alert tone={failure.tone} title={failure.heading}>
      <p className="pre-wrap">{failure.reason}</p>
      {failure.applied.length > 0 ? (
        <>
          <p className="deploy-failure__label">Applied before it stopped:</p>
          <ul aria-label="Applied before it stopped">
            {failure.applied.map((object) => (
              <li key={`${object.action} ${object.kind} ${object.name}`} className="mono">
                {appliedLine(object)}
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </Alert>
  );
}

/** The toast of a finished deploy: the services that do not run, with why, in its body. */
export function deployedToast(stack: string, result: StackDeployResult) {
  return {
    tone: result.converged ? ('ok' as const) : ('warn' as const),
    title: `${stack} version ${result.version} deployed`,
    body: result.unconverged.map((u) => `${u.service}: ${u.reason}`).join('\n') || undefined,
  };
}
