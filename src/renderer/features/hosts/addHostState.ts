// The Add Host wizard's state and every way it changes, as one pure reducer: the component runs
// the requests and dispatches what they answered; what the answers mean is decided here.
import type { ErrorDetails } from '../../../shared/errors';
import type { HostAddResult } from '../../../shared/types';
import type { StepView } from '../../lib/operations';
import {
  emptyForm,
  keyVerdicts,
  noSecrets,
  validate,
  type ConnectionForm,
  type FieldErrors,
  type KeyReview,
  type Secrets,
  type Valid,
  type WizardStep,
} from './addHostForm';

/** Fingerprints a person vouched for: the target's, the jump host's. */
export interface AcceptedKeys {
  host?: string;
  jump?: string;
}

export interface WizardState {
  step: WizardStep;
  form: ConnectionForm;
  secrets: Secrets;
  /** Errors show once the person tried to go on; then they follow every edit. */
  submitted: boolean;
  errors: FieldErrors;
  /** The target as last submitted. */
  valid: Valid | null;
  probing: boolean;
  probeError: string | null;
  review: KeyReview | null;
  accepted: AcceptedKeys;
  mismatchUnderstood: boolean;
  adding: boolean;
  progress: StepView[];
  addError: string | null;
  loginRefused: string | null;
  result: HostAddResult | null;
  /** Whether the environment had a Swarm when this add started (the first host creates it). */
  swarmExisted: boolean;
  allChecksOpen: boolean;
}

export type WizardAction =
  | { type: 'edit'; patch: Partial<ConnectionForm> }
  | { type: 'secret'; key: keyof Secrets; value: string }
  | { type: 'submitted'; errors: FieldErrors; valid?: Valid }
  | { type: 'probe-started' }
  | { type: 'probed'; review: KeyReview }
  | { type: 'probe-failed'; error: string }
  | { type: 'understood-mismatch'; value: boolean }
  | { type: 'add-started'; keys: AcceptedKeys; swarmExisted: boolean }
  | { type: 'progress'; steps: StepView[] }
  | { type: 'added'; result: HostAddResult }
  | { type: 'add-failed'; message: string; details: ErrorDetails; keys: AcceptedKeys }
  | { type: 'back' }
  | { type: 'add-another' }
  | { type: 'toggle-all-checks' }
  | { type: 'clear-secrets' };

export function initialWizardState(swarmExisted: boolean): WizardState {
  return {
    step: 'connection',
    form: emptyForm,
    secrets: noSecrets,
    submitted: false,
    errors: {},
    valid: null,
    probing: false,
    probeError: null,
    review: null,
    accepted: {},
    mismatchUnderstood: false,
    adding: false,
    progress: [],
    addError: null,
    loginRefused: null,
    result: null,
    swarmExisted,
    allChecksOpen: false,
  };
}

/** The key checked a moment ago still stands: the next submit adds without a new check. */
export function alreadyTrusted(state: WizardState): boolean {
  const { valid, accepted } = state;
  return Boolean(
    valid && (valid.jump ? accepted.jump : accepted.host) && state.step === 'connection',
  );
}

export function wizardReducer(state: WizardState, action: WizardAction): WizardState {
  switch (action.type) {
    case 'edit': {
      const form = { ...state.form, ...action.patch };
      const credentialsChanged = 'auth' in action.patch || 'keyPath' in action.patch;
      return {
        ...state,
        form,
        errors: state.submitted ? validate(form, state.secrets).errors : state.errors,
        loginRefused: credentialsChanged ? null : state.loginRefused,
      };
    }
    case 'secret': {
      const secrets = { ...state.secrets, [action.key]: action.value };
      return {
        ...state,
        secrets,
        errors: state.submitted ? validate(state.form, secrets).errors : state.errors,
        loginRefused: null,
      };
    }
    case 'submitted':
      return {
        ...state,
        submitted: true,
        probeError: null,
        errors: action.errors,
        valid: action.valid ?? state.valid,
      };
    case 'probe-started':
      return { ...state, accepted: {}, mismatchUnderstood: false, probing: true };
    case 'probed':
      return { ...state, probing: false, review: action.review, step: 'fingerprint' };
    case 'probe-failed':
      return { ...state, probing: false, probeError: action.error };
    case 'understood-mismatch':
      return { ...state, mismatchUnderstood: action.value };
    case 'add-started':
      return {
        ...state,
        accepted: action.keys,
        progress: [],
        addError: null,
        loginRefused: null,
        adding: true,
        swarmExisted: action.swarmExisted,
        step: 'join',
      };
    case 'progress':
      return { ...state, progress: action.steps };
    case 'added':
      return {
        ...state,
        adding: false,
        result: action.result,
        secrets: noSecrets,
        // The secrets are gone: a later add of the same target would log in with the agent.
        valid: state.valid && { ...state.valid, auth: { kind: 'agent' } },
        step: 'done',
      };
    case 'add-failed':
      return addFailed(state, action);
    case 'back':
      return { ...state, step: 'connection' };
    case 'add-another':
      return {
        ...initialWizardState(state.swarmExisted),
        form: {
          ...emptyForm,
          user: state.form.user,
          auth: state.form.auth,
          keyPath: state.form.keyPath,
        },
      };
    case 'toggle-all-checks':
      return { ...state, allChecksOpen: !state.allChecksOpen };
    case 'clear-secrets':
      return { ...state, secrets: noSecrets };
  }
}

/** What a refused add means: another key to check, a refused login, or a key that changed. */
function addFailed(
  state: WizardState,
  { message, details, keys }: Extract<WizardAction, { type: 'add-failed' }>,
): WizardState {
  const failed = { ...state, adding: false, addError: message };
  const valid = state.valid;
  const verdict = details.reason ? keyVerdicts[details.reason] : undefined;
  // Through a jump host the target's key is first seen while adding: review it, then retry.
  if (valid?.jump && !keys.host && details.offeredHostKey && verdict) {
    return {
      ...failed,
      review: {
        of: 'host',
        address: valid.address,
        port: valid.port,
        fingerprint: details.offeredHostKey,
        knownHosts: verdict,
        seenWhileAdding: true,
      },
      mismatchUnderstood: false,
      addError: null,
      step: 'fingerprint',
    };
  }
  const failedStep = state.progress.find((s) => s.state === 'failed')?.step;
  if (failedStep === 'login' || details.reason === 'auth-failed')
    return { ...failed, loginRefused: message };
  // The key changed since it was checked: the next attempt checks it again.
  if (failedStep === 'host-key' || failedStep === 'jump') return { ...failed, accepted: {} };
  return failed;
}
