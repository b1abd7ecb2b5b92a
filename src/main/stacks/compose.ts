// Compose text in, ComposeModel out, or every problem with its line:column. The steps follow
// docker's loader: YAML, interpolation, schema, then the sections. Nothing here touches a cluster.
import type { Env } from './interpolate.js';
import { interpolate } from './interpolate.js';
import { loadModel } from './load.js';
import type { ComposeModel } from './model.js';
import { formatPath, parseYaml, type ComposeIssue, type Path, type Positions } from './parse.js';
import { schemaIssues } from './schema.js';

export interface LoadOptions {
  /** Variables for ${VAR} and for environment entries without a value. */
  env?: Env;
  /** Where files named by configs/secrets and relative bind mounts are found. */
  workingDir?: string;
}

export type LoadedCompose =
  | { ok: true; model: ComposeModel; data: Record<string, unknown>; warnings: string[] }
  | { ok: false; errors: ComposeIssue[]; warnings: string[] };

export function loadCompose(text: string, options: LoadOptions = {}): LoadedCompose {
  const env = options.env ?? {};
  const parsed = parseYaml(text);
  if (parsed.errors.length) return { ok: false, errors: parsed.errors, warnings: [] };
  if (!parsed.data || typeof parsed.data !== 'object' || Array.isArray(parsed.data)) {
    return {
      ok: false,
      errors: [
        {
          message: 'A compose file is a mapping with a "services" key',
          path: '',
          line: 1,
          column: 1,
        },
      ],
      warnings: [],
    };
  }
  const place = (path: Path, message: string, atKey = false): ComposeIssue => {
    const position = atKey ? parsed.positions.key(path) : parsed.positions.value(path);
    return { message, path: formatPath(path), line: position?.line, column: position?.column };
  };

  const interpolated = interpolate(parsed.data, env);
  const warnings = [...interpolated.warnings];
  if (interpolated.errors.length) {
    return {
      ok: false,
      errors: interpolated.errors.map((e) => located(parsed.positions, e)),
      warnings,
    };
  }
  const data = interpolated.data as Record<string, unknown>;
  const shape = schemaIssues(data);
  if (shape.length) {
    return {
      ok: false,
      errors: sorted(shape.map((i) => place(i.path, i.message, i.atKey))),
      warnings,
    };
  }
  if (!data.services || Object.keys(data.services).length === 0) {
    return { ok: false, errors: [place([], 'no services defined')], warnings };
  }
  const loaded = loadModel(data, env, options.workingDir ?? process.cwd());
  warnings.push(...loaded.warnings);
  if (loaded.issues.length) {
    return {
      ok: false,
      errors: sorted(loaded.issues.map((i) => place(i.path, i.message))),
      warnings,
    };
  }
  return { ok: true, model: loaded.model, data, warnings };
}

function located(positions: Positions, issue: ComposeIssue): ComposeIssue {
  const path = issue.path ? issue.path.split('.') : [];
  const position = positions.value(path.flatMap(splitIndex));
  return { ...issue, line: position?.line, column: position?.column };
}

const splitIndex = (part: string): (string | number)[] => {
  const match = /^(.*?)((?:\[\d+\])+)$/.exec(part);
  if (!match) return [part];
  const indices = [...(match[2] as string).matchAll(/\[(\d+)\]/g)].map((m) => Number(m[1]));
  return match[1] ? [match[1], ...indices] : indices;
};

const sorted = (issues: ComposeIssue[]) =>
  [...issues].sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0));
