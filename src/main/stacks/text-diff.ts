// A unified diff of two texts, line by line (Myers' O((N+M)D) algorithm), for showing what a
// redeploy changes in a compose document. Small documents, few changes: no dependency needed.

type Edit = { op: ' ' | '-' | '+'; line: string };

function lines(text: string): string[] {
  if (text === '') return [];
  const all = text.split('\n');
  if (all.at(-1) === '') all.pop();
  return all;
}

/** The shortest edit script turning `a` into `b`. */
function editScript(a: string[], b: string[]): Edit[] {
  const n = a.length;
  const m = b.length;
  const max = n + m;
  const offset = max + 1;
  let v = new Int32Array(2 * max + 3);
  const trace: Int32Array[] = [];
  let found = false;
  for (let d = 0; d <= max && !found; d++) {
    trace.push(v.slice());
    const next = v.slice();
    for (let k = -d; k <= d; k += 2) {
      let x =
        k === -d || (k !== d && (v[offset + k - 1] as number) < (v[offset + k + 1] as number))
          ? (v[offset + k + 1] as number)
          : (v[offset + k - 1] as number) + 1;
      let y = x - k;
      while (x < n && y < m && a[x] === b[y]) {
        x++;
        y++;
      }
      next[offset + k] = x;
      if (x >= n && y >= m) {
        found = true;
        break;
      }
    }
    v = next;
  }
  trace.push(v);
  // Walk back through the saved frontiers.
  const edits: Edit[] = [];
  let x = n;
  let y = m;
  for (let d = trace.length - 2; d >= 0; d--) {
    const frontier = trace[d] as Int32Array;
    const k = x - y;
    const down =
      k === -d ||
      (k !== d && (frontier[offset + k - 1] as number) < (frontier[offset + k + 1] as number));
    const prevK = down ? k + 1 : k - 1;
    const prevX = d === 0 ? 0 : (frontier[offset + prevK] as number);
    const prevY = d === 0 ? 0 : prevX - prevK;
    while (x > prevX && y > prevY) {
      edits.push({ op: ' ', line: a[--x] as string });
      y--;
    }
    if (d === 0) break;
    if (down) edits.push({ op: '+', line: b[--y] as string });
    else edits.push({ op: '-', line: a[--x] as string });
  }
  while (x > 0 && y > 0) {
    edits.push({ op: ' ', line: a[--x] as string });
    y--;
  }
  return edits.reverse();
}

/** `diff -u` output (3 lines of context); empty when the texts are equal. */
export function unifiedDiff(
  before: string,
  after: string,
  labels: { before: string; after: string } = { before: 'before', after: 'after' },
  context = 3,
): string {
  const a = lines(before);
  const b = lines(after);
  const edits = editScript(a, b);
  if (edits.every((e) => e.op === ' ')) return '';
  const out = [`--- ${labels.before}`, `+++ ${labels.after}`];
  // Positions (in both texts) at the start of each edit.
  const at: { a: number; b: number }[] = [];
  let ai = 0;
  let bi = 0;
  for (const e of edits) {
    at.push({ a: ai, b: bi });
    if (e.op !== '+') ai++;
    if (e.op !== '-') bi++;
  }
  let i = 0;
  while (i < edits.length) {
    if (edits[i]!.op === ' ') {
      i++;
      continue;
    }
    // A hunk: from `context` lines before this change to `context` lines after the last change
    // that is no more than 2 * context unchanged lines away.
    const start = Math.max(0, i - context);
    let end = i;
    let j = i;
    while (j < edits.length) {
      if (edits[j]!.op !== ' ') {
        end = j;
        j++;
        continue;
      }
      let run = 0;
      while (j + run < edits.length && edits[j + run]!.op === ' ') run++;
      if (j + run >= edits.length || run > 2 * context) break;
      j += run;
    }
    const stop = Math.min(edits.length, end + 1 + context);
    const hunk = edits.slice(start, stop);
    const from = at[start]!;
    const aCount = hunk.filter((e) => e.op !== '+').length;
    const bCount = hunk.filter((e) => e.op !== '-').length;
    const range = (first: number, count: number) =>
      `${count === 0 ? first : first + 1}${count === 1 ? '' : `,${count}`}`;
    out.push(`@@ -${range(from.a, aCount)} +${range(from.b, bCount)} @@`);
    for (const e of hunk) out.push(`${e.op}${e.line}`);
    i = stop;
  }
  return out.join('\n') + '\n';
}
