import type { ChangeEvent, Dispatch, FormEvent, RefObject } from 'react';
import { Alert } from '../../components/Alert';
import { TextAreaField, TextField } from '../../components/Field';
import { authChoices, type Secrets } from './addHostForm';
import type { WizardAction, WizardState } from './addHostState';

/** Step 1: how Drover reaches the host — address, login, authentication, jump host. */
export function ConnectionStep({
  state,
  dispatch,
  formId,
  addressRef,
  onSubmit,
}: {
  state: WizardState;
  dispatch: Dispatch<WizardAction>;
  formId: string;
  addressRef: RefObject<HTMLInputElement | null>;
  onSubmit(event: FormEvent): void;
}) {
  const bind = (key: TextKey) => textBinding(state, dispatch, key);
  const bindSecret = (key: keyof Secrets) => secretBinding(state, dispatch, key);
  return (
    <form id={formId} className="form wizard__form" onSubmit={onSubmit} noValidate>
      {state.probeError ? <Alert title="Couldn’t reach the host">{state.probeError}</Alert> : null}
      <div className="wizard__row wizard__row--address">
        <TextField
          label="Address"
          inputRef={addressRef}
          {...bind('address')}
          hint="An IP address, a DNS name or a Host alias from ~/.ssh/config"
          placeholder="10.0.0.5 or web-1.example.com"
          autoComplete="off"
          spellCheck={false}
        />
        <TextField label="Port" {...bind('port')} inputMode="numeric" autoComplete="off" />
        <TextField label="User" {...bind('user')} autoComplete="off" spellCheck={false} />
      </div>
      <TextField
        label="Name"
        optional
        {...bind('name')}
        hint="How Drover shows the host. Empty: its own hostname, the name Swarm knows it by."
        placeholder="web-1"
        autoComplete="off"
        spellCheck={false}
      />

      <fieldset className="wizard__auth">
        <legend className="field__label">Authentication</legend>
        <div className="segmented" role="radiogroup" aria-label="Authentication">
          {authChoices.map((choice) => (
            <label key={choice.value} className="segmented__option">
              <input
                type="radio"
                name={`${formId}-auth`}
                value={choice.value}
                checked={state.form.auth === choice.value}
                onChange={() => dispatch({ type: 'edit', patch: { auth: choice.value } })}
              />
              <span>{choice.label}</span>
            </label>
          ))}
        </div>
        {state.loginRefused ? (
          <Alert title="The host refused the login">
            {state.loginRefused}. Check the user and the credentials, then try again.
          </Alert>
        ) : null}
        {state.form.auth === 'agent' ? (
          <p className="field__hint">
            Uses the keys loaded in the SSH agent of the machine running Drover (SSH_AUTH_SOCK). For
            an ~/.ssh/config alias without an agent, its IdentityFile is used.
          </p>
        ) : null}
        {state.form.auth === 'keyFile' ? (
          <div className="wizard__row">
            <TextField
              label="Private key file"
              {...bind('keyPath')}
              hint="A path on the machine running Drover, not on this browser’s."
              placeholder="~/.ssh/id_ed25519"
              autoComplete="off"
              spellCheck={false}
              data-auth-field
            />
            <PassphraseField state={state} dispatch={dispatch} />
          </div>
        ) : null}
        {state.form.auth === 'pasteKey' ? (
          <>
            <TextAreaField
              label="Private key"
              className="input input--multiline mono wizard__key"
              {...bindSecret('privateKey')}
              error={state.errors.privateKey}
              hint="Sent to the core and sealed at rest; never shown again."
              placeholder={
                '-----BEGIN OPENSSH PRIVATE KEY-----\n…\n-----END OPENSSH PRIVATE KEY-----'
              }
              rows={5}
              spellCheck={false}
              autoComplete="off"
              data-auth-field
            />
            <PassphraseField state={state} dispatch={dispatch} />
          </>
        ) : null}
        {state.form.auth === 'password' ? (
          <TextField
            label="Password"
            type="password"
            {...bindSecret('password')}
            error={state.errors.password}
            hint="Sealed at rest by the core. A key is safer where you can use one."
            autoComplete="off"
            data-auth-field
          />
        ) : null}
        {state.errors.auth ? <p className="field__error">{state.errors.auth}</p> : null}
      </fieldset>

      <div className="wizard__jump">
        <label className="checkbox">
          <input
            type="checkbox"
            checked={state.form.useJump}
            onChange={(e) => dispatch({ type: 'edit', patch: { useJump: e.target.checked } })}
          />
          <span>Connect through a jump host</span>
        </label>
        {state.form.useJump ? (
          <TextField
            label="Jump host"
            {...bind('jump')}
            hint="user@host:port — it is logged in to with the same authentication."
            placeholder="admin@bastion.example.com:22"
            autoComplete="off"
            spellCheck={false}
          />
        ) : null}
      </div>
    </form>
  );
}

type TextKey = 'address' | 'port' | 'user' | 'name' | 'keyPath' | 'jump';
type EditEvent = ChangeEvent<HTMLInputElement | HTMLTextAreaElement>;

/** A text field's value, edits and error, bound to the wizard's reducer. */
function textBinding(state: WizardState, dispatch: Dispatch<WizardAction>, key: TextKey) {
  return {
    value: state.form[key],
    onChange: (e: EditEvent) => dispatch({ type: 'edit', patch: { [key]: e.target.value } }),
    error: state.errors[key],
  };
}

/** A secret's value and edits: secrets live apart from the form (never stored). */
function secretBinding(state: WizardState, dispatch: Dispatch<WizardAction>, key: keyof Secrets) {
  return {
    value: state.secrets[key],
    onChange: (e: EditEvent) => dispatch({ type: 'secret', key, value: e.target.value }),
  };
}

/** The key's passphrase: the same for a key file and a pasted key. */
function PassphraseField({
  state,
  dispatch,
}: {
  state: WizardState;
  dispatch: Dispatch<WizardAction>;
}) {
  return (
    <TextField
      label="Passphrase"
      optional
      type="password"
      {...secretBinding(state, dispatch, 'passphrase')}
      autoComplete="off"
    />
  );
}
