// The secrets key carried inside a backup, sealed with a key derived from a passphrase (scrypt,
// then AES-256-GCM), so the backup restores on another workstation and is useless without it.
import crypto from 'node:crypto';
import { promisify } from 'node:util';
import { DroverError } from '../../shared/errors.js';

const scrypt = promisify(crypto.scrypt) as (
  password: string,
  salt: Buffer,
  length: number,
  options: crypto.ScryptOptions,
) => Promise<Buffer>;

/** scrypt at OWASP's minimum (N=2^17, r=8: 128 MiB): ~0.3 s on a workstation, ~3 s on a busy 2-core VM. */
const COST = { N: 2 ** 17, r: 8, p: 1 };

export interface WrappedKey {
  v: 1;
  kdf: 'scrypt';
  N: number;
  r: number;
  p: number;
  salt: string;
  iv: string;
  tag: string;
  key: string;
}

export async function wrapKey(key: Buffer, passphrase: string): Promise<WrappedKey> {
  const salt = crypto.randomBytes(16);
  const iv = crypto.randomBytes(12);
  const kek = await derive(passphrase, salt, COST);
  const cipher = crypto.createCipheriv('aes-256-gcm', kek, iv);
  const sealed = Buffer.concat([cipher.update(key), cipher.final()]);
  const b64 = (b: Buffer) => b.toString('base64');
  return {
    v: 1,
    kdf: 'scrypt',
    ...COST,
    salt: b64(salt),
    iv: b64(iv),
    tag: b64(cipher.getAuthTag()),
    key: b64(sealed),
  };
}

export async function unwrapKey(wrapped: WrappedKey, passphrase: string): Promise<Buffer> {
  if (wrapped.v !== 1 || wrapped.kdf !== 'scrypt') {
    throw new DroverError(
      'INVALID_ARGUMENT',
      'The backup carries a secrets key in an unknown format',
    );
  }
  // The cost comes from the file: bounded, so a crafted backup cannot ask for gigabytes.
  if (wrapped.N > 2 ** 18 || wrapped.r > 8 || wrapped.p > 4) {
    throw new DroverError(
      'INVALID_ARGUMENT',
      'The backup asks for an unreasonable key derivation cost',
    );
  }
  const buf = (s: string) => Buffer.from(s, 'base64');
  const kek = await derive(passphrase, buf(wrapped.salt), wrapped);
  try {
    const decipher = crypto.createDecipheriv('aes-256-gcm', kek, buf(wrapped.iv), {
      authTagLength: 16,
    });
    decipher.setAuthTag(buf(wrapped.tag));
    return Buffer.concat([decipher.update(buf(wrapped.key)), decipher.final()]);
  } catch {
    throw new DroverError(
      'INVALID_ARGUMENT',
      'The passphrase does not open the secrets key in this backup',
    );
  }
}

function derive(
  passphrase: string,
  salt: Buffer,
  cost: { N: number; r: number; p: number },
): Promise<Buffer> {
  return scrypt(passphrase, salt, 32, { ...cost, maxmem: 256 * cost.N * cost.r + 1024 * 1024 });
}
