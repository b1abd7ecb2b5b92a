// Swarm membership through Docker's API: init, join, adopt, leave, node updates. Swarm does the
// clustering; this module only asks for it, the way `docker swarm`/`docker node` would.
import type Docker from 'dockerode';
import { DroverError } from '../../shared/errors.js';
import type { ClusterNode } from '../../shared/types.js';
import { engineMessageOf } from '../swarm/engine-error.js';
import { retry, waitFor } from '../swarm/poll.js';

const outOfSequence = (error: unknown) =>
  error instanceof Error && /out of sequence/i.test(engineMessageOf(error));

/** The `Swarm` part of GET /info. */
export interface SwarmInfo {
  NodeID?: string;
  NodeAddr?: string;
  LocalNodeState?: 'inactive' | 'pending' | 'active' | 'error' | 'locked';
  ControlAvailable?: boolean;
  Error?: string;
  RemoteManagers?: { NodeID: string; Addr: string }[] | null;
  Cluster?: { ID: string };
}

export const SWARM_PORT = 2377;

export async function swarmInfo(docker: Docker): Promise<SwarmInfo> {
  const info = (await docker.info()) as { Swarm?: SwarmInfo };
  return info.Swarm ?? {};
}

/** Starts a new Swarm with this host as its first manager; returns the swarm and node ids. */
export async function initSwarm(
  docker: Docker,
  advertiseAddr: string,
): Promise<{ swarmId: string; nodeId: string }> {
  await docker.swarmInit({
    ListenAddr: `0.0.0.0:${SWARM_PORT}`,
    AdvertiseAddr: advertiseAddr,
    ForceNewCluster: false,
    Spec: { Orchestration: { TaskHistoryRetentionLimit: 5 } },
  });
  const info = await swarmInfo(docker);
  if (!info.Cluster?.ID || !info.NodeID)
    throw new DroverError('INTERNAL', 'Swarm initialised but reports no ids');
  return { swarmId: info.Cluster.ID, nodeId: info.NodeID };
}

export async function joinSwarm(
  docker: Docker,
  options: { advertiseAddr: string; managers: string[]; token: string },
): Promise<string> {
  await docker.swarmJoin({
    ListenAddr: `0.0.0.0:${SWARM_PORT}`,
    AdvertiseAddr: options.advertiseAddr,
    RemoteAddrs: options.managers.map((m) => (m.includes(':') ? m : `${m}:${SWARM_PORT}`)),
    JoinToken: options.token,
  });
  const info = await swarmInfo(docker);
  if (!info.NodeID)
    throw new DroverError('INTERNAL', 'Joined the Swarm but the node reports no id');
  return info.NodeID;
}

export async function workerToken(manager: Docker): Promise<string> {
  const swarm = (await manager.swarmInspect()) as { JoinTokens: { Worker: string } };
  return swarm.JoinTokens.Worker;
}

export async function leaveSwarm(docker: Docker, force: boolean): Promise<void> {
  await docker.swarmLeave({ force });
}

interface NodeSpec {
  Name?: string;
  Labels?: Record<string, string>;
  Role: 'manager' | 'worker';
  Availability: 'active' | 'pause' | 'drain';
}

interface NodeInspect {
  ID: string;
  Version: { Index: number };
  CreatedAt?: string;
  Spec: NodeSpec;
  Description?: { Hostname?: string };
  Status?: { State?: string; Addr?: string };
  ManagerStatus?: { Leader?: boolean; Reachability?: string; Addr?: string };
}

export async function listNodes(manager: Docker): Promise<ClusterNode[]> {
  const nodes = (await manager.listNodes()) as NodeInspect[];
  return nodes.map((n) => ({
    nodeId: n.ID,
    hostname: n.Description?.Hostname ?? '',
    address: n.Status?.Addr ?? n.ManagerStatus?.Addr?.split(':')[0] ?? '',
    role: n.Spec.Role,
    availability: n.Spec.Availability,
    state: n.Status?.State ?? 'unknown',
    leader: n.ManagerStatus?.Leader ?? false,
    joinedAt: n.CreatedAt ?? null,
    hostId: null,
  }));
}

/** Read-modify-write of a node's spec, with Swarm's version check against lost updates. */
export async function updateNode(
  manager: Docker,
  nodeId: string,
  change: (spec: NodeSpec) => NodeSpec,
): Promise<void> {
  const node = manager.getNode(nodeId);
  // Swarm itself may bump the version meanwhile (e.g. while a demotion settles): re-read.
  await retry(
    async () => {
      const current = (await node.inspect()) as NodeInspect;
      await node.update({ version: current.Version.Index, ...change(current.Spec) });
    },
    { timeoutMs: 3_000, intervalMs: 200, retryable: outOfSequence },
  );
}

/**
 * Waits until a role change is real: a promoted node is a reachable Raft member (until then a
 * demotion fails with "can't find manager in raft memberlist"), a demoted one has left Raft.
 */
export async function waitForRole(
  manager: Docker,
  nodeId: string,
  role: 'manager' | 'worker',
  timeoutMs = 30_000,
): Promise<void> {
  const settled = await waitFor(
    async () => {
      const node = (await manager.getNode(nodeId).inspect()) as NodeInspect;
      const reachable = node.ManagerStatus?.Reachability === 'reachable';
      return role === 'manager' ? reachable : !node.ManagerStatus;
    },
    { timeoutMs },
  );
  if (!settled) {
    throw new DroverError(
      'UNAVAILABLE',
      `The node did not become a ${role} within ${timeoutMs / 1000} s`,
    );
  }
}

export async function removeNode(manager: Docker, nodeId: string, force: boolean): Promise<void> {
  await manager.getNode(nodeId).remove({ force });
}

interface TaskSummary {
  ServiceID: string;
  NodeID?: string;
  Status?: { State?: string };
}

/**
 * How far a drain is: tasks still running on the node, and tasks of the same services that
 * Swarm wants running but that have not started elsewhere yet.
 */
export async function drainStatus(
  manager: Docker,
  nodeId: string,
  services: Set<string>,
): Promise<{ onNode: number; starting: number; services: Set<string> }> {
  // All tasks, whatever their desired state: a drained node's tasks are already marked for
  // shutdown while they still run, and their services are the ones to watch elsewhere.
  const tasks = (await manager.listTasks()) as (TaskSummary & { DesiredState?: string })[];
  const live = (t: TaskSummary) => ['running', 'starting'].includes(t.Status?.State ?? '');
  const onNode = tasks.filter((t) => t.NodeID === nodeId && live(t));
  for (const task of onNode) services.add(task.ServiceID);
  const starting = tasks.filter(
    (t) =>
      t.NodeID !== nodeId &&
      t.DesiredState === 'running' &&
      services.has(t.ServiceID) &&
      t.Status?.State !== 'running',
  );
  return { onNode: onNode.length, starting: starting.length, services };
}

/** Raft quorum advice for the environment's managers. */
export function quorumAdvice(managers: number, hosts: number): string[] {
  const advice: string[] = [];
  if (managers === 2) {
    advice.push(
      '2 managers tolerate no manager failure (quorum needs both): promote a third host or demote one.',
    );
  } else if (managers === 4) {
    advice.push('4 managers tolerate only 1 failure, like 3: promote a fifth host or demote one.');
  } else if (managers === 1 && hosts >= 3) {
    advice.push(
      '1 manager is a single point of failure: promote 2 more hosts to managers (3 tolerate 1 failure).',
    );
  }
  if (managers > 7) advice.push('More than 7 managers slows Raft down: demote some to workers.');
  return advice;
}
