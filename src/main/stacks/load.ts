// Schema-valid compose data → ComposeModel, expanding docker's short syntaxes the way its loader
// does, and checking what the schema cannot: references to undefined networks, volumes, configs
// and secrets, and value syntaxes. Every problem carries the path of the node it is about.
import path from 'node:path';
import type {
  ComposeFileObject,
  ComposeModel,
  ComposeNetwork,
  ComposeService,
  ComposeVolume,
} from './model.js';
import { LB_KEY, parseLbBlock, type LbContext, type LoadBalancerSpec } from '../../shared/lb.js';
import type { Env } from './interpolate.js';
import { loadService } from './load-service.js';
import {
  entries,
  str,
  bool,
  externalOf,
  externalName,
  stringMap,
  labelMap,
} from './compose-values.js';

export type Dict = Record<string, unknown>;
export type PathParts = (string | number)[];

export interface LoadIssue {
  path: PathParts;
  message: string;
}

export interface LoadResult {
  model: ComposeModel;
  issues: LoadIssue[];
  warnings: string[];
}

/** What the steps below find: problems with the path of their node, and warnings. */
export class Report {
  readonly issues: LoadIssue[] = [];
  readonly warnings: string[] = [];

  /** Runs a parse; what it throws becomes an issue at `at`, and the value undefined. */
  guard<T>(at: PathParts, work: () => T): T | undefined {
    try {
      return work();
    } catch (error) {
      this.issues.push({ path: at, message: (error as Error).message });
      return undefined;
    }
  }
}

/** The top-level objects a service may refer to, and what its loading needs. */
export interface ServiceScope {
  report: Report;
  env: Env;
  workingDir: string;
  networks: Record<string, ComposeNetwork>;
  volumes: Record<string, ComposeVolume>;
  configs: Record<string, ComposeFileObject>;
  secrets: Record<string, ComposeFileObject>;
  /** Unsupported service keys seen so far (reported once, for every service). */
  ignored: Set<string>;
}

export function loadModel(data: Dict, env: Env, workingDir: string): LoadResult {
  const report = new Report();
  const scope: ServiceScope = {
    report,
    env,
    workingDir,
    networks: loadNetworks(data.networks),
    volumes: loadVolumes(data.volumes, report),
    configs: loadFileObjects('configs', data.configs, env, workingDir, report),
    secrets: loadFileObjects('secrets', data.secrets, env, workingDir, report),
    ignored: new Set<string>(),
  };
  const services: ComposeService[] = [];
  const loadBalancers: LoadBalancerSpec[] = [];
  const plainServices = new Set(
    entries(data.services)
      .filter(([, raw]) => (raw as Dict | null)?.[LB_KEY] === undefined)
      .map(([name]) => name),
  );
  for (const [name, raw] of entries(data.services)) {
    const s = (raw ?? {}) as Dict;
    if (s[LB_KEY] === undefined) {
      services.push(loadService(name, s, scope));
      continue;
    }
    const lb = loadBalancer(name, s, {
      services: plainServices,
      secrets: new Set(Object.keys(scope.secrets)),
    });
    report.issues.push(...lb.issues);
    report.warnings.push(...lb.warnings);
    if (lb.spec) loadBalancers.push(lb.spec);
  }
  if (scope.ignored.size)
    report.warnings.push(`Ignoring unsupported options: ${[...scope.ignored].sort().join(', ')}`);
  const { networks, volumes, configs, secrets } = scope;
  return {
    model: { services, loadBalancers, networks, volumes, configs, secrets },
    issues: report.issues,
    warnings: report.warnings,
  };
}

function loadNetworks(section: unknown): Record<string, ComposeNetwork> {
  const networks: Record<string, ComposeNetwork> = {};
  for (const [name, raw] of entries(section)) {
    const n = (raw ?? {}) as Dict;
    const external = externalOf(n.external);
    networks[name] = {
      name: str(n.name) ?? (external ? (externalName(n.external) ?? name) : undefined),
      external,
      driver: str(n.driver),
      driverOpts: stringMap(n.driver_opts),
      internal: bool(n.internal),
      attachable: bool(n.attachable),
      labels: labelMap(n.labels),
      ipam: n.ipam
        ? {
            driver: str((n.ipam as Dict).driver),
            config:
              ((n.ipam as Dict).config as Dict[] | undefined)?.map((c) => ({
                subnet: str(c.subnet),
              })) ?? [],
          }
        : undefined,
    };
  }
  return networks;
}

function loadVolumes(section: unknown, report: Report): Record<string, ComposeVolume> {
  const volumes: Record<string, ComposeVolume> = {};
  for (const [name, raw] of entries(section)) {
    const v = (raw ?? {}) as Dict;
    const external = externalOf(v.external);
    if (external && (v.driver || v.driver_opts || v.labels)) {
      report.issues.push({
        path: ['volumes', name, 'external'],
        message: `conflicting parameters "external" and driver/labels for volume "${name}"`,
      });
    }
    volumes[name] = {
      name: str(v.name) ?? (external ? (externalName(v.external) ?? name) : undefined),
      external,
      driver: str(v.driver),
      driverOpts: stringMap(v.driver_opts),
      labels: labelMap(v.labels),
    };
  }
  return volumes;
}

function loadFileObjects(
  section: 'configs' | 'secrets',
  objects: unknown,
  env: Env,
  workingDir: string,
  report: Report,
): Record<string, ComposeFileObject> {
  const result: Record<string, ComposeFileObject> = {};
  for (const [name, raw] of entries(objects)) {
    const o = (raw ?? {}) as Dict;
    const external = externalOf(o.external);
    // compose-spec's `environment:` source: the content is that variable's value at deploy.
    // Unset, an existing secret stays as it is (the planner refuses creating one without it).
    const variable = str(o.environment);
    const object: ComposeFileObject = {
      name: str(o.name) ?? (external ? (externalName(o.external) ?? name) : undefined),
      external,
      labels: labelMap(o.labels),
      templateDriver: str(o.template_driver),
      content: str(o.content) ?? (variable !== undefined ? env[variable] : undefined),
      variable,
      file: str(o.file) !== undefined ? path.resolve(workingDir, String(o.file)) : undefined,
    };
    if (
      !external &&
      variable === undefined &&
      object.file === undefined &&
      object.content === undefined
    ) {
      report.issues.push({
        path: [section, name],
        message: o.driver
          ? `${section} with a driver are not supported by Drover yet`
          : `give "file" (or "external: true")`,
      });
    }
    result[name] = object;
  }
  return result;
}

/** A service with an x-drover-lb block: its image and the block; other keys do not apply. */
function loadBalancer(name: string, s: Dict, known: LbContext) {
  const parsed = parseLbBlock(name, s[LB_KEY], str(s.image), known);
  const issues: LoadIssue[] = parsed.issues.map((i) => ({
    path: ['services', name, LB_KEY, ...i.path],
    message: i.message,
  }));
  const other = Object.keys(s).filter((k) => k !== 'image' && !k.startsWith('x-'));
  const warnings = other.length
    ? [
        `${name}: a load balancer takes only image and ${LB_KEY}; ignoring ${other.sort().join(', ')}`,
      ]
    : [];
  return { spec: parsed.spec, issues, warnings };
}
