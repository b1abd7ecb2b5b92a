// The Add Host wizard's form: its fields, their validation (the contract's schemas, per field),
// and what the core's refusals mean for the fingerprint step. Pure: no React, no requests.
import type { z } from 'zod';
import {
  address as addressSchema,
  authInput as authSchema,
  hostName as hostNameSchema,
  port as portSchema,
  sshUser as sshUserSchema,
} from '../../../shared/contract';
import type { ErrorReason } from '../../../shared/errors';
import type { HostProbe } from '../../../shared/types';

export type WizardStep = 'connection' | 'fingerprint' | 'join' | 'done';
export type AuthChoice = 'agent' | 'keyFile' | 'pasteKey' | 'password';
export type AuthInput = z.input<typeof authSchema>;

export const wizardSteps: { id: WizardStep; label: string }[] = [
  { id: 'connection', label: 'Connection' },
  { id: 'fingerprint', label: 'Host key' },
  { id: 'join', label: 'Preflight & join' },
  { id: 'done', label: 'Done' },
];

export const authChoices: { value: AuthChoice; label: string }[] = [
  { value: 'agent', label: 'SSH agent' },
  { value: 'keyFile', label: 'Key file' },
  { value: 'pasteKey', label: 'Paste a key' },
  { value: 'password', label: 'Password' },
];

/** Passwords, passphrases and pasted keys: wizard state only, never stored in the renderer. */
export interface Secrets {
  passphrase: string;
  privateKey: string;
  password: string;
}

export const noSecrets: Secrets = { passphrase: '', privateKey: '', password: '' };

/** What the Connection step holds, secrets excepted (those have their own state). */
export interface ConnectionForm {
  address: string;
  port: string;
  user: string;
  name: string;
  auth: AuthChoice;
  keyPath: string;
  useJump: boolean;
  jump: string;
}

export const emptyForm: ConnectionForm = {
  address: '',
  port: '22',
  user: 'root',
  name: '',
  auth: 'agent',
  keyPath: '',
  useJump: false,
  jump: '',
};

export type FieldName =
  'address' | 'port' | 'user' | 'name' | 'keyPath' | 'privateKey' | 'password' | 'jump' | 'auth';
export type FieldErrors = Partial<Record<FieldName, string>>;

export interface Jump {
  address: string;
  port: number;
  user: string;
}

export interface Valid {
  address: string;
  port: number;
  user: string;
  name?: string;
  auth: AuthInput;
  jump?: Jump;
}

/** A host key being reviewed: the target's, or the jump host's. */
export interface KeyReview {
  of: 'host' | 'jump';
  address: string;
  port: number;
  fingerprint: string;
  knownHosts: HostProbe['knownHosts'];
  /** Drover has this key pinned for this address already (probed keys only). */
  pinned?: HostProbe['pinned'];
  /** Seen while adding (through the jump host) rather than probed. */
  seenWhileAdding?: boolean;
}

/** A host key the core refused while adding, as the fingerprint step shows it. */
export const keyVerdicts: Partial<Record<ErrorReason, HostProbe['knownHosts']>> = {
  'host-key-unknown': 'unknown',
  'host-key-changed': 'mismatch',
  'host-key-revoked': 'revoked',
};

export function sameTarget(a: Valid, b: Valid): boolean {
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
export function validate(
  form: ConnectionForm,
  secrets: Secrets,
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
