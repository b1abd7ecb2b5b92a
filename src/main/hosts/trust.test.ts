import fs from 'node:fs';
import path from 'node:path';
import { utils } from 'ssh2';
import { afterEach, describe, expect, it } from 'vitest';
import { fingerprint } from '../ssh/host-key.js';
import { SshConnectError } from '../ssh/connect.js';
import type { SshTarget } from '../ssh/target.js';
import { TempDirs } from '../test-support.js';
import { decideTrust, knownHostsVerdict } from './trust.js';

const dirs = new TempDirs();
afterEach(() => dirs.cleanup());

/** A fresh ed25519 host key: its known_hosts fields (`type blob`) and its fingerprint. */
function hostKey() {
  const [keyType, blob] = utils.generateKeyPairSync('ed25519').public.split(' ') as [
    string,
    string,
  ];
  return { line: `${keyType} ${blob}`, fp: fingerprint(Buffer.from(blob, 'base64')) };
}

const a = hostKey();
const b = hostKey();

function knownHosts(...lines: string[]): string {
  const file = path.join(dirs.make(), 'known_hosts');
  fs.writeFileSync(file, lines.join('\n') + '\n');
  return file;
}

const target = (port = 22): SshTarget => ({
  address: '10.0.0.5',
  port,
  user: 'ops',
  auth: { kind: 'agent' },
});

function refusal(fn: () => unknown): SshConnectError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(SshConnectError);
    const refused = error as SshConnectError;
    expect(refused.kind).toBe('host-key-mismatch');
    expect(refused.code).toBe('FORBIDDEN');
    return refused;
  }
  throw new Error('expected the key to be refused');
}

describe('knownHostsVerdict', () => {
  it('tells match, mismatch, revoked and unknown apart', () => {
    const file = knownHosts(`10.0.0.5 ${a.line}`, `10.0.0.6 ${b.line}`);
    expect(knownHostsVerdict({ address: '10.0.0.5', port: 22 }, a.fp, file)).toBe('match');
    expect(knownHostsVerdict({ address: '10.0.0.5', port: 22 }, b.fp, file)).toBe('mismatch');
    expect(knownHostsVerdict({ address: '10.0.0.7', port: 22 }, a.fp, file)).toBe('unknown');
    const revoked = knownHosts(`@revoked 10.0.0.5 ${a.line}`);
    expect(knownHostsVerdict({ address: '10.0.0.5', port: 22 }, a.fp, revoked)).toBe('revoked');
  });

  it('treats a missing known_hosts as knowing nothing', () => {
    const file = path.join(dirs.make(), 'absent');
    expect(knownHostsVerdict({ address: '10.0.0.5', port: 22 }, a.fp, file)).toBe('unknown');
  });

  it('looks up [host]:port off port 22, and not the bare name', () => {
    const file = knownHosts(`[10.0.0.5]:2222 ${a.line}`, `10.0.0.5 ${b.line}`);
    expect(knownHostsVerdict({ address: '10.0.0.5', port: 2222 }, a.fp, file)).toBe('match');
    expect(knownHostsVerdict({ address: '10.0.0.5', port: 2222 }, b.fp, file)).toBe('mismatch');
    expect(knownHostsVerdict({ address: '10.0.0.5', port: 22 }, a.fp, file)).toBe('mismatch');
    const bareOnly = knownHosts(`10.0.0.5 ${a.line}`);
    expect(knownHostsVerdict({ address: '10.0.0.5', port: 2222 }, a.fp, bareOnly)).toBe('unknown');
  });
});

describe('decideTrust', () => {
  const empty = () => knownHosts('# nothing here');

  it('pins the key the user accepted when the host offers it', () => {
    expect(
      decideTrust(target(), a.fp, {
        accepted: a.fp,
        trustOnFirstUse: false,
        knownHostsFile: empty(),
      }),
    ).toBe(a.fp);
  });

  it('refuses another key than the accepted one, naming both, even with trust on first use', () => {
    const error = refusal(() =>
      decideTrust(target(), b.fp, {
        accepted: a.fp,
        trustOnFirstUse: true,
        knownHostsFile: knownHosts(`10.0.0.5 ${b.line}`),
      }),
    );
    expect(error.message).toContain(a.fp);
    expect(error.message).toContain(b.fp);
    expect(error.message).toContain('ops@10.0.0.5');
    expect(error.offeredKey).toBe(b.fp);
    expect(error.details).toEqual({ reason: 'host-key-changed', offeredHostKey: b.fp });
  });

  it("trusts a key the user's known_hosts already lists, without any flag", () => {
    const file = knownHosts(`10.0.0.5 ${a.line}`);
    expect(decideTrust(target(), a.fp, { trustOnFirstUse: false, knownHostsFile: file })).toBe(
      a.fp,
    );
  });

  it('refuses a key that differs from known_hosts, even with trust on first use', () => {
    const file = knownHosts(`10.0.0.5 ${a.line}`);
    const error = refusal(() =>
      decideTrust(target(), b.fp, { trustOnFirstUse: true, knownHostsFile: file }),
    );
    expect(error.message).toContain(b.fp);
    expect(error.message).toMatch(/differs from the key in ~\/\.ssh\/known_hosts/);
    expect(error.details).toEqual({ reason: 'host-key-changed', offeredHostKey: b.fp });
  });

  it('refuses a @revoked key, even with trust on first use', () => {
    const file = knownHosts(`@revoked 10.0.0.5 ${a.line}`);
    const error = refusal(() =>
      decideTrust(target(), a.fp, { trustOnFirstUse: true, knownHostsFile: file }),
    );
    expect(error.message).toMatch(/@revoked/);
    expect(error.message).toContain(a.fp);
    expect(error.details).toEqual({ reason: 'host-key-revoked', offeredHostKey: a.fp });
  });

  it('refuses a @revoked key even when the user accepted it', () => {
    const file = knownHosts(`@revoked 10.0.0.5 ${a.line}`);
    const error = refusal(() =>
      decideTrust(target(), a.fp, { accepted: a.fp, trustOnFirstUse: true, knownHostsFile: file }),
    );
    expect(error.message).toMatch(/@revoked/);
  });

  it('trusts an unknown host on first use only when asked', () => {
    expect(decideTrust(target(), a.fp, { trustOnFirstUse: true, knownHostsFile: empty() })).toBe(
      a.fp,
    );
  });

  it('refuses an unknown host otherwise, showing the fingerprint and how to check it', () => {
    const error = refusal(() =>
      decideTrust(target(), a.fp, { trustOnFirstUse: false, knownHostsFile: empty() }),
    );
    expect(error.message).toContain(a.fp);
    expect(error.message).toMatch(/not known yet/);
    expect(error.message).toContain('ssh-keygen -lf');
    expect(error.offeredKey).toBe(a.fp);
    expect(error.details).toEqual({ reason: 'host-key-unknown', offeredHostKey: a.fp });
  });

  it('uses the [host]:port entry for a host on another port', () => {
    const file = knownHosts(`[10.0.0.5]:2222 ${a.line}`, `10.0.0.5 ${b.line}`);
    expect(decideTrust(target(2222), a.fp, { trustOnFirstUse: false, knownHostsFile: file })).toBe(
      a.fp,
    );
    const error = refusal(() =>
      decideTrust(target(2222), b.fp, { trustOnFirstUse: true, knownHostsFile: file }),
    );
    expect(error.message).toContain('ops@10.0.0.5:2222');
    expect(error.message).toMatch(/differs/);
  });
});
