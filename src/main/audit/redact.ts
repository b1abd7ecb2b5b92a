// Audit details must never carry secrets. Keys that name one are replaced, at any depth.
// Documents that may embed secrets (a compose file with passwords in its environment) are
// recorded by digest, and variables by name only: the stack's history keeps the documents.
import crypto from 'node:crypto';

const SECRET_KEY =
  /pass(word|phrase)?|secret|token|private.?key|api.?key|access.?key|credential|authorization|cookie/i;
const DOCUMENT_KEY = /^compose$/i;
const VARIABLES_KEY = /^env$/i;

export const REDACTED = '[redacted]';
const CIRCULAR = '[circular]';

/** What the audit log keeps of a document: enough to tell versions apart, nothing inside. */
export function documentDigest(text: string): string {
  const hash = crypto.createHash('sha256').update(text).digest('hex').slice(0, 16);
  return `[document sha256:${hash}, ${Buffer.byteLength(text)} bytes]`;
}

export function redact(value: unknown, seen = new WeakSet<object>()): unknown {
  if (typeof value !== 'object' || value === null) return value;
  // Arguments from a renderer can refer to themselves; an audit record must still be written.
  if (seen.has(value)) return CIRCULAR;
  seen.add(value);
  if (Array.isArray(value)) return value.map((item) => redact(item, seen));
  return Object.fromEntries(
    Object.entries(value).map(([key, inner]) => [key, redactEntry(key, inner, seen)]),
  );
}

function redactEntry(key: string, value: unknown, seen: WeakSet<object>): unknown {
  if (SECRET_KEY.test(key)) return REDACTED;
  if (DOCUMENT_KEY.test(key) && typeof value === 'string') return documentDigest(value);
  if (
    VARIABLES_KEY.test(key) &&
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value)
  ) {
    return Object.fromEntries(Object.keys(value).map((name) => [name, REDACTED]));
  }
  return redact(value, seen);
}
