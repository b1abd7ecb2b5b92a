import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { EnvironmentRepository } from '../environments/repository.js';
import { KeyFileSecretBox } from '../secrets/secret-box.js';
import { openDatabase, type Database } from '../store/database.js';
import { TempDirs, thrownBy } from '../test-support.js';
import { sshAuth, storeAuth, targetOf, type AuthInput } from './credentials.js';
import { HostRepository } from './repository.js';

const dirs = new TempDirs();
const opened: Database[] = [];

afterEach(() => {
  for (const db of opened.splice(0)) if (db.open) db.close();
  dirs.cleanup();
});

const PRIVATE_KEY = '-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjE=\n-----END';
const HOST_KEY = 'SHA256:hostkeyhostkeyhostkeyhostkeyhostkeyhostkey0';
const JUMP_KEY = 'SHA256:jumpkeyjumpkeyjumpkeyjumpkeyjumpkeyjumpkey0';

function setup() {
  const dataDir = dirs.make();
  const box = new KeyFileSecretBox(dataDir);
  const db = openDatabase(dataDir);
  opened.push(db);
  const environments = new EnvironmentRepository(db);
  const environmentId = environments.create('Lab', '').id;
  const hosts = new HostRepository(db);
  let n = 0;
  /** Stores a host the way the service does, and returns its login as read back from SQLite. */
  const stored = (input: AuthInput, jump: boolean) => {
    const { auth, secret } = storeAuth(input, box);
    n++;
    const host = hosts.insert({
      environmentId,
      name: `node-${n}`,
      address: `10.0.0.${n}`,
      port: 2200 + n,
      user: 'ops',
      auth,
      secret,
      hostKey: HOST_KEY,
      jump: jump
        ? { address: 'bastion.example.com', port: 22, user: 'jumper', hostKey: JUMP_KEY }
        : null,
    });
    return hosts.login(host.id);
  };
  return { box, stored };
}

/** The sealed secret's fields, opened with the box that sealed it. */
function unsealed(box: KeyFileSecretBox, secret: string | null): unknown {
  expect(secret).not.toBeNull();
  return JSON.parse(box.open(secret as string));
}

describe('storeAuth', () => {
  const box = () => new KeyFileSecretBox(dirs.make());

  it('stores an agent login with no secret at all', () => {
    expect(storeAuth({ kind: 'agent' }, box())).toEqual({ auth: { kind: 'agent' }, secret: null });
  });

  it('seals a password and keeps it out of what is stored in clear', () => {
    const b = box();
    const { auth, secret } = storeAuth({ kind: 'password', password: 'S3cr3t!pw' }, b);
    expect(auth).toEqual({ kind: 'password' });
    expect(JSON.stringify(auth)).not.toContain('S3cr3t!pw');
    expect(secret).not.toContain('S3cr3t!pw');
    expect(unsealed(b, secret)).toStrictEqual({ password: 'S3cr3t!pw' });
  });

  it('stores a key file path with no secret when there is no passphrase', () => {
    const { auth, secret } = storeAuth({ kind: 'key', keyPath: '/etc/drover/id_ed25519' }, box());
    expect(auth).toEqual({ kind: 'key', keyPath: '/etc/drover/id_ed25519' });
    expect(secret).toBeNull();
  });

  it('seals only the passphrase of a key file', () => {
    const b = box();
    const { auth, secret } = storeAuth(
      { kind: 'key', keyPath: '/keys/id_rsa', passphrase: 'open sesame' },
      b,
    );
    expect(auth).toEqual({ kind: 'key', keyPath: '/keys/id_rsa' });
    expect(JSON.stringify(auth)).not.toContain('open sesame');
    expect(unsealed(b, secret)).toStrictEqual({ passphrase: 'open sesame' });
  });

  it('seals a pasted private key (and its passphrase) and stores only that there is one', () => {
    const b = box();
    const plain = storeAuth({ kind: 'key', privateKey: PRIVATE_KEY }, b);
    expect(plain.auth).toEqual({ kind: 'key', inlineKey: true });
    expect(unsealed(b, plain.secret)).toStrictEqual({ privateKey: PRIVATE_KEY });

    const withPassphrase = storeAuth({ kind: 'key', privateKey: PRIVATE_KEY, passphrase: 'pp' }, b);
    expect(withPassphrase.auth).toEqual({ kind: 'key', inlineKey: true });
    expect(JSON.stringify(withPassphrase.auth)).not.toContain('BEGIN');
    expect(withPassphrase.secret).not.toContain('BEGIN');
    expect(unsealed(b, withPassphrase.secret)).toStrictEqual({
      privateKey: PRIVATE_KEY,
      passphrase: 'pp',
    });
  });

  it('expands ~ and makes key paths absolute', () => {
    const b = box();
    const keyPath = (input: string) =>
      (storeAuth({ kind: 'key', keyPath: input }, b).auth as { keyPath?: string }).keyPath;
    expect(keyPath('~/.ssh/id_ed25519')).toBe(path.join(os.homedir(), '.ssh', 'id_ed25519'));
    expect(keyPath('~')).toBe(os.homedir());
    expect(keyPath('keys/id_rsa')).toBe(path.join(process.cwd(), 'keys', 'id_rsa'));
    expect(keyPath('/abs/../abs/id')).toBe('/abs/id');
  });
});

describe('targetOf', () => {
  it('rebuilds a password login with its jump host, each with its own pinned key', () => {
    const { box, stored } = setup();
    const login = stored({ kind: 'password', password: 'pw 1' }, true);
    const auth = { kind: 'password', password: 'pw 1' };
    expect(targetOf(login, box)).toStrictEqual({
      address: '10.0.0.1',
      port: 2201,
      user: 'ops',
      auth,
      hostKey: HOST_KEY,
      jump: {
        address: 'bastion.example.com',
        port: 22,
        user: 'jumper',
        auth,
        hostKey: JUMP_KEY,
      },
    });
  });

  it('rebuilds an agent login without a jump host', () => {
    const { box, stored } = setup();
    expect(targetOf(stored({ kind: 'agent' }, false), box)).toStrictEqual({
      address: '10.0.0.1',
      port: 2201,
      user: 'ops',
      auth: { kind: 'agent' },
      hostKey: HOST_KEY,
      jump: undefined,
    });
  });

  it('rebuilds a pasted key with its passphrase', () => {
    const { box, stored } = setup();
    const login = stored({ kind: 'key', privateKey: PRIVATE_KEY, passphrase: 'pp' }, false);
    expect(targetOf(login, box).auth).toStrictEqual({
      kind: 'key',
      privateKey: PRIVATE_KEY,
      passphrase: 'pp',
    });
  });

  it('reads a key file at connect time, with the sealed passphrase', () => {
    const { box, stored } = setup();
    const keyFile = path.join(dirs.make(), 'id_ed25519');
    fs.writeFileSync(keyFile, PRIVATE_KEY, { mode: 0o600 });
    const login = stored({ kind: 'key', keyPath: keyFile, passphrase: 'pp' }, true);
    const target = targetOf(login, box);
    expect(target.auth).toStrictEqual({ kind: 'key', privateKey: PRIVATE_KEY, passphrase: 'pp' });
    expect(target.jump?.auth).toStrictEqual(target.auth);
    expect(target.jump?.hostKey).toBe(JUMP_KEY);

    // A rotated key file is picked up on the next connection.
    fs.writeFileSync(keyFile, 'rotated');
    expect(targetOf(login, box).auth).toMatchObject({ privateKey: 'rotated' });
  });

  it('names a key file that is gone', () => {
    const { box, stored } = setup();
    const keyFile = path.join(dirs.make(), 'id_gone');
    fs.writeFileSync(keyFile, PRIVATE_KEY);
    const login = stored({ kind: 'key', keyPath: keyFile }, false);
    fs.rmSync(keyFile);
    const error = thrownBy(() => targetOf(login, box));
    expect(error.code).toBe('INVALID_ARGUMENT');
    // In words, with the system's code kept in the details.
    expect(error.message).toBe(`The key file ${keyFile} does not exist on this machine`);
    expect(error.details?.cause).toContain('ENOENT');
  });

  it('cannot unseal a secret with another data folder’s key', () => {
    const { stored } = setup();
    const login = stored({ kind: 'password', password: 'pw' }, false);
    const error = thrownBy(() => targetOf(login, new KeyFileSecretBox(dirs.make())));
    expect(error.code).toBe('UNAVAILABLE');
  });
});

describe('sshAuth', () => {
  it('reads a key file before anything is stored, and names it when missing', () => {
    const keyFile = path.join(dirs.make(), 'id');
    fs.writeFileSync(keyFile, PRIVATE_KEY);
    expect(sshAuth({ kind: 'key', keyPath: keyFile, passphrase: 'pp' })).toStrictEqual({
      kind: 'key',
      privateKey: PRIVATE_KEY,
      passphrase: 'pp',
    });
    const missing = path.join(path.dirname(keyFile), 'nope');
    const error = thrownBy(() => sshAuth({ kind: 'key', keyPath: missing }));
    expect(error.code).toBe('INVALID_ARGUMENT');
    expect(error.message).toContain(missing);
  });
});
