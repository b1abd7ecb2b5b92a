// Small edits of a stored compose document (a service's replicas or image) made when the
// console changes a running service, so that a later redeploy of the stored document keeps the
// change instead of silently undoing it. The text is edited in place, keeping its comments and
// layout; a value the file takes from a ${VARIABLE} is left alone (the edit would break it).
import { isMap, isScalar, parseDocument } from 'yaml';

export interface ServiceEdit {
  replicas?: number;
  image?: string;
}

export type EditResult = { ok: true; compose: string } | { ok: false; reason: string };

export function editService(compose: string, service: string, edit: ServiceEdit): EditResult {
  let text = compose;
  const steps: [path: string[], value: string | number][] = [];
  if (edit.image !== undefined) steps.push([['services', service, 'image'], edit.image]);
  if (edit.replicas !== undefined)
    steps.push([['services', service, 'deploy', 'replicas'], edit.replicas]);
  for (const [path, value] of steps) {
    const done = setValue(text, path, value);
    if (!done.ok) return done;
    text = done.compose;
  }
  return { ok: true, compose: text };
}

function setValue(text: string, path: string[], value: string | number): EditResult {
  const doc = parseDocument(text, { version: '1.1', merge: true });
  if (doc.errors.length) return { ok: false, reason: 'the stored document does not parse' };
  if (!isMap(doc.getIn(path.slice(0, 2), true))) {
    return { ok: false, reason: `the document has no service "${path[1]}"` };
  }
  const node = doc.getIn(path, true);
  if (isScalar(node) && node.range) {
    const [start, end] = node.range;
    const source = text.slice(start, end);
    if (source.includes('$'))
      return { ok: false, reason: `${path.join('.')} comes from a variable (${source})` };
    if (node.value === value) return { ok: true, compose: text };
    const written = typeof value === 'number' ? String(value) : plainOrQuoted(value);
    return { ok: true, compose: text.slice(0, start) + written + text.slice(end) };
  }
  if (node !== undefined) return { ok: false, reason: `${path.join('.')} is not a plain value` };
  // Not in the file yet (e.g. no deploy: section): add it; the layout around it is redone.
  try {
    // doc.setIn would make the missing maps JS Maps, which YAML 1.1 writes as !!omap: the
    // missing part is built as plain data and set on the deepest map that exists.
    let depth = path.length - 1;
    while (depth > 0 && !isMap(doc.getIn(path.slice(0, depth), true))) depth--;
    const parent = doc.getIn(path.slice(0, depth), true);
    if (!isMap(parent)) throw new Error('no map to add to');
    let node: unknown = value;
    for (const key of path.slice(depth + 1).reverse()) node = { [key]: node };
    parent.set(path[depth], doc.createNode(node));
  } catch {
    // An alias on the way (deploy: *defaults) cannot be edited without changing its anchor.
    return { ok: false, reason: `${path.join('.')} goes through a YAML alias` };
  }
  return { ok: true, compose: doc.toString() };
}

/** An image reference is plain YAML unless it holds characters YAML would read otherwise. */
function plainOrQuoted(value: string): string {
  return /^[A-Za-z0-9][A-Za-z0-9._/:@-]*$/.test(value) ? value : JSON.stringify(value);
}
