// Turns what a user typed into what is stored (no secret in clear) and back into a login.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { z } from 'zod';
import type { authInput } from '../../shared/contract.js';
import { keyFileWords } from '../ssh/error-words.js';
import { DroverError } from '../../shared/errors.js';
import type { JumpHost } from '../../shared/types.js';
import type { SecretBox } from '../secrets/secret-box.js';
import type { SshAuth, SshTarget } from '../ssh/target.js';
import type { HostLogin, StoredAuth } from './repository.js';

export type AuthInput = z.output<typeof authInput>;

interface SealedSecret {
  password?: string;
  passphrase?: string;
  privateKey?: string;
}

export function expandHome(file: string): string {
  return file === '~' || file.startsWith('~/') ? path.join(os.homedir(), file.slice(1)) : file;
}

/** What to store for an auth input: the non-secret part, and the secret sealed (or null). */
export function storeAuth(
  input: AuthInput,
  box: SecretBox,
): { auth: StoredAuth; secret: string | null } {
  switch (input.kind) {
    case 'agent':
      return { auth: { kind: 'agent' }, secret: null };
    case 'password':
      return {
        auth: { kind: 'password' },
        secret: box.seal(JSON.stringify({ password: input.password })),
      };
    case 'key': {
      const sealed: SealedSecret = { passphrase: input.passphrase, privateKey: input.privateKey };
      const hasSecret = sealed.passphrase !== undefined || sealed.privateKey !== undefined;
      return {
        auth: input.keyPath
          ? { kind: 'key', keyPath: path.resolve(expandHome(input.keyPath)) }
          : { kind: 'key', inlineKey: true },
        secret: hasSecret ? box.seal(JSON.stringify(sealed)) : null,
      };
    }
  }
}

/** The in-memory login for an auth input (used before anything is stored). */
export function sshAuth(input: AuthInput): SshAuth {
  switch (input.kind) {
    case 'agent':
      return { kind: 'agent' };
    case 'password':
      return { kind: 'password', password: input.password };
    case 'key':
      return {
        kind: 'key',
        privateKey: input.privateKey ?? readKeyFile(input.keyPath ?? ''),
        passphrase: input.passphrase,
      };
  }
}

/** The SSH target of a stored host, secrets unsealed for this connection only. */
export function targetOf(login: HostLogin, box: SecretBox): SshTarget {
  const secret = login.secret ? (JSON.parse(box.open(login.secret)) as SealedSecret) : {};
  let auth: SshAuth;
  switch (login.auth.kind) {
    case 'agent':
      auth = { kind: 'agent' };
      break;
    case 'password':
      auth = { kind: 'password', password: secret.password ?? '' };
      break;
    case 'key':
      auth = {
        kind: 'key',
        privateKey: secret.privateKey ?? readKeyFile(login.auth.keyPath ?? ''),
        passphrase: secret.passphrase,
      };
      break;
  }
  const { host } = login;
  return { ...jumpTarget(host, auth), jump: host.jump ? jumpTarget(host.jump, auth) : undefined };
}

/** A jump host logs in the same way as the host behind it (and so does that host itself). */
export function jumpTarget(jump: JumpHost, auth: SshAuth): SshTarget {
  return {
    address: jump.address,
    port: jump.port,
    user: jump.user,
    auth,
    hostKey: jump.hostKey ?? undefined,
  };
}

function readKeyFile(file: string): string {
  try {
    return fs.readFileSync(expandHome(file), 'utf8');
  } catch (error) {
    const { message, detail } = keyFileWords(file, error as NodeJS.ErrnoException);
    throw new DroverError('INVALID_ARGUMENT', message, { cause: detail });
  }
}
