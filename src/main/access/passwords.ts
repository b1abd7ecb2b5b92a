// Password hashing for local accounts: Argon2id (the Password Hashing Competition's winner, as
// RFC 9106 and OWASP recommend) through @node-rs/argon2, a maintained Rust binding that ships
// prebuilt binaries for Linux, macOS and Windows (nothing is compiled at install). Hashes are
// stored in the PHC string format, which names the algorithm and its parameters.
// Earlier versions hashed with node's scrypt ("scrypt$N$r$p$salt$hash"); those still verify and
// are replaced by an Argon2id hash at the user's next successful login (see needsRehash).
import crypto from 'node:crypto';
import { promisify } from 'node:util';
import { hash as argon2Hash, verify as argon2Verify } from '@node-rs/argon2';

export const MIN_PASSWORD_LENGTH = 12;

/** The package's `Algorithm.Argon2id`: a const enum, which isolated modules cannot import. */
const ARGON2ID = 2;

/** Argon2id's cost: memory in KiB, passes over it, lanes. */
export interface PasswordCost {
  memoryCost: number;
  timeCost: number;
  parallelism: number;
}

/** RFC 9106's second recommended option, with one lane: 64 MiB, 3 passes (~0.1 s). */
export const DEFAULT_COST: PasswordCost = { memoryCost: 65_536, timeCost: 3, parallelism: 1 };
/** For tests only, where each hash would otherwise cost 0.1 s and 64 MiB. */
export const TEST_COST: PasswordCost = { memoryCost: 1_024, timeCost: 1, parallelism: 1 };

export async function hashPassword(
  password: string,
  cost: PasswordCost = DEFAULT_COST,
): Promise<string> {
  if (password.length < MIN_PASSWORD_LENGTH) {
    throw new RangeError(`A password needs at least ${MIN_PASSWORD_LENGTH} characters`);
  }
  return argon2Hash(password, { algorithm: ARGON2ID, ...cost });
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  if (stored.startsWith('$argon2id$')) {
    try {
      return await argon2Verify(stored, password);
    } catch {
      return false; // a malformed stored hash proves nothing
    }
  }
  if (stored.startsWith('scrypt$')) return verifyScrypt(password, stored);
  return false;
}

/** Whether a hash that just verified should be replaced: another scheme, or a lower cost. */
export function needsRehash(stored: string, cost: PasswordCost = DEFAULT_COST): boolean {
  const match = /^\$argon2id\$v=19\$m=(\d+),t=(\d+),p=(\d+)\$/.exec(stored);
  if (!match) return true;
  return Number(match[1]) < cost.memoryCost || Number(match[2]) < cost.timeCost;
}

// The scheme of earlier versions, kept to verify their hashes until each is replaced.

const scrypt = promisify(crypto.scrypt) as (
  password: crypto.BinaryLike,
  salt: crypto.BinaryLike,
  keylen: number,
  options: crypto.ScryptOptions,
) => Promise<Buffer>;

const SCRYPT_MAX_MEMORY = 256 * 1024 * 1024;

async function verifyScrypt(password: string, stored: string): Promise<boolean> {
  const [, n, r, p, salt, hash] = stored.split('$');
  if (!salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64url');
  try {
    const key = await scrypt(password, Buffer.from(salt, 'base64url'), expected.length, {
      N: Number(n),
      r: Number(r),
      p: Number(p),
      maxmem: SCRYPT_MAX_MEMORY,
    });
    return key.length === expected.length && crypto.timingSafeEqual(key, expected);
  } catch {
    return false; // parameters scrypt refuses
  }
}
