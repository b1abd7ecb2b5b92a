import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { sha256File, TempDirs, thrownBy } from '../test-support.js';
import { KEY_FILE, KeyFileSecretBox, OsSecretBox, type OsEncryption } from './secret-box.js';

const dirs = new TempDirs();
afterEach(() => dirs.cleanup());

/** Flips one bit of one base64 part of a sealed value (`v1:keyfile:iv:tag:body`). */
function tamper(sealed: string, index: 2 | 3 | 4): string {
  const parts = sealed.split(':');
  const bytes = Buffer.from(parts[index] ?? '', 'base64');
  bytes[0] = (bytes[0] ?? 0) ^ 0x01;
  parts[index] = bytes.toString('base64');
  return parts.join(':');
}

/** A stand-in for Electron's safeStorage: XOR with a fixed byte, so the output is not the input. */
const xorEncryption: OsEncryption = {
  encryptString: (plain) => Buffer.from(Buffer.from(plain, 'utf8').map((b) => b ^ 0x5a)),
  decryptString: (sealed) => Buffer.from(sealed.map((b) => b ^ 0x5a)).toString('utf8'),
};

const secrets = ['hunter2', '', 'pässwörd 🔑 with: colons', '-----BEGIN KEY-----\nabc\n-----END'];

describe('KeyFileSecretBox', () => {
  it('opens what it sealed, for any text', () => {
    const box = new KeyFileSecretBox(dirs.make());
    for (const secret of secrets) expect(box.open(box.seal(secret))).toBe(secret);
  });

  it('creates secrets.key in a new data folder: 32 bytes, readable only by the user', () => {
    const dataDir = dirs.make();
    const box = new KeyFileSecretBox(dataDir);
    box.seal('x');
    const file = path.join(dataDir, KEY_FILE);
    expect(fs.readFileSync(file)).toHaveLength(32);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
  });

  it('shares one key between boxes on the same folder (CLI and web server read each other)', () => {
    const dataDir = dirs.make();
    const first = new KeyFileSecretBox(dataDir);
    const keyBefore = sha256File(path.join(dataDir, KEY_FILE));
    const second = new KeyFileSecretBox(dataDir);
    expect(sha256File(path.join(dataDir, KEY_FILE))).toBe(keyBefore);
    expect(second.open(first.seal('from the first'))).toBe('from the first');
    expect(first.open(second.seal('from the second'))).toBe('from the second');
  });

  it('keeps the plain text out of the sealed text, and seals differently each time', () => {
    const box = new KeyFileSecretBox(dirs.make());
    const plain = 'correct horse battery staple';
    const a = box.seal(plain);
    const b = box.seal(plain);
    expect(a).toMatch(/^v1:keyfile:/);
    for (const sealed of [a, b]) {
      expect(sealed).not.toContain(plain);
      expect(sealed).not.toContain(Buffer.from(plain).toString('base64'));
    }
    expect(a).not.toBe(b);
    expect(a.split(':')[2]).not.toBe(b.split(':')[2]); // a fresh IV each time
  });

  it.each([
    ['iv', 2],
    ['tag', 3],
    ['body', 4],
  ] as const)(
    'refuses a value whose %s was tampered with, asking to enter it again',
    (_, index) => {
      const box = new KeyFileSecretBox(dirs.make());
      const sealed = box.seal('the real password');
      const error = thrownBy(() => box.open(tamper(sealed, index)));
      expect(error.code).toBe('UNAVAILABLE');
      expect(error.message).toMatch(/Enter it again/);
      expect(error.message).not.toContain('the real password');
    },
  );

  it('refuses a truncated tag or a cut-off value', () => {
    const box = new KeyFileSecretBox(dirs.make());
    const sealed = box.seal('secret');
    const [v, s, iv, tag, body] = sealed.split(':') as [string, string, string, string, string];
    const short = [v, s, iv, Buffer.from(tag, 'base64').subarray(0, 4).toString('base64'), body];
    for (const bad of [short.join(':'), [v, s, iv, tag].join(':'), `${v}:${s}:${iv}`]) {
      const error = thrownBy(() => box.open(bad));
      expect(error.code).toBe('UNAVAILABLE');
      expect(error.message).toMatch(/Enter it again/);
    }
  });

  it('refuses secrets sealed before secrets.key was replaced', () => {
    const dataDir = dirs.make();
    const sealed = new KeyFileSecretBox(dataDir).seal('old secret');
    fs.writeFileSync(path.join(dataDir, KEY_FILE), crypto.randomBytes(32), { mode: 0o600 });
    const error = thrownBy(() => new KeyFileSecretBox(dataDir).open(sealed));
    expect(error.code).toBe('UNAVAILABLE');
    expect(error.message).toMatch(/key file does not match/);
    expect(error.message).toMatch(/Enter it again/);
  });

  it('explains that a value sealed by the desktop app (OS keychain) cannot be read here', () => {
    const sealed = new OsSecretBox(xorEncryption).seal('desktop secret');
    const error = thrownBy(() => new KeyFileSecretBox(dirs.make()).open(sealed));
    expect(error.code).toBe('UNAVAILABLE');
    expect(error.message).toMatch(/stored by the desktop app/);
    expect(error.message).toMatch(/Enter it again/);
  });

  it('refuses a value of an unknown scheme or version', () => {
    const box = new KeyFileSecretBox(dirs.make());
    const sealed = box.seal('x');
    for (const bad of ['plain text', sealed.replace(/^v1:/, 'v2:'), 'v1:vault:a:b:c']) {
      const error = thrownBy(() => box.open(bad));
      expect(error.code).toBe('UNAVAILABLE');
      expect(error.message).toMatch(/unknown scheme/);
    }
  });

  it.each([16, 33, 0])('refuses a secrets.key of %i bytes and leaves it alone', (length) => {
    const dataDir = dirs.make();
    const file = path.join(dataDir, KEY_FILE);
    fs.writeFileSync(file, crypto.randomBytes(length), { mode: 0o600 });
    const before = sha256File(file);
    const error = thrownBy(() => new KeyFileSecretBox(dataDir));
    expect(error.message).toContain(file);
    expect(error.message).toMatch(/not a Drover secrets key/);
    expect(sha256File(file)).toBe(before);
  });
});

describe('OsSecretBox', () => {
  it('opens what it sealed, through the OS encryption', () => {
    const box = new OsSecretBox(xorEncryption);
    for (const secret of secrets) {
      const sealed = box.seal(secret);
      expect(sealed).toMatch(/^v1:os:/);
      if (secret) expect(sealed).not.toContain(secret);
      expect(box.open(sealed)).toBe(secret);
    }
  });

  it('uses the OS encryption both ways (another keychain cannot read it)', () => {
    const sealed = new OsSecretBox(xorEncryption).seal('mine');
    const other: OsEncryption = {
      encryptString: (plain) => Buffer.from(plain),
      decryptString: (buffer) => buffer.toString('utf8'),
    };
    expect(new OsSecretBox(other).open(sealed)).not.toBe('mine');
  });

  it('explains that a value sealed by web mode or the CLI (key file) cannot be read here', () => {
    const sealed = new KeyFileSecretBox(dirs.make()).seal('web secret');
    const error = thrownBy(() => new OsSecretBox(xorEncryption).open(sealed));
    expect(error.code).toBe('UNAVAILABLE');
    expect(error.message).toMatch(/web mode or the CLI \(key file\)/);
    expect(error.message).toMatch(/Enter it again/);
  });
});
