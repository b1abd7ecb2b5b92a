// Lists the value-import cycles among the TypeScript files under a folder (default src/main),
// between files and, with --folders, between its top folders (stacks -> lb -> stacks is a cycle
// even when no single file closes it). Type-only imports (`import type`, `export type`, or every
// name marked `type`) are erased at build time, so they are left out. Exits 1 on any cycle.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

const args = process.argv.slice(2);
const byFolder = args.includes('--folders');
const root = resolve(args.find((a) => !a.startsWith('--')) ?? 'src/main');
// A file's node in the graph: itself, or its top folder under root.
const nodeOf = (file) => (byFolder ? join(root, relative(root, file).split(/[\\/]/)[0]) : file);
const files = (function walk(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return walk(path);
    return /\.tsx?$/.test(name) && !/\.test\.tsx?$/.test(name) ? [path] : [];
  });
})(root);

const statement = /^(?:import|export)\s+(type\s+)?([^;]*?)\s*from\s+['"](\.[^'"]+)['"]/gms;
const typeOnly = (names) =>
  /^\{[^}]*\}$/.test(names) &&
  names
    .slice(1, -1)
    .split(',')
    .map((n) => n.trim())
    .filter(Boolean)
    .every((n) => n.startsWith('type '));

const edges = new Map();
for (const file of files) {
  const targets = edges.get(nodeOf(file)) ?? new Set();
  for (const [, typeKeyword, names, spec] of readFileSync(file, 'utf8').matchAll(statement)) {
    if (typeKeyword || typeOnly(names.trim())) continue;
    const target = resolve(dirname(file), spec.replace(/\.js$/, '.ts'));
    if (files.includes(target) && nodeOf(target) !== nodeOf(file)) targets.add(nodeOf(target));
  }
  edges.set(nodeOf(file), targets);
}
const nodes = [...edges.keys()];

// Tarjan's strongly connected components: every component of more than one file is a cycle.
let index = 0;
const stack = [],
  onStack = new Set(),
  indexOf = new Map(),
  low = new Map(),
  cycles = [];
function visit(v) {
  indexOf.set(v, index);
  low.set(v, index++);
  stack.push(v);
  onStack.add(v);
  for (const w of edges.get(v) ?? []) {
    if (!indexOf.has(w)) {
      visit(w);
      low.set(v, Math.min(low.get(v), low.get(w)));
    } else if (onStack.has(w)) low.set(v, Math.min(low.get(v), indexOf.get(w)));
  }
  if (low.get(v) !== indexOf.get(v)) return;
  const component = [];
  let w;
  do {
    w = stack.pop();
    onStack.delete(w);
    component.push(w);
  } while (w !== v);
  if (component.length > 1) cycles.push(component);
}
for (const node of nodes) if (!indexOf.has(node)) visit(node);

for (const cycle of cycles) {
  console.log(
    `cycle of ${cycle.length}: ${cycle
      .map((f) => relative(process.cwd(), f))
      .sort()
      .join(' ')}`,
  );
}
console.log(
  `${nodes.length} ${byFolder ? 'folders' : 'files'}, ${cycles.length} value-import cycle(s)`,
);
process.exit(cycles.length ? 1 : 0);
