// env_file, as `docker stack deploy` reads it: each file's lines become the service's variables
// (the file's own `environment:` wins), and the service spec carries them inline. Drover writes
// them inline into the compose document it deploys, so the document kept in history and on the
// cluster redeploys the same without the files. Only the CLI has the files (next to the compose
// file); the core refuses env_file elsewhere with a clear message (load.ts).
import path from 'node:path';
import { isMap, isScalar, isSeq, parseDocument, type Document, type YAMLMap } from 'yaml';

/** A variable of an env file: a value, or null for a bare name (taken from the environment). */
export type EnvFileEntry = [name: string, value: string | null];

/**
 * docker's opts.ParseEnvFile: one NAME=VALUE per line, the value taken as written (no quotes
 * removed, nothing interpolated); blank lines and lines starting with # skipped; a bare NAME
 * takes its value from the environment at deploy. Names must not contain white space.
 */
export function parseEnvFile(text: string, file: string): EnvFileEntry[] {
  const entries: EnvFileEntry[] = [];
  text
    .replace(/^\uFEFF/, '')
    .split(/\r?\n/)
    .forEach((raw, index) => {
      const line = raw.replace(/^[ \t\n\r\v\f]+/, '');
      if (!line || line.startsWith('#')) return;
      const at = line.indexOf('=');
      const name = at < 0 ? line : line.slice(0, at);
      if (!name) throw new Error(`${file} line ${index + 1}: no variable name on line '${raw}'`);
      if (/\s/.test(name))
        throw new Error(`${file} line ${index + 1}: variable '${name}' contains whitespaces`);
      entries.push([name, at < 0 ? null : line.slice(at + 1)]);
    });
  return entries;
}

export interface Inlined {
  compose: string;
  /** "web: vars.env, secrets.env" for each service whose env_file was inlined. */
  inlined: string[];
}

/**
 * The compose text with every service's env_file replaced by its variables under environment
 * (entries already there win, as in docker). `read` reads a file named relative to `folder`.
 * The text is unchanged when no service has env_file.
 */
export function inlineEnvFiles(
  compose: string,
  folder: string,
  read: (file: string) => string,
): Inlined {
  if (!/\benv_file\s*:/.test(compose)) return { compose, inlined: [] };
  const doc = parseDocument(compose, { version: '1.1', merge: true });
  if (doc.errors.length) return { compose, inlined: [] }; // the loader reports the errors
  const services = doc.get('services', true);
  if (!isMap(services)) return { compose, inlined: [] };
  const data = doc.toJS() as { services?: Record<string, { env_file?: unknown } | null> };
  const inlined: string[] = [];
  for (const pair of services.items) {
    const service = pair.value;
    if (!isMap(service) || !service.has('env_file')) continue;
    const name = String(isScalar(pair.key) ? pair.key.value : pair.key);
    const files = [data.services?.[name]?.env_file ?? []].flat().map(String);
    const variables = new Map<string, string | null>();
    for (const file of files) {
      const full = path.resolve(folder, file);
      let text: string;
      try {
        text = read(full);
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        throw new Error(
          `services.${name}.env_file: cannot read ${full}${code ? ` (${code})` : ''}`,
        );
      }
      for (const [key, value] of parseEnvFile(text, file)) variables.set(key, value);
    }
    setEnvironment(doc, service, variables);
    service.delete('env_file');
    inlined.push(`${name}: ${files.join(', ')}`);
  }
  return { compose: doc.toString(), inlined };
}

/** Adds the variables the service's environment does not set, in its own form (map or list). */
function setEnvironment(
  doc: Document,
  service: YAMLMap,
  variables: Map<string, string | null>,
): void {
  // Values are data, never ${VAR} references: a $ in them is escaped as $$.
  const escape = (value: string | null) => (value === null ? null : value.replaceAll('$', '$$$$'));
  const current = service.get('environment', true);
  if (isSeq(current)) {
    const names = new Set(
      current.items.map((item) => String(isScalar(item) ? item.value : item).split('=')[0]),
    );
    for (const [key, value] of variables) {
      if (!names.has(key))
        current.add(doc.createNode(value === null ? key : `${key}=${escape(value)}`));
    }
    return;
  }
  if (isMap(current)) {
    for (const [key, value] of variables) if (!current.has(key)) current.set(key, escape(value));
    return;
  }
  service.set(
    'environment',
    doc.createNode(Object.fromEntries([...variables].map(([key, value]) => [key, escape(value)]))),
  );
}
