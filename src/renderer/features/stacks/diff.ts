// Comparing two compose documents without the core: a unified diff of the text and a change
// list per top-level object. Used for rollback previews.
import { parse } from 'yaml';
import { valueChanges } from '../../../shared/plan-values';
import type { StackPlan, StackPlanChange, StackPlanKind } from '../../../shared/types';

const KINDS: [StackPlanKind, string][] = [
  ['service', 'services'],
  ['network', 'networks'],
  ['volume', 'volumes'],
  ['config', 'configs'],
  ['secret', 'secrets'],
];

function objects(text: string): Record<string, Record<string, unknown>> {
  let doc: unknown;
  try {
    doc = parse(text);
  } catch {
    doc = null;
  }
  const root = (doc && typeof doc === 'object' ? doc : {}) as Record<string, unknown>;
  const out: Record<string, Record<string, unknown>> = {};
  for (const [, key] of KINDS) {
    const section = root[key];
    out[key] = section && typeof section === 'object' ? (section as Record<string, unknown>) : {};
  }
  return out;
}

/** Compose keys are already words; "deploy" and friends say what they hold. */
const composeLabel = (key: string) => key.replace(/_/g, ' ');

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** Created, updated (with the fields that differ), removed and unchanged objects. */
export function localChanges(before: string, after: string): StackPlanChange[] {
  const a = objects(before);
  const b = objects(after);
  const changes: StackPlanChange[] = [];
  for (const [kind, key] of KINDS) {
    const old = a[key] ?? {};
    const now = b[key] ?? {};
    for (const name of new Set([...Object.keys(old), ...Object.keys(now)])) {
      if (!(name in old)) changes.push({ kind, name, action: 'create', fields: [], values: [] });
      else if (!(name in now))
        changes.push({ kind, name, action: 'remove', fields: [], values: [] });
      else if (same(old[name], now[name]))
        changes.push({ kind, name, action: 'unchanged', fields: [], values: [] });
      else {
        const o = (old[name] ?? {}) as Record<string, unknown>;
        const n = (now[name] ?? {}) as Record<string, unknown>;
        const fields =
          typeof o === 'object' && typeof n === 'object'
            ? [...new Set([...Object.keys(o), ...Object.keys(n)])].filter((f) => !same(o[f], n[f]))
            : [];
        changes.push({
          kind,
          name,
          action: 'update',
          fields,
          values: valueChanges(fields, n, o, composeLabel),
        });
      }
    }
  }
  return changes;
}

/** A unified diff (3 lines of context) of two texts, line by line. Empty when equal. */
export function unifiedDiff(before: string, after: string, context = 3): string {
  const a = splitLines(before);
  const b = splitLines(after);
  const ops = diffLines(a, b);
  if (!ops.some((op) => op.kind !== ' ')) return '';
  const out: string[] = ['--- current', '+++ new'];
  let i = 0;
  while (i < ops.length) {
    // Find the next change, then take it with its context into one hunk.
    while (i < ops.length && ops[i]!.kind === ' ') i += 1;
    if (i >= ops.length) break;
    let start = Math.max(0, i - context);
    let end = i;
    for (;;) {
      while (end < ops.length && ops[end]!.kind !== ' ') end += 1;
      let next = end;
      while (next < ops.length && ops[next]!.kind === ' ') next += 1;
      if (next < ops.length && next - end <= context * 2) end = next;
      else break;
    }
    const stop = Math.min(ops.length, end + context);
    const hunk = ops.slice(start, stop);
    const first = hunk[0]!;
    const aCount = hunk.filter((op) => op.kind !== '+').length;
    const bCount = hunk.filter((op) => op.kind !== '-').length;
    out.push(
      `@@ -${aCount ? first.aLine : first.aLine - 1},${aCount} +${bCount ? first.bLine : first.bLine - 1},${bCount} @@`,
    );
    for (const op of hunk) out.push(`${op.kind}${op.text}`);
    i = stop;
    start = stop;
  }
  return out.join('\n');
}

function splitLines(text: string): string[] {
  const lines = text.replace(/\r\n/g, '\n').split('\n');
  if (lines.at(-1) === '') lines.pop();
  return lines;
}

interface Op {
  kind: ' ' | '-' | '+';
  text: string;
  aLine: number;
  bLine: number;
}

function diffLines(a: string[], b: string[]): Op[] {
  // Common prefix and suffix first; the LCS table covers only the middle.
  let pre = 0;
  while (pre < a.length && pre < b.length && a[pre] === b[pre]) pre += 1;
  let suf = 0;
  while (
    suf < a.length - pre &&
    suf < b.length - pre &&
    a[a.length - 1 - suf] === b[b.length - 1 - suf]
  )
    suf += 1;
  const am = a.slice(pre, a.length - suf);
  const bm = b.slice(pre, b.length - suf);
  const n = am.length;
  const m = bm.length;
  const table: Uint32Array[] = Array.from({ length: n + 1 }, () => new Uint32Array(m + 1));
  for (let i = n - 1; i >= 0; i -= 1) {
    for (let j = m - 1; j >= 0; j -= 1) {
      table[i]![j] =
        am[i] === bm[j]
          ? table[i + 1]![j + 1]! + 1
          : Math.max(table[i + 1]![j]!, table[i]![j + 1]!);
    }
  }
  const ops: Op[] = [];
  let aLine = 1;
  let bLine = 1;
  const push = (kind: Op['kind'], text: string) => {
    ops.push({ kind, text, aLine, bLine });
    if (kind !== '+') aLine += 1;
    if (kind !== '-') bLine += 1;
  };
  for (let k = 0; k < pre; k += 1) push(' ', a[k]!);
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && am[i] === bm[j]) {
      push(' ', am[i]!);
      i += 1;
      j += 1;
    } else if (i < n && (j >= m || table[i + 1]![j]! >= table[i]![j + 1]!)) {
      push('-', am[i]!);
      i += 1;
    } else {
      push('+', bm[j]!);
      j += 1;
    }
  }
  for (let k = a.length - suf; k < a.length; k += 1) push(' ', a[k]!);
  return ops;
}

/** Does the plan change anything that exists (and so needs a confirmation)? */
export function touchesExisting(plan: StackPlan): boolean {
  return plan.changes.some((c) => c.action === 'update' || c.action === 'remove');
}
