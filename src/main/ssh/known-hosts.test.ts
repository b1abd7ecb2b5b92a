import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { utils } from 'ssh2';
import { describe, expect, it } from 'vitest';
import { fingerprint } from './host-key';
import { entryName, knownHostKeys } from './known-hosts';

/** A fresh host public key: its known_hosts fields and its fingerprint. */
function hostKey(type: 'ed25519' | 'ecdsa' = 'ed25519') {
  const [keyType, blob] = utils
    .generateKeyPairSync(type, type === 'ecdsa' ? { bits: 256 } : {})
    .public.split(' ') as [string, string];
  return { line: `${keyType} ${blob}`, fp: fingerprint(Buffer.from(blob, 'base64')) };
}

/** Hashed host name exactly as OpenSSH writes it: |1|base64(salt)|base64(HMAC-SHA1(salt, name)). */
function opensshHash(name: string): string {
  const salt = crypto.randomBytes(20); // SHA1's digest length, as ssh-keygen -H uses
  const mac = crypto.createHmac('sha1', salt).update(name).digest();
  return `|1|${salt.toString('base64')}|${mac.toString('base64')}`;
}

const a = hostKey();
const b = hostKey('ecdsa');
const c = hostKey();

describe('knownHostKeys, plain entries', () => {
  it('finds the keys listed for a host on port 22, and nothing for other hosts', () => {
    const text = `10.0.0.5 ${a.line}\n10.0.0.6 ${b.line}\n10.0.0.5 ${b.line} second key\n`;
    expect(knownHostKeys('10.0.0.5', 22, text)).toEqual({
      fingerprints: [a.fp, b.fp],
      revoked: [],
    });
    expect(knownHostKeys('10.0.0.7', 22, text)).toEqual({ fingerprints: [], revoked: [] });
  });

  it('reads comma lists of names', () => {
    const text = `db.example.com,10.0.0.4 ${a.line}`;
    expect(knownHostKeys('db.example.com', 22, text).fingerprints).toEqual([a.fp]);
    expect(knownHostKeys('10.0.0.4', 22, text).fingerprints).toEqual([a.fp]);
    expect(knownHostKeys('example.com', 22, text).fingerprints).toEqual([]);
  });

  it('uses [host]:port off port 22, and only there', () => {
    const text = `[10.0.0.5]:2222 ${a.line}\n10.0.0.5 ${b.line}\n[10.0.0.5]:22 ${c.line}\n`;
    expect(knownHostKeys('10.0.0.5', 2222, text).fingerprints).toEqual([a.fp]);
    // ssh writes port 22 bare; a bracketed :22 entry is never looked up.
    expect(knownHostKeys('10.0.0.5', 22, text).fingerprints).toEqual([b.fp]);
    expect(entryName('[FD00::1]', 2200)).toBe('[fd00::1]:2200');
  });

  it('matches wildcards and negations, without regard to case', () => {
    const text = [
      `*.Example.COM,!bad.example.com ${a.line}`,
      `10.0.0.? ${b.line}`,
      `[*.example.com]:2222 ${c.line}`,
    ].join('\n');
    expect(knownHostKeys('DB.example.com', 22, text).fingerprints).toEqual([a.fp]);
    expect(knownHostKeys('bad.example.com', 22, text).fingerprints).toEqual([]);
    expect(knownHostKeys('10.0.0.9', 22, text).fingerprints).toEqual([b.fp]);
    expect(knownHostKeys('10.0.0.10', 22, text).fingerprints).toEqual([]);
    expect(knownHostKeys('web.example.com', 2222, text).fingerprints).toEqual([c.fp]);
  });

  it('skips comments, blank and malformed lines', () => {
    const mismatchedType = a.line.replace('ssh-ed25519', 'ssh-rsa');
    const text = [
      '# a comment',
      '',
      '   ',
      `#10.0.0.5 ${b.line}`,
      '10.0.0.5',
      '10.0.0.5 ssh-ed25519',
      '10.0.0.5 ssh-ed25519 not*base64',
      '10.0.0.5 ssh-ed25519 AAAA',
      `10.0.0.5 ${mismatchedType}`,
      `@bogus-marker 10.0.0.5 ${b.line}`,
      `   10.0.0.5\t${a.line}   comment with spaces\r`,
      `10.0.0.5 ${a.line}`,
    ].join('\n');
    expect(knownHostKeys('10.0.0.5', 22, text)).toEqual({ fingerprints: [a.fp], revoked: [] });
  });
});

describe('knownHostKeys, hashed entries', () => {
  it('matches names hashed the way OpenSSH hashes them', () => {
    const text = [
      `${opensshHash('10.0.0.5')} ${a.line}`,
      `${opensshHash('[10.0.0.5]:2222')} ${b.line}`,
      `${opensshHash('db.example.com')} ${c.line}`,
    ].join('\n');
    expect(knownHostKeys('10.0.0.5', 22, text).fingerprints).toEqual([a.fp]);
    expect(knownHostKeys('10.0.0.5', 2222, text).fingerprints).toEqual([b.fp]);
    expect(knownHostKeys('DB.example.com', 22, text).fingerprints).toEqual([c.fp]);
    expect(knownHostKeys('10.0.0.6', 22, text).fingerprints).toEqual([]);
  });

  it('ignores a hash of another name, a damaged hash and unknown hash formats', () => {
    const good = opensshHash('10.0.0.5');
    const [, , salt] = good.split('|');
    const text = [
      `${opensshHash('10.0.0.50')} ${a.line}`,
      `|1|${salt}|AAAA ${a.line}`,
      `${good.replace('|1|', '|2|')} ${a.line}`,
      `|1| ${a.line}`,
    ].join('\n');
    expect(knownHostKeys('10.0.0.5', 22, text).fingerprints).toEqual([]);
  });
});

describe('knownHostKeys, markers', () => {
  it('reports @revoked keys and never lists them as trusted', () => {
    const text = [
      `10.0.0.5 ${a.line}`,
      `10.0.0.5 ${b.line}`,
      `@revoked * ${b.line}`,
      `@revoked ${opensshHash('10.0.0.5')} ${c.line}`,
    ].join('\n');
    expect(knownHostKeys('10.0.0.5', 22, text)).toEqual({
      fingerprints: [a.fp],
      revoked: [b.fp, c.fp],
    });
    expect(knownHostKeys('10.0.0.6', 22, text)).toEqual({ fingerprints: [], revoked: [b.fp] });
  });

  it('ignores @cert-authority lines', () => {
    const text = `@cert-authority *.example.com ${a.line}\ndb.example.com ${b.line}`;
    expect(knownHostKeys('db.example.com', 22, text)).toEqual({
      fingerprints: [b.fp],
      revoked: [],
    });
  });
});

const sshKeygen = (() => {
  try {
    execFileSync('ssh-keygen', ['-?'], { stdio: 'ignore' });
    return true;
  } catch (error) {
    // ssh-keygen -? prints its usage and exits 1; only a missing binary is ENOENT.
    return (error as NodeJS.ErrnoException).code !== 'ENOENT';
  }
})();

describe.runIf(sshKeygen)('against files OpenSSH wrote', () => {
  it('reads a known_hosts hashed by ssh-keygen -H, in agreement with ssh-keygen -F and -l', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'drover-known-hosts-'));
    try {
      const file = path.join(dir, 'known_hosts');
      fs.writeFileSync(
        file,
        [
          `10.0.0.5 ${a.line}`,
          `[10.0.0.5]:2222 ${b.line}`,
          `db.example.com,10.0.0.4 ${c.line}`,
          '',
        ].join('\n'),
      );
      execFileSync('ssh-keygen', ['-H', '-f', file], { stdio: 'ignore' });
      const hashed = fs.readFileSync(file, 'utf8');
      expect(hashed).not.toMatch(/10\.0\.0|example/); // every name is hashed now
      expect(hashed.split('\n').filter((l) => l.startsWith('|1|'))).toHaveLength(4);

      for (const [host, port, key] of [
        ['10.0.0.5', 22, a],
        ['10.0.0.5', 2222, b],
        ['db.example.com', 22, c],
        ['10.0.0.4', 22, c],
      ] as const) {
        expect(knownHostKeys(host, port, hashed).fingerprints).toEqual([key.fp]);
        // ssh-keygen's own lookup and fingerprint of the same entry.
        const found = execFileSync(
          'ssh-keygen',
          ['-F', port === 22 ? host : `[${host}]:${port}`, '-f', file, '-l', '-E', 'sha256'],
          { encoding: 'utf8' },
        );
        expect(found).toContain(key.fp);
      }
      expect(knownHostKeys('10.0.0.6', 22, hashed).fingerprints).toEqual([]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
