// Lists cut down to what a principal may see, and environment values masked for read-only.
// Named by the policy's `filter` field; applied by the dispatcher after the handler.
import { parseDocument, isMap, isSeq, isScalar } from 'yaml';
import type { Alert } from '../../shared/alerts.js';
import type { ContainerDetails } from '../../shared/container-details.js';
import type { ContainerMetrics, GroupMetrics, MetricsBatch } from '../../shared/metrics.js';
import type {
  ApiTokenInfo,
  AuditEntry,
  ContainerList,
  Environment,
  Host,
  LoadBalancerInfo,
  Stack,
  StackDetail,
  StackServiceInfo,
  StackVersionInfo,
} from '../../shared/types.js';
import type { Decision, Grant } from './authorize.js';
import type { ResultFilter } from './policy.js';
import { stackPatternMatches } from './stack-pattern.js';

export const MASK = '****';

/** Whether a stack (null: no stack) of an environment is visible under a grant. */
export function stackVisible(grant: Grant | null, stack: string | null): boolean {
  if (!grant) return false;
  if (grant.stacks === null) return true;
  return stack !== null && stackPatternMatches(grant.stacks, stack);
}

/** Audit entries: a site admin sees all, an environment's owner (over all stacks) its own. */
export function auditVisible(d: Decision, entry: Pick<AuditEntry, 'environmentId'>): boolean {
  if (d.siteAdmin) return true;
  if (entry.environmentId === null) return false;
  const grant = d.grant(entry.environmentId);
  return grant?.role === 'owner' && grant.stacks === null;
}

type Filter = (result: never, d: Decision, environmentId: number | undefined) => unknown;

const inEnv = (d: Decision, environmentId: number | undefined) => {
  // One lookup per call, not per row: a list of one environment shares one grant.
  const cache = new Map<number, Grant | null>();
  return (id: number = environmentId as number) => {
    if (!cache.has(id)) cache.set(id, d.grant(id));
    return cache.get(id) as Grant | null;
  };
};

const filters: Record<ResultFilter, Filter> = {
  environments: (list: Environment[], d) => list.filter((e) => d.grant(e.id) !== null),
  hosts: (list: Host[], d, env) => {
    const grant = inEnv(d, env);
    return list.filter((h) => grant(h.environmentId) !== null);
  },
  stacks: (list: Stack[], d, env) => {
    const grant = inEnv(d, env);
    return list.filter((s) => stackVisible(grant(s.environmentId), s.name));
  },
  services: (list: StackServiceInfo[], d, env) => {
    const grant = inEnv(d, env)();
    return list.filter((s) => stackVisible(grant, s.stack));
  },
  loadBalancers: (list: LoadBalancerInfo[], d, env) => {
    const grant = inEnv(d, env)();
    return list.filter((lb) => stackVisible(grant, lb.stack));
  },
  containers: (list: ContainerList, d, env) => {
    const grant = inEnv(d, env)();
    return { ...list, containers: list.containers.filter((c) => stackVisible(grant, c.stack)) };
  },
  alerts: (list: Alert[], d, env) => {
    const grant = inEnv(d, env);
    return list.filter(
      (a) =>
        stackVisible(grant(a.environmentId), a.subject.stack) ||
        hostAlert(a, grant(a.environmentId)),
    );
  },
  audit: (list: AuditEntry[], d) => list.filter((entry) => auditVisible(d, entry)),
  tokens: (list: ApiTokenInfo[], d) =>
    list.filter(
      (t) => d.siteAdmin || (d.principal.kind === 'user' && t.userId === d.principal.userId),
    ),
  metricsBatch: (batch: MetricsBatch, d) => metricsBatchFor(batch, d.grant(batch.environmentId)),
  metricsTop: (list: (ContainerMetrics | GroupMetrics)[], d, env) => {
    const grant = inEnv(d, env)();
    if (grant?.stacks === null) return list;
    // Containers, services and stacks all carry the stack label they were counted under.
    return list.filter((m) => stackVisible(grant, m.stack));
  },
  maskVersions: (list: StackVersionInfo[], d, env) =>
    readOnly(d, env) ? maskVersions(list) : list,
  maskStackDetail: (detail: StackDetail, d, env) =>
    readOnly(d, env) ? { ...detail, compose: maskCompose(detail.compose) } : detail,
  maskCompose: (compose: string, d, env) => (readOnly(d, env) ? maskCompose(compose) : compose),
  maskContainerEnv: (details: ContainerDetails, d, env) =>
    readOnly(d, env)
      ? { ...details, env: details.env.map((e) => ({ name: e.name, value: MASK })) }
      : details,
};

/** Host alerts are environment-wide: a membership limited to stacks does not see them. */
const hostAlert = (a: Alert, grant: Grant | null) =>
  grant !== null && grant.stacks === null && a.subject.stack === null;

const readOnly = (d: Decision, env: number | undefined) =>
  env !== undefined && d.grant(env)?.role === 'read-only';

export function applyFilter(
  name: ResultFilter,
  result: unknown,
  d: Decision,
  environmentId: number | undefined,
): unknown {
  return filters[name](result as never, d, environmentId);
}

/** A batch with only the stacks the grant covers (null: the batch is not for this principal). */
export function metricsBatchFor(batch: MetricsBatch, grant: Grant | null): MetricsBatch | null {
  if (!grant) return null;
  if (grant.stacks === null) return batch;
  return {
    ...batch,
    containers: batch.containers.filter((c) => stackVisible(grant, c.stack)),
    services: batch.services.filter((s) => stackVisible(grant, s.stack)),
    stacks: batch.stacks.filter((s) => stackVisible(grant, s.name)),
  };
}

/** Versions of a stack with their documents masked (read-only). */
export function maskVersions(list: StackVersionInfo[]): StackVersionInfo[] {
  return list.map((v) => ({ ...v, compose: maskCompose(v.compose) }));
}

/**
 * The compose document with the values of every service's `environment` replaced by a mask:
 * read-only members see which variables a service has, not their values. A document that does
 * not parse is withheld entirely rather than shown unmasked.
 */
export function maskCompose(text: string): string {
  const doc = parseDocument(text);
  if (doc.errors.length > 0) return `# ${MASK} (withheld: the document does not parse)\n`;
  const services = doc.get('services');
  if (!isMap(services)) return doc.toString();
  for (const pair of services.items) {
    const service = pair.value;
    if (!isMap(service)) continue;
    const environment = service.get('environment', true);
    if (isMap(environment)) {
      for (const item of environment.items) {
        if (item.value !== null) item.value = doc.createNode(MASK);
      }
    } else if (isSeq(environment)) {
      environment.items = environment.items.map((item) => {
        const text = isScalar(item) ? String(item.value) : '';
        const cut = text.indexOf('=');
        return doc.createNode(cut < 0 ? text : `${text.slice(0, cut)}=${MASK}`);
      });
    }
  }
  return doc.toString();
}
