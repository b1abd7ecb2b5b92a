// Audit details must never carry secrets. Keys that name one are replaced, at any depth.
const SECRET_KEY =
  /pass(word|phrase)?|secret|token|private.?key|api.?key|access.?key|credential|authorization|cookie/i;

export const REDACTED = '[redacted]';
const CIRCULAR = '[circular]';

export function redact(value: unknown, seen = new WeakSet<object>()): unknown {
  if (typeof value !== 'object' || value === null) return value;
  // Arguments from a renderer can refer to themselves; an audit record must still be written.
  if (seen.has(value)) return CIRCULAR;
  seen.add(value);
  if (Array.isArray(value)) return value.map((item) => redact(item, seen));
  return Object.fromEntries(
    Object.entries(value).map(([key, inner]) => [
      key,
      SECRET_KEY.test(key) ? REDACTED : redact(inner, seen),
    ]),
  );
}
