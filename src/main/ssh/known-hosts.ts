// Reads OpenSSH known_hosts text: the host keys the user's own ssh already trusts (or has revoked)
// for a host, so Drover can pin the same key instead of asking for a leap of faith again.
import crypto from 'node:crypto';
import { fingerprint } from './host-key.js';
import { wildcardMatch } from './ssh-config-syntax.js';

export interface KnownHostKeys {
  /** SHA256 fingerprints trusted for the host; a revoked key is never listed here. */
  fingerprints: string[];
  /** Keys marked @revoked for the host: refuse them even if pinned. */
  revoked: string[];
}

export function knownHostKeys(host: string, port: number, text: string): KnownHostKeys {
  const name = entryName(host, port);
  const trusted = new Set<string>();
  const revoked = new Set<string>();
  for (const line of text.split(/\r?\n/)) {
    const fields = line.trim().split(/\s+/);
    if (!fields[0] || fields[0].startsWith('#')) continue;
    const marker = fields[0].startsWith('@') ? fields.shift() : undefined;
    // @cert-authority keys sign host certificates, which Drover does not check; any other marker
    // is unknown, and ssh skips those lines too.
    if (marker !== undefined && marker !== '@revoked') continue;
    const [names, keyType, blob] = fields;
    if (!names || !keyType || !blob) continue;
    const key = decodeKey(keyType, blob);
    if (!key || !namesMatch(name, names)) continue;
    (marker ? revoked : trusted).add(fingerprint(key));
  }
  return {
    fingerprints: [...trusted].filter((fp) => !revoked.has(fp)),
    revoked: [...revoked],
  };
}

/** How ssh names a host in known_hosts: `host`, or `[host]:port` off port 22. */
export function entryName(host: string, port: number): string {
  const bare = host.replace(/^\[(.*)\]$/, '$1').toLowerCase();
  return port === 22 ? bare : `[${bare}]:${port}`;
}

/** `|1|salt|hash`: HMAC-SHA1 of the entry name keyed with the salt, both base64 (ssh-keygen -H). */
export function hashEntryName(name: string, salt = crypto.randomBytes(20)): string {
  const hash = crypto.createHmac('sha1', salt).update(name).digest('base64');
  return `|1|${salt.toString('base64')}|${hash}`;
}

function namesMatch(name: string, names: string): boolean {
  if (names.startsWith('|')) {
    // A hashed entry stands alone on its line; only format 1 exists.
    const [, format, salt] = names.split('|');
    return format === '1' && !!salt && hashEntryName(name, Buffer.from(salt, 'base64')) === names;
  }
  let matched = false;
  for (const pattern of names.split(',')) {
    const negated = pattern.startsWith('!');
    if (wildcardMatch(name, (negated ? pattern.slice(1) : pattern).toLowerCase())) {
      if (negated) return false;
      matched = true;
    }
  }
  return matched;
}

/** The key blob, if it is well-formed base64 whose embedded type is the line's key type. */
function decodeKey(keyType: string, blob: string): Buffer | undefined {
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(blob)) return undefined;
  const key = Buffer.from(blob, 'base64');
  if (key.length < 4) return undefined;
  const typeLength = key.readUInt32BE(0);
  if (4 + typeLength > key.length) return undefined;
  return key.subarray(4, 4 + typeLength).toString('latin1') === keyType ? key : undefined;
}
