import { useEffect, useId, useReducer, useRef, type FormEvent } from 'react';
import type { ArgsOf } from '../../../shared/contract';
import type { Environment } from '../../../shared/types';
import { Button } from '../../components/Button';
import { Dialog } from '../../components/Dialog';
import { ArrowLeftIcon, CheckIcon, ChevronRightIcon, ShieldIcon } from '../../components/Icons';
import { api } from '../../lib/api';
import { errorDetails, errorMessage } from '../../lib/errors';
import { newOperationId, watchOperation } from '../../lib/operations';
import { useHosts } from '../../stores/hosts';
import { ConnectionStep } from './AddHostConnectionStep';
import { DoneStep } from './AddHostDoneStep';
import { FingerprintStep } from './AddHostFingerprintStep';
import { JoinStep } from './AddHostJoinStep';
import {
  sameTarget,
  validate,
  wizardSteps,
  type ConnectionForm,
  type WizardStep,
} from './addHostForm';
import {
  alreadyTrusted,
  initialWizardState,
  wizardReducer,
  type AcceptedKeys,
} from './addHostState';

/**
 * Adding a host, in four steps: how to reach it; its host key, checked by a person; the
 * preflight checklist and Swarm join, live; the result. Passwords, passphrases and pasted keys
 * live only in this component's state: sent with the request, cleared after a success, and gone
 * when the wizard closes.
 */
export function AddHostWizard({
  environment,
  prefill,
  onClose,
}: {
  environment: Environment;
  /** Fields to start with (the first-run path fills in this machine). */
  prefill?: Partial<ConnectionForm>;
  onClose(): void;
}) {
  const upsert = useHosts((s) => s.upsert);
  const [state, dispatch] = useReducer(wizardReducer, Boolean(environment.swarmId), (existed) => {
    const initial = initialWizardState(existed);
    return prefill ? { ...initial, form: { ...initial.form, ...prefill } } : initial;
  });
  const { step, form, valid } = state;
  const formId = useId();
  const headingRef = useRef<HTMLHeadingElement>(null);
  const addressRef = useRef<HTMLInputElement>(null);
  const stopWatching = useRef<(() => void) | null>(null);
  const shownStep = useRef<WizardStep>('connection');

  useEffect(() => () => stopWatching.current?.(), []);

  // Each new step starts at its heading, so keyboard and screen-reader users know where they are.
  useEffect(() => {
    if (shownStep.current === step) return;
    shownStep.current = step;
    headingRef.current?.focus();
  }, [step]);

  const trusted = alreadyTrusted(state);

  // (a) Connection → (b) Host key: probe the host (or, through a jump host, the jump host).
  const onConnectionSubmit = async (event: FormEvent) => {
    event.preventDefault();
    const checked = validate(form, state.secrets);
    dispatch({ type: 'submitted', errors: checked.errors, valid: checked.valid });
    const next = checked.valid;
    if (!next) {
      const first = document.querySelector<HTMLElement>(
        `#${CSS.escape(formId)} [aria-invalid="true"]`,
      );
      first?.focus();
      return;
    }
    if (valid && trusted && sameTarget(valid, next)) {
      // Only the login or the name changed: the key checked a moment ago still stands.
      void add(state.accepted, next);
      return;
    }
    dispatch({ type: 'probe-started' });
    try {
      const target = next.jump ?? { address: next.address, port: next.port, user: next.user };
      const probe = await api.invoke('host.probe', {
        address: target.address,
        port: target.port,
        user: target.user,
      });
      dispatch({
        type: 'probed',
        review: {
          of: next.jump ? 'jump' : 'host',
          address: probe.address,
          port: probe.port,
          fingerprint: probe.fingerprint,
          knownHosts: probe.knownHosts,
          pinned: probe.pinned,
        },
      });
    } catch (error) {
      dispatch({
        type: 'probe-failed',
        error:
          errorDetails(error).reason === 'jump-host-unchecked'
            ? `${next.address} is reached through a ProxyJump (from ~/.ssh/config). Turn on “Connect through a jump host” below and enter it, so that its key can be checked first.`
            : errorMessage(error),
      });
    }
  };

  // (b) → (c): the person vouched for the key; add the host with it.
  const trust = () => {
    const review = state.review;
    if (!review) return;
    void add({ ...state.accepted, [review.of]: review.fingerprint });
  };

  // (c) Preflight & join, live from operation.progress.
  const add = async (keys: AcceptedKeys, target = valid) => {
    if (!target) return;
    const operationId = newOperationId();
    stopWatching.current?.();
    stopWatching.current = watchOperation(operationId, (steps) =>
      dispatch({ type: 'progress', steps }),
    );
    dispatch({ type: 'add-started', keys, swarmExisted: Boolean(environment.swarmId) });
    const args: ArgsOf<'host.add'> = {
      environmentId: environment.id,
      address: target.address,
      port: target.port,
      user: target.user,
      auth: target.auth,
      ...(target.name ? { name: target.name } : {}),
      ...(keys.host ? { hostKey: keys.host } : {}),
      ...(target.jump
        ? { jump: { ...target.jump, ...(keys.jump ? { hostKey: keys.jump } : {}) } }
        : {}),
      operationId,
    };
    try {
      const added = await api.invoke('host.add', args);
      upsert(added.host);
      dispatch({ type: 'added', result: added });
    } catch (error) {
      dispatch({
        type: 'add-failed',
        message: errorMessage(error),
        details: errorDetails(error),
        keys,
      });
    }
  };

  const backToConnection = () => {
    dispatch({ type: 'back' });
    setTimeout(() => {
      const target =
        state.loginRefused !== null
          ? document.querySelector<HTMLElement>(`#${CSS.escape(formId)} [data-auth-field]`)
          : addressRef.current;
      target?.focus();
    }, 0);
  };

  const addAnother = () => {
    dispatch({ type: 'add-another' });
    shownStep.current = 'connection';
    setTimeout(() => addressRef.current?.focus(), 0);
  };

  const close = () => {
    dispatch({ type: 'clear-secrets' });
    onClose();
  };

  const shownName = valid?.name ?? valid?.address ?? form.address;
  const stepIndex = wizardSteps.findIndex((s) => s.id === step);
  const verdict = state.review?.knownHosts;

  // ---- Frame ------------------------------------------------------------------------------

  const headings: Record<WizardStep, string> = {
    connection: 'How does Drover reach the host?',
    fingerprint:
      state.review?.of === 'jump'
        ? 'Check the jump host’s key'
        : `Check the host key of ${state.review?.address ?? 'the host'}`,
    join: state.adding
      ? `Adding ${shownName}…`
      : state.addError
        ? `${shownName} was not added`
        : `Adding ${shownName}`,
    done: 'Host added',
  };

  let footer;
  switch (step) {
    case 'connection':
      footer = (
        <>
          <Button onClick={close}>Cancel</Button>
          <Button
            type="submit"
            form={formId}
            variant="primary"
            busy={state.probing}
            icon={<ChevronRightIcon size={16} />}
          >
            {state.probing
              ? 'Contacting the host…'
              : trusted
                ? 'Add the host'
                : 'Next: check the host key'}
          </Button>
        </>
      );
      break;
    case 'fingerprint':
      footer = (
        <>
          <Button icon={<ArrowLeftIcon size={16} />} onClick={backToConnection}>
            Back
          </Button>
          <Button
            variant="primary"
            icon={<ShieldIcon size={16} />}
            disabled={
              verdict === 'revoked' || (verdict === 'mismatch' && !state.mismatchUnderstood)
            }
            onClick={trust}
          >
            I have checked this fingerprint — trust it
          </Button>
        </>
      );
      break;
    case 'join':
      footer = (
        <>
          <Button
            icon={<ArrowLeftIcon size={16} />}
            onClick={backToConnection}
            disabled={state.adding}
          >
            Back
          </Button>
          <Button
            variant="primary"
            busy={state.adding}
            disabled={state.adding}
            onClick={() => void add(state.accepted)}
          >
            {state.adding ? 'Adding…' : 'Retry'}
          </Button>
        </>
      );
      break;
    case 'done':
      footer = (
        <>
          <Button onClick={addAnother}>Add another</Button>
          <Button variant="primary" onClick={close}>
            Close
          </Button>
        </>
      );
      break;
  }

  return (
    <Dialog
      open
      size="lg"
      onClose={close}
      busy={state.adding}
      title={`Add a host to ${environment.name}`}
      footer={footer}
    >
      <ol className="wizard-steps" aria-label="Steps">
        {wizardSteps.map((s, index) => (
          <li
            key={s.id}
            className={`wizard-steps__item${index < stepIndex ? ' is-done' : ''}${index === stepIndex ? ' is-current' : ''}`}
            aria-current={index === stepIndex ? 'step' : undefined}
          >
            <span className="wizard-steps__marker" aria-hidden="true">
              {index < stepIndex ? <CheckIcon size={12} /> : index + 1}
            </span>
            <span className="wizard-steps__label">{s.label}</span>
          </li>
        ))}
      </ol>
      <h3 ref={headingRef} className="wizard__heading" tabIndex={-1}>
        {headings[step]}
      </h3>
      <div className="wizard__body">
        {step === 'connection' ? (
          <ConnectionStep
            state={state}
            dispatch={dispatch}
            formId={formId}
            addressRef={addressRef}
            onSubmit={onConnectionSubmit}
          />
        ) : null}
        {step === 'fingerprint' && state.review ? (
          <FingerprintStep
            review={state.review}
            understood={state.mismatchUnderstood}
            onUnderstood={(value) => dispatch({ type: 'understood-mismatch', value })}
          />
        ) : null}
        {step === 'join' ? (
          <JoinStep state={state} environment={environment} shownName={shownName} />
        ) : null}
        {step === 'done' && state.result ? (
          <DoneStep
            result={state.result}
            environment={environment}
            swarmExisted={state.swarmExisted}
            allChecksOpen={state.allChecksOpen}
            onToggleAllChecks={() => dispatch({ type: 'toggle-all-checks' })}
          />
        ) : null}
      </div>
    </Dialog>
  );
}
