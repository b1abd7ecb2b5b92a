// Secrets at rest (passwords, key passphrases, pasted private keys). On the desktop the OS
// keychain protects them (Electron safeStorage); in web mode and the CLI, a random key in a file
// readable only by the user. Ciphertexts name their scheme, so either shell can tell what it has.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { DroverError } from '../../shared/errors.js';

export interface SecretBox {
  readonly scheme: 'os' | 'keyfile';
  seal(plain: string): string;
  open(sealed: string): string;
}

export const KEY_FILE = 'secrets.key';

/** AES-256-GCM with a 32-byte key kept in <dataDir>/secrets.key (mode 0600). */
export class KeyFileSecretBox implements SecretBox {
  readonly scheme = 'keyfile' as const;
  private readonly key: Buffer;

  /**
   * @param earlier where secrets sealed by safeStorage before the key file took over (Linux
   * without a keyring) are still opened, so hosts keep connecting; new ones go to the key file.
   */
  constructor(
    dataDir: string,
    private readonly earlier?: OsSecretBox,
  ) {
    this.key = loadOrCreateKey(path.join(dataDir, KEY_FILE));
  }

  seal(plain: string): string {
    const iv = crypto.randomBytes(12);
    const cipher = crypto.createCipheriv('aes-256-gcm', this.key, iv);
    const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return ['v1', 'keyfile', iv, cipher.getAuthTag(), body]
      .map((part) => (Buffer.isBuffer(part) ? part.toString('base64') : part))
      .join(':');
  }

  open(sealed: string): string {
    const [version, scheme, iv, tag, body] = sealed.split(':');
    if (scheme === 'os' && this.earlier) return this.earlier.open(sealed);
    if (version !== 'v1' || scheme !== 'keyfile' || !iv || !tag || body === undefined) {
      throw unreadable(
        `it was stored by ${scheme === 'os' ? 'the desktop app (OS keychain)' : 'an unknown scheme'}`,
      );
    }
    try {
      // A fixed tag length: without it GCM accepts a tag cut down to 4 bytes (32-bit forgery).
      const decipher = crypto.createDecipheriv('aes-256-gcm', this.key, Buffer.from(iv, 'base64'), {
        authTagLength: 16,
      });
      decipher.setAuthTag(Buffer.from(tag, 'base64'));
      return Buffer.concat([
        decipher.update(Buffer.from(body, 'base64')),
        decipher.final(),
      ]).toString('utf8');
    } catch {
      throw unreadable('the key file does not match (was secrets.key replaced?)');
    }
  }
}

/** Electron's safeStorage, typed structurally so the core never imports electron. */
export interface OsEncryption {
  encryptString(plain: string): Buffer;
  decryptString(sealed: Buffer): string;
}

/** The part of Electron's safeStorage the choice reads (a fake in tests: Electron can't run). */
export interface SafeStorageLike extends OsEncryption {
  isEncryptionAvailable(): boolean;
  /** Linux only: which secret store Chromium picked, e.g. gnome_libsecret, kwallet, basic_text. */
  getSelectedStorageBackend?(): string;
}

export interface SecretStorageChoice {
  /** Unset: the key file. */
  osEncryption?: OsEncryption;
  /** With the key file: safeStorage still opens what it sealed before (basic_text). */
  earlierOsEncryption?: OsEncryption;
  /** Why, for Settings. */
  reason: string;
}

/**
 * The OS keychain where it really protects secrets. On Linux without a keyring (no Secret
 * Service, no KWallet) safeStorage still says it is available but seals with a fixed, public
 * password ("basic_text"): no better than plain text, so the key file (0600) is used instead.
 */
export function chooseSecretStorage(
  safe: SafeStorageLike,
  platform: NodeJS.Platform = process.platform,
): SecretStorageChoice {
  if (!safe.isEncryptionAvailable()) {
    return { reason: 'The OS keychain is not available to this app.' };
  }
  if (platform !== 'linux') return { osEncryption: safe, reason: 'The OS keychain.' };
  const backend = safe.getSelectedStorageBackend?.() ?? 'unknown';
  if (backend === 'basic_text' || backend === 'unknown') {
    return {
      earlierOsEncryption: safe,
      reason:
        `No keyring was found on this desktop (Electron's backend: ${backend}, a fixed password ` +
        `anyone could use), so a key file readable only by you is used instead.`,
    };
  }
  return { osEncryption: safe, reason: `The OS keychain (${backend}).` };
}

export class OsSecretBox implements SecretBox {
  readonly scheme = 'os' as const;

  constructor(private readonly os: OsEncryption) {}

  seal(plain: string): string {
    return `v1:os:${this.os.encryptString(plain).toString('base64')}`;
  }

  open(sealed: string): string {
    const [version, scheme, body] = sealed.split(':');
    if (version !== 'v1' || scheme !== 'os' || body === undefined) {
      throw unreadable('it was stored by web mode or the CLI (key file)');
    }
    return this.os.decryptString(Buffer.from(body, 'base64'));
  }
}

function loadOrCreateKey(file: string): Buffer {
  try {
    const key = fs.readFileSync(file);
    if (key.length !== 32) throw new DroverError('INTERNAL', `${file} is not a Drover secrets key`);
    return key;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const key = crypto.randomBytes(32);
  // 'wx' fails if another process created it meanwhile; then use theirs.
  try {
    fs.writeFileSync(file, key, { mode: 0o600, flag: 'wx' });
    return key;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return fs.readFileSync(file);
    throw error;
  }
}

function unreadable(why: string): DroverError {
  return new DroverError(
    'UNAVAILABLE',
    `A stored secret cannot be read here: ${why}. Enter it again.`,
  );
}
