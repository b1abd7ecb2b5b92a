// What the console knows of a host kept current: its pinned key, its preflight, its facts and
// Swarm membership read from its engine, and the environment's cluster as the Swarm reports it.
import { engineIdentity } from './same-engine.js';
import { DroverError } from '../../shared/errors.js';
import type { ClusterSummary, Host } from '../../shared/types.js';
import * as swarm from '../cluster/swarm.js';
import { quorumRisk, quorumState, UNREACHED_STATES } from '../cluster/quorum.js';
import { overlayAdvice } from '../cluster/overlay.js';
import { runPreflight } from './preflight.js';
import { knownHostsVerdict } from './trust.js';
import type { HostContext } from './host-context.js';
import { answerWithin } from '../swarm/poll.js';

export function repinHost(ctx: HostContext, id: number, hostKey: string): Host {
  const host = ctx.d.hosts.get(id);
  if (knownHostsVerdict(host, hostKey, ctx.d.knownHostsFile) === 'revoked') {
    throw new DroverError(
      'FORBIDDEN',
      `${hostKey} is marked @revoked in known_hosts: it cannot be pinned`,
    );
  }
  ctx.d.hosts.setHostKey(id, hostKey);
  ctx.d.connections.open(id);
  ctx.publish();
  return ctx.d.hosts.get(id);
}
export async function rerunPreflight(ctx: HostContext, id: number): Promise<Host> {
  const host = ctx.d.hosts.get(id);
  const managers = ctx.connectedManagers(host.environmentId).filter((m) => m.id !== id);
  const result = await runPreflight(ctx.d.connections.connected(id), {
    managerAddresses: managers.map((m) => m.address),
  });
  ctx.d.hosts.updateFacts(id, result.facts);
  ctx.d.hosts.setPreflight(id, result.checks);
  ctx.publish();
  return ctx.d.hosts.get(id);
}
/** Facts and membership as the host's daemon reports them, after every (re)connect. */
export async function refreshHost(ctx: HostContext, id: number): Promise<void> {
  const connection = ctx.d.connections.connected(id);
  const docker = connection.docker();
  const info = (await docker.info()) as {
    ID?: string;
    Name?: string;
    ServerVersion?: string;
    NCPU?: number;
    MemTotal?: number;
    OperatingSystem?: string;
    KernelVersion?: string;
    Swarm?: swarm.SwarmInfo;
  };
  ctx.d.hosts.updateFacts(id, {
    dockerVersion: info.ServerVersion,
    cpus: info.NCPU,
    memoryBytes: info.MemTotal,
    os: info.OperatingSystem,
    kernel: info.KernelVersion,
    engineId: engineIdentity(info) || undefined,
    hostname: info.Name || undefined,
  });
  const s = info.Swarm ?? {};
  if (s.LocalNodeState === 'active' && s.NodeID) {
    ctx.d.hosts.setMembership(id, {
      nodeId: s.NodeID,
      role: s.ControlAvailable ? 'manager' : 'worker',
    });
  }
  ctx.publish();
}
export async function clusterSummary(
  ctx: HostContext,
  environmentId: number,
): Promise<ClusterSummary> {
  const environment = ctx.d.environments.get(environmentId);
  const hosts = ctx.d.hosts.list(environmentId);
  if (!environment.swarmId) return { environmentId, swarmId: null, nodes: [], advice: [] };
  const nodes = await swarm.listNodes(ctx.d.swarm.manager(environmentId));
  const byNode = new Map(hosts.map((h) => [h.nodeId, h.id]));
  const matched = nodes.map((n) => ({ ...n, hostId: byNode.get(n.nodeId) ?? null }));
  const managerNodes = matched.filter((n) => n.role === 'manager');
  const advice = swarm.quorumAdvice(managerNodes.length, matched.length);
  // Which managers answer: Swarm's own view (heartbeats, seconds behind) and, at once, the
  // console's: a manager it cannot reach, or whose last call got no answer.
  const silent = (hostId: number) => {
    if (!ctx.d.swarm.isAnswering(hostId)) return true;
    try {
      return UNREACHED_STATES.includes(ctx.d.connections.get(hostId).status.state);
    } catch {
      return false; // not opened (a one-shot CLI): Swarm's view alone
    }
  };
  const risk = quorumRisk(
    quorumState(
      managerNodes.map((n) => ({
        name: hosts.find((h) => h.id === n.hostId)?.name ?? n.hostname,
        answering: n.state !== 'down' && !(n.hostId !== null && silent(n.hostId)),
      })),
    ),
  );
  if (risk) advice.unshift(risk);
  const overlay = overlayAdvice(
    await Promise.all(
      matched
        .filter((n) => n.hostId !== null && n.state === 'ready')
        .map(async (n) => ({
          name: hosts.find((h) => h.id === n.hostId)?.name ?? n.hostname,
          address: n.address,
          peers: await ingressPeers(ctx, n.hostId!),
          joinedAt: n.joinedAt ? Date.parse(n.joinedAt) : undefined,
        })),
    ),
  );
  if (overlay) advice.push(overlay);
  for (const node of matched.filter((n) => n.hostId === null)) {
    advice.push(
      `Node ${node.hostname} (${node.address}) is in the Swarm but Drover has no SSH details for it: add it as a host.`,
    );
  }
  return { environmentId, swarmId: environment.swarmId, nodes: matched, advice };
}

/** The addresses a host's engine hears on the ingress network; null when it cannot say now. */
async function ingressPeers(ctx: HostContext, hostId: number): Promise<string[] | null> {
  try {
    const link = ctx.d.connections.get(hostId);
    if (link.status.state !== 'connected') return null;
    const network = (await answerWithin(
      (link.docker().getNetwork('ingress') as unknown as VerboseInspect).inspect({ verbose: true }),
      2_000,
    )) as { Peers?: { IP?: string }[] } | undefined;
    return network?.Peers ? network.Peers.map((p) => p.IP ?? '') : null;
  } catch {
    return null;
  }
}

/** dockerode's typings omit the options its network inspect accepts. */
interface VerboseInspect {
  inspect(options: { verbose: boolean }): Promise<unknown>;
}
