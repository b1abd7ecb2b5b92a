// Labels that make a load balancer's Swarm objects one Drover LB again for a console with an
// empty database, and for export (inventory rebuilds the single x-drover-lb service from them).
export const LABEL_LB = 'com.drover.lb';
/** edge | rules */
export const LABEL_LB_TIER = 'com.drover.lb.tier';
/** On the rules tier: the LB's block as JSON (LoadBalancerSpec). */
export const LABEL_LB_SPEC = 'com.drover.lb.spec';

/** On the rules tier: backend slots per target ({"web": 32}); a scale beyond them regenerates. */
export const LABEL_LB_SLOTS = 'com.drover.lb.slots';

export type LbTier = 'edge' | 'rules';

/** Swarm service names: the edge keeps the LB's own name (it holds the ports users see). */
export const edgeServiceName = (stack: string, lb: string) => `${stack}_${lb}`;
export const rulesServiceName = (stack: string, lb: string) => `${stack}_${lb}-rules`;

/** Where the official haproxy image (and the lab's) reads its configuration. */
export const HAPROXY_CONFIG_PATH = '/usr/local/etc/haproxy/haproxy.cfg';
