// Placements that can never succeed, found before anything is deployed: replicas that no set of
// nodes can hold (a published port in host mode binds once per node, max_replicas_per_node, CPU
// and memory reservations), placement constraints no node meets, and overlay networks too small
// for their tasks. Swarm would take such a service and leave tasks pending forever. Pure: the
// converted specs and the nodes as GET /nodes gives them; an empty node list decides nothing.
import type { Json, NetworkPlan, ServicePlan } from './convert.js';
import { nodeMeets, parseConstraint, type Constraint, type SwarmNode } from './constraints.js';
import { engineRefusals } from './engine-limits.js';
import type { Refusal } from './refusal.js';

export interface Feasibility {
  refusals: Refusal[];
  warnings: string[];
}

const ready = (nodes: SwarmNode[]) =>
  nodes.filter((n) => n.Spec.Availability === 'active' && n.Status?.State === 'ready');

const hostname = (n: SwarmNode) => n.Description?.Hostname ?? n.ID;

const cpus = (nano: number) => `${Number((nano / 1e9).toFixed(3))} CPU${nano === 1e9 ? '' : 's'}`;
const mib = (bytes: number) => `${Math.floor(bytes / 2 ** 20)} MiB`;

/** The parts of a converted spec placement depends on. */
function placementOf(service: ServicePlan) {
  const spec = service.spec;
  const template = spec.TaskTemplate as Json;
  const placement = (template.Placement ?? {}) as Json;
  const reservations = ((template.Resources as Json | undefined)?.Reservations ?? {}) as Json;
  const mode = (spec.Mode ?? {}) as Json;
  const ports = (((spec.EndpointSpec as Json | undefined)?.Ports ?? []) as Json[]).filter(
    (p) => p.PublishMode === 'host' && p.PublishedPort,
  );
  return {
    constraints: (placement.Constraints as string[] | undefined) ?? [],
    maxPerNode: Number(placement.MaxReplicas ?? 0),
    cpu: Number(reservations.NanoCPUs ?? 0),
    memory: Number(reservations.MemoryBytes ?? 0),
    hostPorts: ports.map((p) => Number(p.PublishedPort)),
    global: 'Global' in mode,
    replicas: 'Replicated' in mode ? Number((mode.Replicated as Json).Replicas ?? 1) : undefined,
  };
}

type Placement = ReturnType<typeof placementOf>;

/** How many tasks of the service one node can hold, by each limit that applies. */
function limitsOn(node: SwarmNode, p: Placement): { limit: Limit; tasks: number }[] {
  const resources = node.Description?.Resources ?? {};
  const limits: { limit: Limit; tasks: number }[] = [];
  if (p.hostPorts.length) limits.push({ limit: 'port', tasks: 1 });
  if (p.maxPerNode) limits.push({ limit: 'max', tasks: p.maxPerNode });
  if (p.cpu) limits.push({ limit: 'cpu', tasks: Math.floor((resources.NanoCPUs ?? 0) / p.cpu) });
  if (p.memory)
    limits.push({ limit: 'memory', tasks: Math.floor((resources.MemoryBytes ?? 0) / p.memory) });
  return limits;
}

type Limit = 'port' | 'max' | 'cpu' | 'memory';

/** The service's tasks no node set can place; at most one refusal per service. */
export function placementRefusal(service: ServicePlan, nodes: SwarmNode[]): Refusal | undefined {
  if (!nodes.length) return undefined;
  const p = placementOf(service);
  if (!p.global && p.replicas === undefined) return undefined; // jobs: not checked
  if (p.replicas === 0) return undefined;
  const refuse = (field: string, message: string): Refusal => ({
    service: service.base,
    field,
    message,
  });
  const parsed: Constraint[] = [];
  for (const expression of p.constraints) {
    const constraint = parseConstraint(expression);
    if ('error' in constraint)
      return refuse('deploy.placement.constraints', `${constraint.error}; Swarm refuses it`);
    parsed.push(constraint);
  }
  const candidates = ready(nodes);
  const eligible = candidates.filter((n) => parsed.every((c) => nodeMeets(n, c)));
  if (!eligible.length) {
    return p.constraints.length
      ? refuse(
          'deploy.placement.constraints',
          `no active, ready node meets ${p.constraints.join(' and ')} (nodes: ${describeNodes(candidates)}), so no task would ever run: label a host to match, or change the constraints`,
        )
      : refuse('deploy', 'no node is active and ready, so no task would ever run');
  }
  const perNode = eligible.map((n) => limitsOn(n, p));
  const tooBig = (limit: Limit) =>
    perNode.every((l) => l.some((x) => x.limit === limit && !x.tasks));
  const largest = (key: 'NanoCPUs' | 'MemoryBytes') =>
    Math.max(...eligible.map((n) => n.Description?.Resources?.[key] ?? 0));
  if (tooBig('cpu'))
    return refuse(
      'deploy.resources.reservations.cpus',
      `each task reserves ${cpus(p.cpu)}, more than any eligible node has (the largest has ${cpus(largest('NanoCPUs'))}), so no task would ever run: reserve less`,
    );
  if (tooBig('memory'))
    return refuse(
      'deploy.resources.reservations.memory',
      `each task reserves ${mib(p.memory)}, more than any eligible node has (the largest has ${mib(largest('MemoryBytes'))}), so no task would ever run: reserve less`,
    );
  if (p.global) {
    const left = eligible.filter((_, i) => perNode[i]!.some((x) => x.tasks === 0));
    return left.length
      ? refuse(
          'deploy.resources.reservations',
          `the reservations do not fit on ${describeNodes(left)}, whose global tasks would stay pending: reserve less, or keep those nodes out with a placement constraint`,
        )
      : undefined;
  }
  const replicas = p.replicas!;
  const total = (only?: Limit) =>
    perNode.reduce(
      (sum, limits) =>
        sum +
        Math.min(Infinity, ...limits.filter((x) => !only || x.limit === only).map((x) => x.tasks)),
      0,
    );
  const capacity = total();
  if (capacity >= replicas) return undefined;
  const binding = (['port', 'max', 'cpu', 'memory'] as const)
    .filter((limit) => total(limit) < replicas)
    .sort((a, b) => total(a) - total(b))[0]!;
  const nodesText = `${eligible.length} node${eligible.length === 1 ? '' : 's'} can run it (${describeNodes(eligible)})`;
  const why: Record<Limit, string> = {
    port: `port ${p.hostPorts.join(', ')} is published in host mode (the ingress routing mesh needs IPVS, which these hosts lack, or the file asks for host mode), so each node runs at most one task of it; ${nodesText}. Put the service behind a load balancer (x-drover-lb) and leave the port out, or lower replicas to ${capacity}`,
    max: `max_replicas_per_node is ${p.maxPerNode} and ${nodesText}: lower replicas to ${capacity} or raise max_replicas_per_node`,
    cpu: `each task reserves ${cpus(p.cpu)}, and the CPUs of the eligible nodes hold at most ${total('cpu')} such tasks: lower replicas to ${capacity} or reserve less`,
    memory: `each task reserves ${mib(p.memory)}, and the memory of the eligible nodes holds at most ${total('memory')} such tasks: lower replicas to ${capacity} or reserve less`,
  };
  return refuse('deploy.replicas', `${replicas} replicas can never all run: ${why[binding]}`);
}

function describeNodes(nodes: SwarmNode[]): string {
  return nodes.length ? nodes.map(hostname).join(', ') : 'none';
}

/** Addresses an IPv4 subnet gives tasks: less the network, broadcast and gateway addresses. */
function usableAddresses(network: NetworkPlan): number | undefined {
  const ipam = network.options.IPAM as Json | undefined;
  const subnet = ((ipam?.Config as Json[] | undefined)?.[0]?.Subnet as string | undefined) ?? '';
  if (subnet && !/^\d+\.\d+\.\d+\.\d+\/\d+$/.test(subnet)) return undefined; // IPv6: ample
  const prefix = subnet ? Number(subnet.split('/')[1]) : 24; // Swarm's default pool: /24 each
  return 2 ** (32 - prefix) - 3;
}

/**
 * Overlay networks whose subnet cannot hold their tasks: each task takes an address, each VIP
 * service one more, and each node that runs a task of the network one too ("node is missing
 * network attachments, ip addresses may be exhausted").
 */
export function subnetChecks(
  services: ServicePlan[],
  networks: NetworkPlan[],
  nodes: SwarmNode[],
): Feasibility {
  const result: Feasibility = { refusals: [], warnings: [] };
  if (!nodes.length) return result;
  const nodeCount = ready(nodes).length;
  for (const network of networks) {
    if ((network.options.Driver ?? 'overlay') !== 'overlay') continue;
    const usable = usableAddresses(network);
    if (usable === undefined) continue;
    const attached = services.filter((s) =>
      (((s.spec.TaskTemplate as Json).Networks ?? []) as Json[]).some(
        (n) => n.Target === network.name,
      ),
    );
    let tasks = 0;
    let vips = 0;
    for (const service of attached) {
      const p = placementOf(service);
      tasks += p.global ? nodeCount : (p.replicas ?? 0);
      if ((service.spec.EndpointSpec as Json | undefined)?.Mode !== 'dnsrr') vips += 1;
    }
    const nodeAddresses = Math.min(nodeCount, tasks);
    const names = attached.map((s) => s.base).join(', ');
    if (tasks + vips > usable) {
      result.refusals.push({
        service: null,
        field: null,
        message: `network ${network.name} has ${usable} addresses for tasks, fewer than the ${tasks} tasks of ${names}${vips ? ` and their ${vips} virtual IPs` : ''}: give it a larger subnet (networks: ipam: config: subnet, e.g. a /20) or fewer replicas`,
      });
    } else if (tasks + vips + nodeAddresses > usable) {
      result.warnings.push(
        `network ${network.name} has ${usable} addresses; the ${tasks} tasks of ${names}, ${vips} virtual IPs and an address for each of up to ${nodeAddresses} nodes may exhaust it (tasks then fail with "ip addresses may be exhausted"): give it a larger subnet`,
      );
    }
  }
  return result;
}

/** Everything the engine would refuse or never place in the converted stack, service by service. */
export function stackFeasibility(
  stack: { services: ServicePlan[]; networks: NetworkPlan[] },
  nodes: SwarmNode[],
): Feasibility {
  const refusals = stack.services.flatMap((service) => {
    const placement = placementRefusal(service, nodes);
    return [...engineRefusals(service), ...(placement ? [placement] : [])];
  });
  const subnets = subnetChecks(stack.services, stack.networks, nodes);
  return { refusals: [...refusals, ...subnets.refusals], warnings: subnets.warnings };
}
