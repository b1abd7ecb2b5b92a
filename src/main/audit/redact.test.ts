import { describe, expect, it } from 'vitest';
import { REDACTED, documentDigest, redact } from './redact.js';

describe('redact', () => {
  it.each([
    'password',
    'Password',
    'sshPassword',
    'passphrase',
    'keyPassphrase',
    'pass',
    'privateKey',
    'private_key',
    'PRIVATE-KEY',
    'token',
    'joinToken',
    'secret',
    'clientSecret',
    'credentials',
  ])('replaces the value of %s', (key) => {
    expect(redact({ [key]: 'hunter2' })).toEqual({ [key]: REDACTED });
  });

  it('replaces a secret-named object whole, and finds secrets at any depth and in arrays', () => {
    const details = {
      name: 'node-1',
      credentials: { user: 'root', key: 'abc' },
      identity: { kind: 'key-file', path: '/home/ops/.ssh/id_ed25519', passphrase: 'pp' },
      hosts: [
        { address: '10.0.0.1', password: 'a' },
        { address: '10.0.0.2', auth: [{ token: 'b' }] },
      ],
    };

    expect(redact(details)).toEqual({
      name: 'node-1',
      credentials: REDACTED,
      identity: { kind: 'key-file', path: '/home/ops/.ssh/id_ed25519', passphrase: REDACTED },
      hosts: [
        { address: '10.0.0.1', password: REDACTED },
        { address: '10.0.0.2', auth: [{ token: REDACTED }] },
      ],
    });
  });

  it('keeps ordinary fields, primitives and null as they are', () => {
    const details = { id: 3, name: 'Ops', user: 'deploy', port: 22, labels: { tier: 'web' } };
    expect(redact(details)).toEqual(details);
    expect(redact('text')).toBe('text');
    expect(redact(7)).toBe(7);
    expect(redact(null)).toBeNull();
    expect(redact(undefined)).toBeUndefined();
  });

  it('does not modify its input', () => {
    const details = { name: 'Ops', ssh: { password: 'hunter2' } };
    redact(details);
    expect(details.ssh.password).toBe('hunter2');
  });

  it('redacts API keys, access keys, authorization headers and cookies', () => {
    const details = { apiKey: 'a', accessKey: 'b', headers: { Authorization: 'c', Cookie: 'd' } };
    expect(redact(details)).toEqual({
      apiKey: REDACTED,
      accessKey: REDACTED,
      headers: { Authorization: REDACTED, Cookie: REDACTED },
    });
  });

  it('survives objects that refer to themselves', () => {
    const details: Record<string, unknown> = { name: 'Ops', password: 'x' };
    details.self = details;
    expect(redact(details)).toEqual({ name: 'Ops', password: REDACTED, self: '[circular]' });
  });

  it('records a compose document by digest and variables by name only', () => {
    const compose = 'services:\n  db:\n    environment:\n      MYSQL_ROOT_PASSWORD: hunter2\n';
    const details = redact({ name: 'blog', compose, env: { DB_PASS: 'hunter2', TAG: 'v1' } });
    expect(JSON.stringify(details)).not.toContain('hunter2');
    expect(details).toEqual({
      name: 'blog',
      compose: documentDigest(compose),
      env: { DB_PASS: REDACTED, TAG: REDACTED },
    });
    expect(documentDigest(compose)).not.toBe(documentDigest(compose + ' '));
  });
});
