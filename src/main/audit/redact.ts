// Audit details must never carry secrets. Keys that name one are replaced, at any depth.
const SECRET_KEY = /pass(word|phrase)?|secret|token|private.?key|credential/i;

export const REDACTED = '[redacted]';

export function redact(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redact);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, inner]) => [
      key,
      SECRET_KEY.test(key) ? REDACTED : redact(inner),
    ]),
  );
}
