import { describe, expect, it } from 'vitest';
import { validate } from './addHostForm';
import {
  alreadyTrusted,
  initialWizardState,
  wizardReducer,
  type WizardAction,
  type WizardState,
} from './addHostState';

const FP = 'SHA256:' + 'a'.repeat(43);
const apply = (state: WizardState, ...actions: WizardAction[]) =>
  actions.reduce(wizardReducer, state);
const run = (...actions: WizardAction[]) => apply(initialWizardState(false), ...actions);

function submittedWith(patch: Parameters<typeof wizardReducer>[1] & { type: 'edit' }) {
  const edited = wizardReducer(initialWizardState(true), patch);
  const checked = validate(edited.form, edited.secrets);
  return wizardReducer(edited, { type: 'submitted', ...checked });
}

describe('wizardReducer', () => {
  it('shows field errors only once submitted, then follows every edit', () => {
    const edited = run({ type: 'edit', patch: { address: '' } });
    expect(edited.errors).toEqual({});
    const submitted = wizardReducer(edited, {
      type: 'submitted',
      errors: validate(edited.form, edited.secrets).errors,
    });
    expect(submitted.errors.address).toBeTruthy();
    const fixed = wizardReducer(submitted, { type: 'edit', patch: { address: '10.0.0.5' } });
    expect(fixed.errors.address).toBeUndefined();
  });

  it('keeps secrets apart and clears them once the host is added', () => {
    const typed = run(
      { type: 'edit', patch: { address: '10.0.0.5', auth: 'password' } },
      { type: 'secret', key: 'password', value: 'hunter2' },
    );
    expect(typed.secrets.password).toBe('hunter2');
    expect(typed.form).not.toHaveProperty('password');
    const submitted = wizardReducer(typed, {
      type: 'submitted',
      ...validate(typed.form, typed.secrets),
    });
    expect(submitted.valid?.auth).toEqual({ kind: 'password', password: 'hunter2' });
    const added = wizardReducer(submitted, {
      type: 'added',
      result: { host: {}, preflight: [] } as never,
    });
    expect(added.secrets).toEqual({ passphrase: '', privateKey: '', password: '' });
    expect(added.valid?.auth).toEqual({ kind: 'agent' });
    expect(added.step).toBe('done');
  });

  it('goes to the fingerprint step with what the probe saw', () => {
    const review = { of: 'host' as const, address: '10.0.0.5', port: 22, fingerprint: FP };
    const state = run(
      { type: 'probe-started' },
      { type: 'probed', review: { ...review, knownHosts: 'unknown' } },
    );
    expect(state).toMatchObject({ step: 'fingerprint', probing: false, review });
  });

  it("reviews the target's key seen through a jump host, by the reason the core gave", () => {
    const state = submittedWith({
      type: 'edit',
      patch: { address: '10.0.0.5', useJump: true, jump: 'admin@bastion' },
    });
    const failed = apply(
      state,
      { type: 'add-started', keys: { jump: FP }, swarmExisted: true },
      {
        type: 'add-failed',
        message: 'not known yet',
        details: { reason: 'host-key-revoked', offeredHostKey: FP },
        keys: { jump: FP },
      },
    );
    expect(failed.step).toBe('fingerprint');
    expect(failed.addError).toBeNull();
    expect(failed.review).toMatchObject({ of: 'host', fingerprint: FP, knownHosts: 'revoked' });
  });

  it('sends a refused login back to the credentials, and forgets a key that changed', () => {
    const state = submittedWith({ type: 'edit', patch: { address: '10.0.0.5' } });
    const refused = apply(
      state,
      { type: 'add-started', keys: { host: FP }, swarmExisted: true },
      { type: 'add-failed', message: 'refused', details: { reason: 'auth-failed' }, keys: {} },
    );
    expect(refused.loginRefused).toBe('refused');
    expect(refused.addError).toBe('refused');
    expect(
      wizardReducer(refused, { type: 'secret', key: 'password', value: 'x' }).loginRefused,
    ).toBeNull();

    const changed = apply(
      state,
      { type: 'add-started', keys: { host: FP }, swarmExisted: true },
      {
        type: 'progress',
        steps: [{ step: 'host-key', state: 'failed', message: 'changed', firstMessage: '', at: 0 }],
      },
      {
        type: 'add-failed',
        message: 'changed',
        details: { reason: 'host-key-changed' },
        keys: { host: FP },
      },
    );
    expect(changed.accepted).toEqual({});
    expect(changed.step).toBe('join');
  });

  it('adds again without a new check only while the checked target is unchanged', () => {
    const state = submittedWith({ type: 'edit', patch: { address: '10.0.0.5' } });
    const joined = wizardReducer(state, {
      type: 'add-started',
      keys: { host: FP },
      swarmExisted: true,
    });
    expect(alreadyTrusted(joined)).toBe(false);
    expect(alreadyTrusted(wizardReducer(joined, { type: 'back' }))).toBe(true);
  });

  it('starts another host keeping the user and the authentication', () => {
    const state = run(
      {
        type: 'edit',
        patch: { address: '10.0.0.5', user: 'ops', auth: 'keyFile', keyPath: '~/k' },
      },
      { type: 'secret', key: 'passphrase', value: 'p' },
      { type: 'add-another' },
    );
    expect(state.form).toMatchObject({ address: '', user: 'ops', auth: 'keyFile', keyPath: '~/k' });
    expect(state.secrets.passphrase).toBe('');
    expect(state.step).toBe('connection');
  });
});
