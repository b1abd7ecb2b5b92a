// Load balancers in a stack's compose text, for the rules editor: read them (with the services
// they may target and those services' ports) and write one back, leaving the rest of the document
// (comments, order, other services) as it was.
import { isMap, parseDocument } from 'yaml';
import {
  LB_KEY,
  lbBlock,
  parseLbBlock,
  type LbIssue,
  type LoadBalancerSpec,
} from '../../../shared/lb';

type Dict = Record<string, unknown>;

export interface ComposeLbs {
  lbs: LoadBalancerSpec[];
  /** Services an LB may send traffic to (not LBs), with the container ports the file names. */
  targets: { name: string; ports: number[] }[];
  /** The file's secrets (certificates for HTTPS rules). */
  secrets: string[];
}

export function readLbs(compose: string): ComposeLbs {
  let services: Dict = {};
  let secrets: Dict = {};
  try {
    const doc = parseDocument(compose).toJS() as { services?: Dict; secrets?: Dict } | null;
    services = doc?.services && typeof doc.services === 'object' ? doc.services : {};
    secrets = doc?.secrets && typeof doc.secrets === 'object' ? doc.secrets : {};
  } catch {
    return { lbs: [], targets: [], secrets: [] };
  }
  const entries = Object.entries(services).map(([name, s]) => [name, (s ?? {}) as Dict] as const);
  const plain = entries.filter(([, s]) => s[LB_KEY] === undefined);
  const names = new Set(plain.map(([name]) => name));
  const lbs = entries.flatMap(([name, s]) => {
    if (s[LB_KEY] === undefined) return [];
    const parsed = parseLbBlock(name, s[LB_KEY], s.image as string | undefined, {
      services: names,
      secrets: new Set(Object.keys(secrets)),
    });
    return parsed.spec ? [parsed.spec] : [];
  });
  return {
    lbs,
    targets: plain.map(([name, s]) => ({ name, ports: containerPorts(s) })),
    secrets: Object.keys(secrets),
  };
}

/** Container ports a service names: `ports` targets and `expose`. */
function containerPorts(service: Dict): number[] {
  const ports = new Set<number>();
  for (const p of (service.ports as unknown[] | undefined) ?? []) {
    if (p && typeof p === 'object') ports.add(Number((p as Dict).target));
    else {
      const spec = String(p).split('/')[0] ?? '';
      const target = spec.split(':').at(-1) ?? '';
      if (/^\d+$/.test(target)) ports.add(Number(target));
    }
  }
  for (const e of (service.expose as unknown[] | undefined) ?? []) {
    const port = Number(String(e).split('/')[0]);
    if (Number.isInteger(port)) ports.add(port);
  }
  return [...ports].filter((p) => p > 0).sort((a, b) => a - b);
}

/** The compose text with the LB written in (created, or its block replaced). */
export function writeLb(compose: string, lb: LoadBalancerSpec, previousName?: string): string {
  const doc = parseDocument(compose);
  const services = doc.get('services');
  if (!isMap(services)) throw new Error('The compose file has no services mapping');
  if (previousName && previousName !== lb.name) services.delete(previousName);
  const existing = services.get(lb.name);
  if (isMap(existing)) {
    existing.set(LB_KEY, doc.createNode(lbBlock(lb)));
    if (lb.image) existing.set('image', lb.image);
  } else {
    services.set(
      lb.name,
      doc.createNode({ ...(lb.image ? { image: lb.image } : {}), [LB_KEY]: lbBlock(lb) }),
    );
  }
  return String(doc);
}

/** Problems of an LB as the editor holds it (the same checks the core makes on deploy). */
export function lbIssues(
  lb: LoadBalancerSpec,
  targets: readonly string[],
  secrets: readonly string[],
): LbIssue[] {
  return parseLbBlock(lb.name, lbBlock(lb), lb.image, {
    services: new Set(targets),
    secrets: new Set(secrets),
  }).issues;
}
