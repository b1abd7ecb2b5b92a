// Compose text → plain data, remembering where every key and value stands in the text so that
// validation errors can point at line:column. YAML 1.1 like docker's loader (yaml.v2): octal
// modes (0440), yes/no booleans and merge keys (<<: *anchor) mean what they mean to docker.
import {
  isAlias,
  isMap,
  isPair,
  isScalar,
  isSeq,
  LineCounter,
  parseDocument,
  type Node,
  type Scalar,
} from 'yaml';

export interface Position {
  line: number;
  column: number;
}

export type Path = readonly (string | number)[];

/** A problem in the document, with where it is when known. */
export interface ComposeIssue {
  message: string;
  /** Dotted path into the document, e.g. services.web.deploy.replicas. */
  path: string;
  line?: number;
  column?: number;
}

export interface Positions {
  /** Where the value at `path` starts (or its nearest ancestor that has a position). */
  value(path: Path): Position | undefined;
  /** Where the key naming `path` stands (for unknown-key errors). */
  key(path: Path): Position | undefined;
}

export interface Parsed {
  data: unknown;
  positions: Positions;
  errors: ComposeIssue[];
}

const pathKey = (path: Path) => JSON.stringify(path.map(String));

export function parseYaml(text: string): Parsed {
  const counter = new LineCounter();
  const doc = parseDocument(text, {
    lineCounter: counter,
    version: '1.1',
    merge: true,
    prettyErrors: true,
    uniqueKeys: true,
  });
  const values = new Map<string, Position>();
  const keys = new Map<string, Position>();
  const at = (offset: number | undefined): Position | undefined => {
    if (offset === undefined) return undefined;
    const { line, col } = counter.linePos(offset);
    return { line, column: col };
  };
  const visit = (node: unknown, path: (string | number)[]) => {
    if (!node || typeof node !== 'object') return;
    const n = node as Node;
    if (isScalar(n)) keepGoString(n);
    const start = at(n.range?.[0]);
    if (start && !values.has(pathKey(path))) values.set(pathKey(path), start);
    if (isAlias(n)) return;
    if (isMap(n)) {
      for (const pair of n.items) {
        if (!isPair(pair)) continue;
        const keyNode = pair.key as Node | null;
        const name = isScalar(keyNode) ? String(keyNode.value) : String(keyNode);
        const child = [...path, name];
        const keyAt = at(keyNode?.range?.[0]);
        if (keyAt) keys.set(pathKey(child), keyAt);
        if (pair.value) visit(pair.value, child);
        else if (keyAt) values.set(pathKey(child), keyAt);
      }
    } else if (isSeq(n)) {
      n.items.forEach((item, index) => visit(item, [...path, index]));
    }
  };
  visit(doc.contents, []);

  const nearest = (map: Map<string, Position>, path: Path): Position | undefined => {
    for (let end = path.length; end >= 0; end--) {
      const found = map.get(pathKey(path.slice(0, end)));
      if (found) return found;
    }
    return undefined;
  };
  const positions: Positions = {
    value: (path) => nearest(values, path),
    key: (path) => keys.get(pathKey(path)) ?? nearest(values, path),
  };

  const errors: ComposeIssue[] = doc.errors.map((error) => {
    const [line, column] = error.linePos?.[0]
      ? [error.linePos[0].line, error.linePos[0].col]
      : [undefined, undefined];
    return { message: firstLine(error.message), path: '', line, column };
  });
  let data: unknown = undefined;
  if (errors.length === 0) {
    try {
      data = doc.toJS({ maxAliasCount: 1000 });
    } catch (error) {
      errors.push({ message: (error as Error).message, path: '' });
    }
  }
  return { data, positions, errors };
}

/** A float as Go's YAML 1.1 reader (docker's) resolves one; other plain scalars stay strings. */
const GO_FLOAT =
  /^[-+]?(\.[0-9]+|[0-9][0-9_]*(\.[0-9_]*)?)([eE][-+]?[0-9]+)?$|^[-+]?\.(inf|Inf|INF|nan|NaN|NAN)$/;

/**
 * The yaml package's 1.1 float pattern also takes "." (as NaN) and "1.2.3" (as 1.2), which
 * docker reads as the strings they are: `build: .` must stay ".".
 */
function keepGoString(scalar: Scalar): void {
  const source = (scalar as Scalar & { source?: string }).source;
  if (
    scalar.type === 'PLAIN' &&
    typeof scalar.value === 'number' &&
    typeof source === 'string' &&
    source.includes('.') &&
    !GO_FLOAT.test(source)
  )
    scalar.value = source;
}

function firstLine(message: string): string {
  return message.split('\n')[0] ?? message;
}

export function formatPath(path: Path): string {
  return path
    .map((p) => (typeof p === 'number' ? `[${p}]` : p))
    .join('.')
    .replace(/\.\[/g, '[');
}

/** "line 12:7: services.web: message" */
export function describeIssue(issue: ComposeIssue): string {
  const where = issue.line !== undefined ? `line ${issue.line}:${issue.column ?? 1}: ` : '';
  return `${where}${issue.path ? `${issue.path}: ` : ''}${issue.message}`;
}
