// A load balancer read back from its Swarm services' labels: what export and a console with an
// empty database rebuild the single x-drover-lb service from.
import { LB_KEY, lbBlock, type LoadBalancerSpec } from '../../shared/lb.js';
import { LABEL_LB, LABEL_LB_SPEC, LABEL_LB_TIER } from './labels.js';
import { LABEL_IMAGE } from '../swarm/labels.js';
import type { RawService } from '../swarm/objects.js';

/** The LB a rules-tier service carries, or undefined (a malformed label: treated as absent). */
export function lbSpecOf(service: RawService): LoadBalancerSpec | undefined {
  const labels = service.Spec.Labels ?? {};
  if (!labels[LABEL_LB] || labels[LABEL_LB_TIER] !== 'rules') return undefined;
  try {
    const spec = JSON.parse(labels[LABEL_LB_SPEC] ?? '') as LoadBalancerSpec;
    return Array.isArray(spec.rules) ? spec : undefined;
  } catch {
    return undefined;
  }
}

/**
 * For a service of an LB: the compose service to write (from the rules tier; the edge adds
 * nothing), else undefined for ordinary services.
 */
export function lbService(
  service: RawService,
): { spec?: LoadBalancerSpec; service?: Record<string, unknown> } | undefined {
  if (!service.Spec.Labels?.[LABEL_LB]) return undefined;
  const spec = lbSpecOf(service);
  if (!spec) return {};
  return {
    spec,
    service: {
      image: spec.image ?? service.Spec.Labels[LABEL_IMAGE],
      [LB_KEY]: lbBlock(spec),
    },
  };
}

/** Which LB and tier a service belongs to, from its labels. */
export function lbTierOf(service: RawService): { name: string; tier: 'edge' | 'rules' } | null {
  const labels = service.Spec.Labels ?? {};
  const tier = labels[LABEL_LB_TIER];
  return labels[LABEL_LB] && (tier === 'edge' || tier === 'rules')
    ? { name: labels[LABEL_LB], tier }
    : null;
}
