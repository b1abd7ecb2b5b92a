import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import type { z } from 'zod';
import {
  address as addressSchema,
  authInput as authSchema,
  hostName as hostNameSchema,
  port as portSchema,
  sshUser as sshUserSchema,
  type ArgsOf,
} from '../../../shared/contract';
import type { ErrorReason } from '../../../shared/errors';
import type { Environment, HostAddResult, HostProbe } from '../../../shared/types';
import { Alert } from '../../components/Alert';
import { Badge } from '../../components/Badge';
import { Button } from '../../components/Button';
import { Dialog } from '../../components/Dialog';
import { TextAreaField, TextField } from '../../components/Field';
import { ArrowLeftIcon, CheckIcon, ChevronRightIcon, ShieldIcon } from '../../components/Icons';
import { api } from '../../lib/api';
import { errorDetails, errorMessage } from '../../lib/errors';
import { newOperationId, watchOperation, type StepView } from '../../lib/operations';
import { useHosts } from '../../stores/hosts';
import { CheckList, checksFromSteps, StepList, type PlannedStep } from '../../components/Checklist';
import { CopyButton, Fingerprint, VerifyOnHost } from './Fingerprint';
import { roleView, sshAddress } from './hostView';

type WizardStep = 'connection' | 'fingerprint' | 'join' | 'done';
type AuthChoice = 'agent' | 'keyFile' | 'pasteKey' | 'password';
type AuthInput = z.input<typeof authSchema>;

const wizardSteps: { id: WizardStep; label: string }[] = [
  { id: 'connection', label: 'Connection' },
  { id: 'fingerprint', label: 'Host key' },
  { id: 'join', label: 'Preflight & join' },
  { id: 'done', label: 'Done' },
];

const authChoices: { value: AuthChoice; label: string }[] = [
  { value: 'agent', label: 'SSH agent' },
  { value: 'keyFile', label: 'Key file' },
  { value: 'pasteKey', label: 'Paste a key' },
  { value: 'password', label: 'Password' },
];

/** What the Connection step holds, secrets excepted (those have their own state). */
interface ConnectionForm {
  address: string;
  port: string;
  user: string;
  name: string;
  auth: AuthChoice;
  keyPath: string;
  useJump: boolean;
  jump: string;
}

const emptyForm: ConnectionForm = {
  address: '',
  port: '22',
  user: 'root',
  name: '',
  auth: 'agent',
  keyPath: '',
  useJump: false,
  jump: '',
};

type FieldName =
  'address' | 'port' | 'user' | 'name' | 'keyPath' | 'privateKey' | 'password' | 'jump' | 'auth';
type FieldErrors = Partial<Record<FieldName, string>>;

interface Jump {
  address: string;
  port: number;
  user: string;
}

interface Valid {
  address: string;
  port: number;
  user: string;
  name?: string;
  auth: AuthInput;
  jump?: Jump;
}

/** A host key being reviewed: the target's, or the jump host's. */
interface KeyReview {
  of: 'host' | 'jump';
  address: string;
  port: number;
  fingerprint: string;
  knownHosts: HostProbe['knownHosts'];
  /** Seen while adding (through the jump host) rather than probed. */
  seenWhileAdding?: boolean;
}

/** A host key the core refused while adding, as the fingerprint step shows it. */
const keyVerdicts: Partial<Record<ErrorReason, HostProbe['knownHosts']>> = {
  'host-key-unknown': 'unknown',
  'host-key-changed': 'mismatch',
  'host-key-revoked': 'revoked',
};

function sameTarget(a: Valid, b: Valid): boolean {
  return (
    a.address === b.address &&
    a.port === b.port &&
    a.jump?.address === b.jump?.address &&
    a.jump?.port === b.jump?.port
  );
}

function firstIssue(result: { success: boolean; error?: z.ZodError }): string | null {
  return result.success ? null : (result.error?.issues[0]?.message ?? 'Invalid value');
}

/** "user@host:port", "host:port", "host", "[v6]:port". */
function parseJump(text: string, defaultUser: string): { jump?: Jump; error?: string } {
  const match = /^(?:([^@\s]+)@)?(\[[^\]]+\]|[^:@\s]+)(?::(\d+))?$/.exec(text.trim());
  if (!match) return { error: 'Write it as user@host:port (user and port are optional)' };
  const [, user = defaultUser, rawHost = '', rawPort] = match;
  const host = rawHost.replace(/^\[|\]$/g, '');
  const port = rawPort === undefined ? 22 : Number(rawPort);
  const problem =
    firstIssue(addressSchema.safeParse(host)) ??
    firstIssue(sshUserSchema.safeParse(user)) ??
    (portSchema.safeParse(port).success ? null : 'The port is a number from 1 to 65535');
  return problem ? { error: problem } : { jump: { address: host, port, user } };
}

/** The same rules as the contract's schemas, per field. */
function validate(
  form: ConnectionForm,
  secrets: { passphrase: string; privateKey: string; password: string },
): { errors: FieldErrors; valid?: Valid } {
  const errors: FieldErrors = {};
  const address = addressSchema.safeParse(form.address);
  if (!address.success) errors.address = firstIssue(address) ?? undefined;
  const portNumber = /^\d+$/.test(form.port.trim()) ? Number(form.port) : NaN;
  if (!portSchema.safeParse(portNumber).success)
    errors.port = 'The port is a number from 1 to 65535';
  const user = sshUserSchema.safeParse(form.user);
  if (!user.success) errors.user = firstIssue(user) ?? undefined;
  let name: string | undefined;
  if (form.name.trim()) {
    const parsed = hostNameSchema.safeParse(form.name);
    if (parsed.success) name = parsed.data;
    else errors.name = firstIssue(parsed) ?? undefined;
  }

  let auth: AuthInput;
  const passphrase = secrets.passphrase ? { passphrase: secrets.passphrase } : {};
  switch (form.auth) {
    case 'agent':
      auth = { kind: 'agent' };
      break;
    case 'keyFile':
      if (!form.keyPath.trim()) errors.keyPath = 'Enter the path of the private key file';
      auth = { kind: 'key', keyPath: form.keyPath.trim(), ...passphrase };
      break;
    case 'pasteKey':
      if (!secrets.privateKey.trim()) errors.privateKey = 'Paste the private key';
      else if (
        /^(ssh-(ed25519|rsa|dss)|ecdsa-sha2-)|BEGIN [A-Z ]*PUBLIC KEY/.test(
          secrets.privateKey.trim(),
        )
      )
        errors.privateKey = 'This is a public key: paste the private key';
      else if (!/PRIVATE KEY-----/.test(secrets.privateKey))
        errors.privateKey = 'A private key starts with -----BEGIN … PRIVATE KEY-----';
      auth = { kind: 'key', privateKey: secrets.privateKey.trim() + '\n', ...passphrase };
      break;
    case 'password':
      if (!secrets.password) errors.password = 'Enter the password';
      auth = { kind: 'password', password: secrets.password };
      break;
  }
  if (!errors.keyPath && !errors.privateKey && !errors.password) {
    const parsed = authSchema.safeParse(auth);
    if (!parsed.success) errors.auth = firstIssue(parsed) ?? undefined;
  }

  let jump: Jump | undefined;
  if (form.useJump) {
    const parsed = parseJump(form.jump, form.user.trim());
    if (parsed.error) errors.jump = parsed.error;
    jump = parsed.jump;
  }

  if (Object.keys(errors).length > 0) return { errors };
  return {
    errors,
    valid: {
      address: address.data!,
      port: portNumber,
      user: user.data!,
      name,
      auth,
      jump,
    },
  };
}

/**
 * Adding a host, in four steps: how to reach it; its host key, checked by a person; the
 * preflight checklist and Swarm join, live; the result. Passwords, passphrases and pasted keys
 * live only in this component's state: sent with the request, cleared after a success, and gone
 * when the wizard closes.
 */
export function AddHostWizard({
  environment,
  onClose,
}: {
  environment: Environment;
  onClose(): void;
}) {
  const upsert = useHosts((s) => s.upsert);
  const [step, setStep] = useState<WizardStep>('connection');
  const [form, setForm] = useState<ConnectionForm>(emptyForm);
  // Secrets: component state only.
  const [passphrase, setPassphrase] = useState('');
  const [privateKey, setPrivateKey] = useState('');
  const [password, setPassword] = useState('');

  const [submitted, setSubmitted] = useState(false);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [probing, setProbing] = useState(false);
  const [probeError, setProbeError] = useState<string | null>(null);
  const [review, setReview] = useState<KeyReview | null>(null);
  const [accepted, setAccepted] = useState<{ host?: string; jump?: string }>({});
  const [mismatchUnderstood, setMismatchUnderstood] = useState(false);

  const [adding, setAdding] = useState(false);
  const [progress, setProgress] = useState<StepView[]>([]);
  const [addError, setAddError] = useState<string | null>(null);
  const [loginRefused, setLoginRefused] = useState<string | null>(null);
  const [result, setResult] = useState<HostAddResult | null>(null);
  /** Whether the environment had a Swarm when this add started (the first host creates it). */
  const [swarmExisted, setSwarmExisted] = useState(Boolean(environment.swarmId));
  const [allChecksOpen, setAllChecksOpen] = useState(false);

  const formId = useId();
  const headingRef = useRef<HTMLHeadingElement>(null);
  const addressRef = useRef<HTMLInputElement>(null);
  const stopWatching = useRef<(() => void) | null>(null);
  const progressRef = useRef<StepView[]>([]);
  const validRef = useRef<Valid | null>(null);
  const shownStep = useRef<WizardStep>('connection');

  useEffect(() => () => stopWatching.current?.(), []);

  // Each new step starts at its heading, so keyboard and screen-reader users know where they are.
  useEffect(() => {
    if (shownStep.current === step) return;
    shownStep.current = step;
    headingRef.current?.focus();
  }, [step]);

  const valid = validRef.current;
  const alreadyTrusted = Boolean(
    valid && (valid.jump ? accepted.jump : accepted.host) && step === 'connection',
  );
  const secrets = { passphrase, privateKey, password };
  const update = (patch: Partial<ConnectionForm>) => {
    const next = { ...form, ...patch };
    setForm(next);
    if (submitted) setErrors(validate(next, secrets).errors);
  };
  const updateSecret = (setter: (v: string) => void, key: keyof typeof secrets, value: string) => {
    setter(value);
    setLoginRefused(null);
    if (submitted) setErrors(validate(form, { ...secrets, [key]: value }).errors);
  };

  const clearSecrets = () => {
    setPassphrase('');
    setPrivateKey('');
    setPassword('');
  };

  // (a) Connection → (b) Host key: probe the host (or, through a jump host, the jump host).
  const onConnectionSubmit = async (event: FormEvent) => {
    event.preventDefault();
    setSubmitted(true);
    setProbeError(null);
    const { errors: found, valid } = validate(form, secrets);
    setErrors(found);
    if (!valid) {
      const first = document.querySelector<HTMLElement>(
        `#${CSS.escape(formId)} [aria-invalid="true"]`,
      );
      first?.focus();
      return;
    }
    const previous = validRef.current;
    validRef.current = valid;
    if (previous && alreadyTrusted && sameTarget(previous, valid)) {
      // Only the login or the name changed: the key checked a moment ago still stands.
      void add(accepted);
      return;
    }
    setAccepted({});
    setMismatchUnderstood(false);
    setProbing(true);
    try {
      const target = valid.jump ?? { address: valid.address, port: valid.port, user: valid.user };
      const probe = await api.invoke('host.probe', {
        address: target.address,
        port: target.port,
        user: target.user,
      });
      setReview({
        of: valid.jump ? 'jump' : 'host',
        address: probe.address,
        port: probe.port,
        fingerprint: probe.fingerprint,
        knownHosts: probe.knownHosts,
      });
      setStep('fingerprint');
    } catch (error) {
      setProbeError(
        errorDetails(error).reason === 'jump-host-unchecked'
          ? `${valid.address} is reached through a ProxyJump (from ~/.ssh/config). Turn on “Connect through a jump host” below and enter it, so that its key can be checked first.`
          : errorMessage(error),
      );
    } finally {
      setProbing(false);
    }
  };

  // (b) → (c): the person vouched for the key; add the host with it.
  const trust = () => {
    if (!review) return;
    const next = { ...accepted, [review.of]: review.fingerprint };
    setAccepted(next);
    void add(next);
  };

  // (c) Preflight & join, live from operation.progress.
  const add = async (keys: { host?: string; jump?: string }) => {
    const valid = validRef.current;
    if (!valid) return;
    const operationId = newOperationId();
    stopWatching.current?.();
    setProgress([]);
    progressRef.current = [];
    stopWatching.current = watchOperation(operationId, (steps) => {
      progressRef.current = steps;
      setProgress(steps);
    });
    setAddError(null);
    setLoginRefused(null);
    setAdding(true);
    setSwarmExisted(Boolean(environment.swarmId));
    setStep('join');
    const args: ArgsOf<'host.add'> = {
      environmentId: environment.id,
      address: valid.address,
      port: valid.port,
      user: valid.user,
      auth: valid.auth,
      ...(valid.name ? { name: valid.name } : {}),
      ...(keys.host ? { hostKey: keys.host } : {}),
      ...(valid.jump
        ? { jump: { ...valid.jump, ...(keys.jump ? { hostKey: keys.jump } : {}) } }
        : {}),
      operationId,
    };
    try {
      const added = await api.invoke('host.add', args);
      upsert(added.host);
      setResult(added);
      clearSecrets();
      validRef.current = { ...valid, auth: { kind: 'agent' } };
      setStep('done');
    } catch (error) {
      const message = errorMessage(error);
      setAddError(message);
      const failed = progressRef.current.find((s) => s.state === 'failed')?.step;
      // Through a jump host the target's key is first seen while adding: review it, then retry.
      const { reason, offeredHostKey } = errorDetails(error);
      const verdict = reason ? keyVerdicts[reason] : undefined;
      if (valid.jump && !keys.host && offeredHostKey && verdict) {
        setReview({
          of: 'host',
          address: valid.address,
          port: valid.port,
          fingerprint: offeredHostKey,
          knownHosts: verdict,
          seenWhileAdding: true,
        });
        setMismatchUnderstood(false);
        setAddError(null);
        setStep('fingerprint');
      } else if (failed === 'login' || reason === 'auth-failed') {
        setLoginRefused(message);
      } else if (failed === 'host-key' || failed === 'jump') {
        // The key changed since it was checked: the next attempt checks it again.
        setAccepted({});
      }
    } finally {
      setAdding(false);
    }
  };

  const backToConnection = () => {
    setStep('connection');
    setTimeout(() => {
      const target =
        loginRefused !== null
          ? document.querySelector<HTMLElement>(`#${CSS.escape(formId)} [data-auth-field]`)
          : addressRef.current;
      target?.focus();
    }, 0);
  };

  const addAnother = () => {
    setForm({ ...emptyForm, user: form.user, auth: form.auth, keyPath: form.keyPath });
    clearSecrets();
    setSubmitted(false);
    setErrors({});
    setReview(null);
    setAccepted({});
    setProgress([]);
    setResult(null);
    setAddError(null);
    setProbeError(null);
    setAllChecksOpen(false);
    validRef.current = null;
    setStep('connection');
    shownStep.current = 'connection';
    setTimeout(() => addressRef.current?.focus(), 0);
  };

  const close = () => {
    clearSecrets();
    onClose();
  };

  const shownName = valid?.name ?? valid?.address ?? form.address;
  const stepIndex = wizardSteps.findIndex((s) => s.id === step);

  // ---- Step bodies ------------------------------------------------------------------------

  const connectionBody = (
    <form id={formId} className="form wizard__form" onSubmit={onConnectionSubmit} noValidate>
      {probeError ? <Alert title="Couldn’t reach the host">{probeError}</Alert> : null}
      <div className="wizard__row wizard__row--address">
        <TextField
          label="Address"
          inputRef={addressRef}
          value={form.address}
          onChange={(e) => update({ address: e.target.value })}
          error={errors.address}
          hint="An IP address, a DNS name or a Host alias from ~/.ssh/config"
          placeholder="10.0.0.5 or web-1.example.com"
          autoComplete="off"
          spellCheck={false}
        />
        <TextField
          label="Port"
          value={form.port}
          onChange={(e) => update({ port: e.target.value })}
          error={errors.port}
          inputMode="numeric"
          autoComplete="off"
        />
        <TextField
          label="User"
          value={form.user}
          onChange={(e) => update({ user: e.target.value })}
          error={errors.user}
          autoComplete="off"
          spellCheck={false}
        />
      </div>
      <TextField
        label="Name"
        optional
        value={form.name}
        onChange={(e) => update({ name: e.target.value })}
        error={errors.name}
        hint="How the host is shown here and named in the Swarm. Defaults to the address."
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
                checked={form.auth === choice.value}
                onChange={() => {
                  setLoginRefused(null);
                  update({ auth: choice.value });
                }}
              />
              <span>{choice.label}</span>
            </label>
          ))}
        </div>
        {loginRefused ? (
          <Alert title="The host refused the login">
            {loginRefused}. Check the user and the credentials, then try again.
          </Alert>
        ) : null}
        {form.auth === 'agent' ? (
          <p className="field__hint">
            Uses the keys loaded in the SSH agent of the machine running Drover (SSH_AUTH_SOCK). For
            an ~/.ssh/config alias without an agent, its IdentityFile is used.
          </p>
        ) : null}
        {form.auth === 'keyFile' ? (
          <div className="wizard__row">
            <TextField
              label="Private key file"
              value={form.keyPath}
              onChange={(e) => {
                setLoginRefused(null);
                update({ keyPath: e.target.value });
              }}
              error={errors.keyPath}
              hint="A path on the machine running Drover, not on this browser’s."
              placeholder="~/.ssh/id_ed25519"
              autoComplete="off"
              spellCheck={false}
              data-auth-field
            />
            <TextField
              label="Passphrase"
              optional
              type="password"
              value={passphrase}
              onChange={(e) => updateSecret(setPassphrase, 'passphrase', e.target.value)}
              autoComplete="off"
            />
          </div>
        ) : null}
        {form.auth === 'pasteKey' ? (
          <>
            <TextAreaField
              label="Private key"
              className="input input--multiline mono wizard__key"
              value={privateKey}
              onChange={(e) => updateSecret(setPrivateKey, 'privateKey', e.target.value)}
              error={errors.privateKey}
              hint="Sent to the core and sealed at rest; never shown again."
              placeholder={
                '-----BEGIN OPENSSH PRIVATE KEY-----\n…\n-----END OPENSSH PRIVATE KEY-----'
              }
              rows={5}
              spellCheck={false}
              autoComplete="off"
              data-auth-field
            />
            <TextField
              label="Passphrase"
              optional
              type="password"
              value={passphrase}
              onChange={(e) => updateSecret(setPassphrase, 'passphrase', e.target.value)}
              autoComplete="off"
            />
          </>
        ) : null}
        {form.auth === 'password' ? (
          <TextField
            label="Password"
            type="password"
            value={password}
            onChange={(e) => updateSecret(setPassword, 'password', e.target.value)}
            error={errors.password}
            hint="Sealed at rest by the core. A key is safer where you can use one."
            autoComplete="off"
            data-auth-field
          />
        ) : null}
        {errors.auth ? <p className="field__error">{errors.auth}</p> : null}
      </fieldset>

      <div className="wizard__jump">
        <label className="checkbox">
          <input
            type="checkbox"
            checked={form.useJump}
            onChange={(e) => update({ useJump: e.target.checked })}
          />
          <span>Connect through a jump host</span>
        </label>
        {form.useJump ? (
          <TextField
            label="Jump host"
            value={form.jump}
            onChange={(e) => update({ jump: e.target.value })}
            error={errors.jump}
            hint="user@host:port — it is logged in to with the same authentication."
            placeholder="admin@bastion.example.com:22"
            autoComplete="off"
            spellCheck={false}
          />
        ) : null}
      </div>
    </form>
  );

  const verdict = review?.knownHosts;
  const blocked = verdict === 'revoked';
  const needsUnderstanding = verdict === 'mismatch';
  const reviewWho =
    review?.of === 'jump' ? `the jump host ${review.address}` : review ? review.address : '';

  const fingerprintBody = review ? (
    <div className="wizard__fingerprint">
      {review.seenWhileAdding ? (
        <Alert tone="info" title="One more key to check">
          The jump host is trusted. Through it, {review.address} showed its own host key: check it
          the same way.
        </Alert>
      ) : null}
      <p>
        Drover will only talk to {reviewWho} on port {review.port} while it shows this key. Compare
        it with the fingerprint on the host before you trust it.
      </p>
      <div className="fingerprint-box">
        <span className="fingerprint-box__label">SHA256 fingerprint</span>
        <div className="fingerprint-box__value">
          <Fingerprint value={review.fingerprint} large />
          <CopyButton text={review.fingerprint} label="the fingerprint" />
        </div>
      </div>
      {verdict === 'match' ? (
        <Alert tone="ok" title="Matches ~/.ssh/known_hosts">
          The machine running Drover already knows this key for {review.address}.
        </Alert>
      ) : verdict === 'unknown' ? (
        <Alert tone="info" title="Not in ~/.ssh/known_hosts">
          First contact: nothing on the machine running Drover vouches for this key yet.
        </Alert>
      ) : verdict === 'mismatch' ? (
        <Alert title="Differs from the key in ~/.ssh/known_hosts">
          The machine running Drover knows another key for {review.address}. The host may have been
          reinstalled — or someone may be intercepting the connection. Trust it only if you know why
          it changed.
        </Alert>
      ) : (
        <Alert title="Revoked in ~/.ssh/known_hosts">
          This key is marked @revoked for {review.address}. Drover will not trust it; fix the host’s
          keys (or known_hosts) first.
        </Alert>
      )}
      <VerifyOnHost />
      {needsUnderstanding ? (
        <label className="checkbox">
          <input
            type="checkbox"
            checked={mismatchUnderstood}
            onChange={(e) => setMismatchUnderstood(e.target.checked)}
          />
          <span>I know why this key differs from known_hosts.</span>
        </label>
      ) : null}
    </div>
  ) : null;

  const planned: PlannedStep[] = [
    ...(valid?.jump ? [{ step: 'jump', label: `Check the jump host ${valid.jump.address}` }] : []),
    { step: 'host-key', label: 'Check the host key' },
    { step: 'login', label: `Log in as ${valid?.user ?? form.user}` },
    { step: 'preflight', label: 'Preflight checks' },
    {
      step: 'swarm',
      label: swarmExisted ? `Join ${environment.name}’s Swarm` : 'Create the Swarm (first host)',
    },
  ];
  const liveChecks = checksFromSteps(progress);

  const joinBody = (
    <div className="wizard__join">
      {addError ? (
        <Alert title={`Couldn’t add ${shownName}`} actions={null}>
          <p className="wizard__error">{addError}</p>
          <p className="muted">Nothing you entered is lost: go back to change it, or retry.</p>
        </Alert>
      ) : null}
      <StepList
        label={`Adding ${shownName}`}
        planned={planned}
        steps={progress}
        extra={(stepId) =>
          stepId === 'preflight' && liveChecks.length > 0 ? <CheckList checks={liveChecks} /> : null
        }
      />
    </div>
  );

  const problems =
    result?.preflight.filter((c) => c.status === 'warn' || c.status === 'fail') ?? [];
  const doneBody = result ? (
    <div className="wizard__done">
      <Alert tone="ok" title={`${result.host.name} added as a ${result.host.role}`}>
        {!swarmExisted
          ? `The first host of ${environment.name}: it manages the environment’s Swarm. Drover keeps a connection open to it.`
          : `It is part of ${environment.name}’s Swarm now. Drover keeps a connection open to it.`}
      </Alert>
      <dl className="summary-list">
        <div>
          <dt>Role</dt>
          <dd>
            <Badge tone={roleView[result.host.role].tone}>{roleView[result.host.role].label}</Badge>
          </dd>
        </div>
        <div>
          <dt>Address</dt>
          <dd className="mono">
            {sshAddress(result.host.user, result.host.address, result.host.port)}
          </dd>
        </div>
        <div>
          <dt>Host key</dt>
          <dd>{result.host.hostKey ? <Fingerprint value={result.host.hostKey} /> : '—'}</dd>
        </div>
        <div>
          <dt>System</dt>
          <dd>
            {[result.host.dockerVersion && `Docker ${result.host.dockerVersion}`, result.host.os]
              .filter(Boolean)
              .join(' · ') || '—'}
          </dd>
        </div>
      </dl>
      {problems.length > 0 ? (
        <section className="wizard__warnings" aria-labelledby={`${formId}-warnings`}>
          <h4 id={`${formId}-warnings`} className="wizard__subheading">
            {problems.length === 1
              ? '1 preflight warning'
              : `${problems.length} preflight warnings`}
          </h4>
          <CheckList checks={problems} label="Preflight warnings" />
        </section>
      ) : (
        <p className="host-card__ok">
          <CheckIcon size={14} /> All {result.preflight.length} preflight checks passed.
        </p>
      )}
      <button
        type="button"
        className="disclosure"
        aria-expanded={allChecksOpen}
        onClick={() => setAllChecksOpen((v) => !v)}
      >
        <ChevronRightIcon size={14} className="icon disclosure__chevron" />
        All {result.preflight.length} checks
      </button>
      {allChecksOpen ? <CheckList checks={result.preflight} /> : null}
    </div>
  ) : null;

  // ---- Frame ------------------------------------------------------------------------------

  const headings: Record<WizardStep, string> = {
    connection: 'How does Drover reach the host?',
    fingerprint:
      review?.of === 'jump'
        ? 'Check the jump host’s key'
        : `Check the host key of ${review?.address ?? 'the host'}`,
    join: adding
      ? `Adding ${shownName}…`
      : addError
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
            busy={probing}
            icon={<ChevronRightIcon size={16} />}
          >
            {probing
              ? 'Contacting the host…'
              : alreadyTrusted
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
            disabled={blocked || (needsUnderstanding && !mismatchUnderstood)}
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
          <Button icon={<ArrowLeftIcon size={16} />} onClick={backToConnection} disabled={adding}>
            Back
          </Button>
          <Button
            variant="primary"
            busy={adding}
            disabled={adding}
            onClick={() => void add(accepted)}
          >
            {adding ? 'Adding…' : 'Retry'}
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
      busy={adding}
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
        {step === 'connection' ? connectionBody : null}
        {step === 'fingerprint' ? fingerprintBody : null}
        {step === 'join' ? joinBody : null}
        {step === 'done' ? doneBody : null}
      </div>
    </Dialog>
  );
}
