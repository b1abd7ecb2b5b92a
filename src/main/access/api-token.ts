// API tokens: `drv_` + 32 random bytes (base64url), shown once; only their SHA-256 digest is
// kept. A digest without salt is enough here: the token is 256 random bits, not a password.
import crypto from 'node:crypto';

export const TOKEN_PREFIX = 'drv_';
const TOKEN_SHAPE = /^drv_[A-Za-z0-9_-]{43}$/;

export function newApiToken(): string {
  return TOKEN_PREFIX + crypto.randomBytes(32).toString('base64url');
}

export function tokenDigest(token: string): string {
  return crypto.createHash('sha256').update(token).digest('hex');
}

export const looksLikeApiToken = (value: string): boolean => TOKEN_SHAPE.test(value);

/** `30d`, `12h`, `90m` from now; throws on anything else. */
export function expiryFrom(text: string, now: Date): Date {
  const match = /^(\d{1,5})([dhm])$/.exec(text);
  if (!match)
    throw new RangeError('Give the expiry as a number of days, hours or minutes: 30d, 12h, 90m');
  const unit = { d: 86_400_000, h: 3_600_000, m: 60_000 }[match[2] as 'd' | 'h' | 'm'];
  return new Date(now.getTime() + Number(match[1]) * unit);
}
