// Audit rows stay small whatever a caller sends: a refused call's raw arguments can be megabytes
// (20 refused calls of 3 MiB once grew the database by 63 MB).
import crypto from 'node:crypto';

/** At most this many bytes of details JSON per row. */
export const MAX_DETAILS_BYTES = 4096;

/** Details as stored: the JSON object, or a stand-in naming its size and digest. */
export function boundedDetails(details: unknown): string {
  const value = asObject(details);
  let json: string;
  try {
    json = JSON.stringify(value) ?? '{}';
  } catch {
    return JSON.stringify({ unserializable: true });
  }
  if (json.length <= MAX_DETAILS_BYTES) return json;
  const bytes = Buffer.byteLength(json);
  const sha256 = crypto.createHash('sha256').update(json).digest('hex').slice(0, 16);
  // The top-level keys say what was asked without the bulk.
  const keys = Object.keys(value)
    .slice(0, 32)
    .map((k) => boundedText(k, 64));
  return JSON.stringify({ truncated: true, bytes, sha256, keys });
}

/** Details are an object; raw arguments of a refused call may be anything. */
function asObject(value: unknown): Record<string, unknown> {
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
    return value as Record<string, unknown>;
  }
  return value === undefined ? {} : { value };
}

export function boundedText(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
