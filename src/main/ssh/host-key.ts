import crypto from 'node:crypto';

/** OpenSSH's SHA256 fingerprint of a raw host key, as `ssh-keygen -lf` prints it. */
export function fingerprint(key: Buffer): string {
  return 'SHA256:' + crypto.createHash('sha256').update(key).digest('base64').replace(/=+$/, '');
}
