// The topology's graph, worked out from what the core reports: hosts (groups), containers in
// them, services, load balancers (services with an `x-drover-lb` block in their compose file) and
// the edges between them. Layout is separate (layout.ts): this only says what exists.
import { parse } from 'yaml';
import { describeProblem } from '../../../shared/service-problem';
import type {
  ContainerHostState,
  ContainerHostStatus,
  ContainerSummary,
  Host,
  StackDetail,
  TaskInfo,
} from '../../../shared/types';

export type Tone = 'ok' | 'info' | 'warn' | 'error' | 'neutral';

export interface TopoHost {
  id: string;
  name: string;
  /** Its hostname in the Swarm, shown beside a Drover name that differs. */
  hostname: string | null;
  role: string;
  state: string;
  connected: boolean;
  /** How current its containers are (container.list); live when only tasks are shown. */
  containers: ContainerHostState;
  /** Since when they are unknown (the last time they were seen), if they are. */
  unknownSince: string | null;
}

export interface TopoContainer {
  id: string;
  hostKey: string;
  service: string;
  label: string;
  state: string;
  tone: Tone;
  detail: string;
}

export interface TopoService {
  /** The Swarm service name, <stack>_<service>. */
  id: string;
  stack: string;
  shortName: string;
  image: string;
  replicas: number | null;
  running: number;
  desired: number;
  mode: string;
  isLb: boolean;
  /** Swarm names of the services a load balancer sends traffic to. */
  targets: string[];
  /** The engine's latest task error (of its rules tier too, for a load balancer), in words. */
  problem: string | null;
}

export interface TopoGraph {
  hosts: TopoHost[];
  containers: TopoContainer[];
  services: TopoService[];
}

export const UNPLACED = 'unplaced';

export function containerTone(state: string): Tone {
  if (state === 'running') return 'ok';
  if (['failed', 'rejected', 'dead', 'orphaned'].includes(state)) return 'error';
  if (['shutdown', 'complete', 'exited', 'remove', 'removing'].includes(state)) return 'neutral';
  if (['paused', 'restarting'].includes(state)) return 'warn';
  return 'info';
}

/** Services carrying an x-drover-lb block, and the services they target. */
export function loadBalancers(compose: string): Map<string, string[]> {
  const result = new Map<string, string[]>();
  let doc: unknown;
  try {
    doc = parse(compose);
  } catch {
    return result;
  }
  const services = (doc as { services?: Record<string, Record<string, unknown>> } | null)?.services;
  if (!services || typeof services !== 'object') return result;
  const names = new Set(Object.keys(services));
  for (const [name, spec] of Object.entries(services)) {
    const block = spec?.['x-drover-lb'];
    if (block === undefined) continue;
    const targets = new Set<string>();
    const walk = (value: unknown) => {
      if (typeof value === 'string') {
        const head = value.split(':')[0] ?? '';
        if (names.has(head) && head !== name) targets.add(head);
      } else if (Array.isArray(value)) value.forEach(walk);
      else if (value && typeof value === 'object') Object.values(value).forEach(walk);
    };
    walk(block);
    result.set(name, [...targets]);
  }
  return result;
}

export function buildGraph(
  hosts: Host[],
  stacks: StackDetail[],
  containers: ContainerSummary[] | null,
  hostStates: ContainerHostStatus[] | null = null,
): TopoGraph {
  const known = new Map(hostStates?.map((s) => [s.hostId, s]));
  const topoHosts: TopoHost[] = hosts.map((h) => ({
    id: `host:${h.id}`,
    name: h.name,
    hostname: h.hostname,
    role: h.role,
    state: h.state,
    connected: h.state === 'connected',
    containers: known.get(h.id)?.state ?? 'live',
    unknownSince:
      known.get(h.id)?.state === 'unknown' ? (known.get(h.id)?.lastSeenAt ?? null) : null,
  }));
  const byNode = new Map(hosts.filter((h) => h.nodeId).map((h) => [h.nodeId!, `host:${h.id}`]));
  const byName = new Map(hosts.map((h) => [h.name, `host:${h.id}`]));
  const byId = new Map(hosts.map((h) => [h.id, `host:${h.id}`]));
  const extra = new Map<string, TopoHost>();
  const hostKeyFor = (nodeId: string | null, name: string | null, id?: number | null): string => {
    const known =
      (id != null ? byId.get(id) : undefined) ??
      (nodeId ? byNode.get(nodeId) : undefined) ??
      (name ? byName.get(name) : undefined);
    if (known) return known;
    // A node Drover does not manage (joined by hand): its own group.
    if (name || nodeId) {
      const key = `node:${nodeId ?? name}`;
      if (!extra.has(key))
        extra.set(key, {
          id: key,
          name: name ?? nodeId ?? '?',
          hostname: null,
          role: 'node',
          state: 'unmanaged',
          connected: true,
          containers: 'live',
          unknownSince: null,
        });
      return key;
    }
    return UNPLACED;
  };

  const services: TopoService[] = [];
  const out: TopoContainer[] = [];
  // A load balancer's rules tier is drawn as part of the LB: its tasks join the LB's node.
  const lbOwner = new Map<string, string>();
  const rulesProblem = new Map<string, string>();
  for (const stack of stacks)
    for (const s of stack.serviceDetails)
      if (s.lb?.tier === 'rules') {
        lbOwner.set(s.name, `${stack.name}_${s.lb.name}`);
        if (s.problem) rulesProblem.set(`${stack.name}_${s.lb.name}`, describeProblem(s.problem));
      }
  const owner = (service: string) => lbOwner.get(service) ?? service;
  for (const stack of stacks) {
    const lbs = loadBalancers(stack.compose);
    for (const s of stack.serviceDetails) {
      if (lbOwner.has(s.name)) {
        if (!containers)
          out.push(...s.tasks.map((t) => fromTask(owner(s.name), s.shortName, t, hostKeyFor)));
        continue;
      }
      const targets = lbs.get(s.shortName);
      services.push({
        id: s.name,
        stack: stack.name,
        shortName: s.shortName,
        image: s.image,
        replicas: s.replicas,
        running: s.runningTasks,
        desired: s.desiredTasks,
        mode: s.mode,
        isLb: targets !== undefined,
        targets: (targets ?? []).map((t) => `${stack.name}_${t}`),
        problem: s.problem ? describeProblem(s.problem) : (rulesProblem.get(s.name) ?? null),
      });
      if (!containers)
        out.push(...s.tasks.map((t) => fromTask(s.name, s.shortName, t, hostKeyFor)));
    }
  }
  if (containers) {
    // Tasks Swarm could not place yet have no container: show them apart, with the reason.
    for (const stack of stacks)
      for (const s of stack.serviceDetails)
        for (const t of s.tasks)
          if (!t.nodeId && t.desiredState === 'running')
            out.push(fromTask(owner(s.name), s.shortName, t, hostKeyFor));
    const serviceIds = new Set(services.map((s) => s.id));
    for (const c of containers) {
      const named =
        c.service && c.stack && !c.service.startsWith(`${c.stack}_`)
          ? `${c.stack}_${c.service}`
          : c.service;
      const service = named && owner(named);
      if (!service || !serviceIds.has(service)) continue;
      if (['exited', 'dead', 'removing'].includes(c.state)) continue;
      const short =
        named && lbOwner.has(named)
          ? named.slice((c.stack ?? '').length + 1)
          : (services.find((s) => s.id === service)?.shortName ?? service);
      out.push({
        id: `c:${c.id}`,
        hostKey: hostKeyFor(null, c.hostName, c.hostId),
        service,
        label: c.taskSlot !== null ? `${short}.${c.taskSlot}` : c.name,
        state: c.state,
        tone: containerTone(c.state),
        detail: c.status,
      });
    }
  }
  // A slot shows once: its running container over one left from an earlier task.
  const bySlot = new Map<string, TopoContainer>();
  const unique: TopoContainer[] = [];
  for (const c of out) {
    const key = `${c.service}/${c.label}`;
    const seen = bySlot.get(key);
    if (!seen) {
      bySlot.set(key, c);
      unique.push(c);
    } else if (seen.state !== 'running' && c.state === 'running') {
      unique[unique.indexOf(seen)] = c;
      bySlot.set(key, c);
    }
  }
  out.length = 0;
  out.push(...unique);
  out.sort(
    (a, b) =>
      a.service.localeCompare(b.service) ||
      a.label.localeCompare(b.label, undefined, { numeric: true }),
  );
  const allHosts = [...topoHosts, ...extra.values()];
  if (out.some((c) => c.hostKey === UNPLACED))
    allHosts.push({
      id: UNPLACED,
      name: 'Not placed yet',
      hostname: null,
      role: '',
      state: '',
      connected: false,
      containers: 'live',
      unknownSince: null,
    });
  return { hosts: allHosts, containers: out, services };
}

function fromTask(
  service: string,
  shortName: string,
  t: TaskInfo,
  hostKeyFor: (nodeId: string | null, name: string | null) => string,
): TopoContainer {
  return {
    id: `t:${t.id}`,
    hostKey: hostKeyFor(t.nodeId, t.host),
    service,
    label: `${shortName}.${t.slot ?? t.id.slice(0, 6)}`,
    state: t.state,
    tone: containerTone(t.state),
    detail: t.error ?? t.message,
  };
}
