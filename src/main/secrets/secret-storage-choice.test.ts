// Which secret storage the desktop app uses. Electron cannot run here, so safeStorage is a fake
// with its real surface: availability, the Linux backend it picked, and encrypt/decrypt.
import { afterEach, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../core/core.js';
import { TempDirs } from '../test-support.js';
import {
  chooseSecretStorage,
  KeyFileSecretBox,
  OsSecretBox,
  type SafeStorageLike,
} from './secret-box.js';

const dirs = new TempDirs();
const cores: Core[] = [];
afterEach(() => {
  for (const core of cores.splice(0)) core.close();
  dirs.cleanup();
});

function fakeSafeStorage(available: boolean, backend?: string): SafeStorageLike {
  return {
    isEncryptionAvailable: () => available,
    ...(backend === undefined ? {} : { getSelectedStorageBackend: () => backend }),
    encryptString: (plain) => Buffer.from(plain, 'utf8').reverse(),
    decryptString: (sealed) => Buffer.from(sealed).reverse().toString('utf8'),
  };
}

describe('chooseSecretStorage', () => {
  it('uses the key file on a Linux desktop without a keyring (basic_text, a fixed password)', () => {
    const choice = chooseSecretStorage(fakeSafeStorage(true, 'basic_text'), 'linux');
    expect(choice.osEncryption).toBeUndefined();
    expect(choice.reason).toMatch(/No keyring .*basic_text.*key file readable only by you/);
  });

  it('uses the key file when Linux does not say which backend it picked', () => {
    expect(chooseSecretStorage(fakeSafeStorage(true, 'unknown'), 'linux').osEncryption).toBe(
      undefined,
    );
    expect(chooseSecretStorage(fakeSafeStorage(true), 'linux').osEncryption).toBeUndefined();
  });

  it('uses a real Linux keyring and names it', () => {
    const safe = fakeSafeStorage(true, 'gnome_libsecret');
    const choice = chooseSecretStorage(safe, 'linux');
    expect(choice.osEncryption).toBe(safe);
    expect(choice.reason).toBe('The OS keychain (gnome_libsecret).');
  });

  it('uses the keychain on macOS and Windows, and the key file where encryption is unavailable', () => {
    const safe = fakeSafeStorage(true);
    expect(chooseSecretStorage(safe, 'darwin').osEncryption).toBe(safe);
    expect(chooseSecretStorage(safe, 'win32').osEncryption).toBe(safe);
    expect(chooseSecretStorage(fakeSafeStorage(false), 'darwin').osEncryption).toBeUndefined();
  });

  it('still opens secrets safeStorage sealed under basic_text, and seals new ones in the key file', () => {
    const safe = fakeSafeStorage(true, 'basic_text');
    const before = new OsSecretBox(safe).seal('old password');
    const choice = chooseSecretStorage(safe, 'linux');
    const dataDir = dirs.make();
    const box = new KeyFileSecretBox(dataDir, new OsSecretBox(choice.earlierOsEncryption!));

    expect(box.open(before)).toBe('old password');
    expect(box.seal('new').startsWith('v1:keyfile:')).toBe(true);
    expect(box.open(box.seal('new'))).toBe('new');
  });

  it('reaches Settings through app.info: storage and reason', async () => {
    const choice = chooseSecretStorage(fakeSafeStorage(true, 'basic_text'), 'linux');
    const core = createCore({
      dataDir: dirs.make(),
      shell: 'electron',
      osEncryption: choice.osEncryption,
      secretStorageReason: choice.reason,
    });
    cores.push(core);
    expect(core.info).toMatchObject({
      secretStorage: 'key-file',
      secretStorageReason: choice.reason,
    });
  });
});
