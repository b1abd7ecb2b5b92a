// Whose host key to believe: the fingerprint the user accepted, else ~/.ssh/known_hosts, else
// (only when asked) trust on first use. Anything else is refused with the fingerprint shown.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SshConnectError } from '../ssh/connect.js';
import { knownHostKeys } from '../ssh/known-hosts.js';
import { describeTarget, type SshTarget } from '../ssh/target.js';
import type { HostProbe } from '../../shared/types.js';

export interface TrustPolicy {
  accepted?: string;
  trustOnFirstUse: boolean;
  knownHostsFile?: string;
}

export const defaultKnownHosts = () => path.join(os.homedir(), '.ssh', 'known_hosts');

export function knownHostsVerdict(
  target: Pick<SshTarget, 'address' | 'port'>,
  fingerprint: string,
  file = defaultKnownHosts(),
): HostProbe['knownHosts'] {
  let text = '';
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    return 'unknown';
  }
  const known = knownHostKeys(target.address, target.port, text);
  if (known.revoked.includes(fingerprint)) return 'revoked';
  if (known.fingerprints.includes(fingerprint)) return 'match';
  return known.fingerprints.length > 0 ? 'mismatch' : 'unknown';
}

/** Returns the fingerprint to pin, or throws the refusal a user can act on. */
export function decideTrust(target: SshTarget, offered: string, policy: TrustPolicy): string {
  const who = describeTarget(target);
  const verdict = knownHostsVerdict(target, offered, policy.knownHostsFile);
  // A revoked key is refused even when accepted: as ssh does, and as the known_hosts reader promises.
  if (verdict === 'revoked') {
    throw new SshConnectError(
      'host-key-mismatch',
      `${who} offered a key marked @revoked in known_hosts (${offered})`,
      offered,
      'host-key-revoked',
    );
  }
  if (policy.accepted) {
    if (policy.accepted === offered) return offered;
    throw new SshConnectError(
      'host-key-mismatch',
      `${who} offered the key ${offered}, not the accepted ${policy.accepted}. Nothing was changed.`,
      offered,
    );
  }
  if (verdict === 'match') return offered;
  if (verdict === 'mismatch') {
    throw new SshConnectError(
      'host-key-mismatch',
      `${who} offered ${offered}, which differs from the key in ~/.ssh/known_hosts. Nothing was changed.`,
      offered,
    );
  }
  if (policy.trustOnFirstUse) return offered;
  throw new SshConnectError(
    'host-key-mismatch',
    `${who} is not known yet. Its host key fingerprint is ${offered}; check it on the host ` +
      `(ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub) and accept it, or trust on first use.`,
    offered,
    'host-key-unknown',
  );
}
