// Swarm objects as a manager reports them (the fields the console reads), the helpers that read
// them, and one consistent read of an environment's services, tasks and nodes.
import type Docker from 'dockerode';

export interface RawTask {
  ID: string;
  ServiceID: string;
  Slot?: number;
  NodeID?: string;
  DesiredState?: string;
  UpdatedAt?: string;
  /** The engine's copy of the service's task template the task was made from. */
  Spec?: Record<string, unknown>;
  Status?: {
    /** When the task reached its current state. */
    Timestamp?: string;
    State?: string;
    Message?: string;
    Err?: string;
    ContainerStatus?: { ContainerID?: string };
  };
}

export interface RawService {
  ID: string;
  Version: { Index: number };
  UpdatedAt?: string;
  /** Swarm's rolling update: updating, paused, completed, rollback_started, ... */
  UpdateStatus?: { State?: string; Message?: string; StartedAt?: string; CompletedAt?: string };
  Spec: {
    Name: string;
    Labels?: Record<string, string>;
    Mode?: {
      Replicated?: { Replicas?: number };
      Global?: object;
      ReplicatedJob?: object;
      GlobalJob?: object;
    };
    TaskTemplate?: Record<string, unknown>;
    EndpointSpec?: {
      Mode?: string;
      Ports?: {
        TargetPort: number;
        PublishedPort?: number;
        Protocol?: string;
        PublishMode?: string;
      }[];
    };
  } & Record<string, unknown>;
}

export const isRunning = (t: RawTask) =>
  t.DesiredState === 'running' && t.Status?.State === 'running';

/** Every wanted task of the service runs (`own` are the service's tasks). */
export function isSettled(service: RawService, own: RawTask[]): boolean {
  return (
    own.filter(isRunning).length === desiredCount(service, own) &&
    !own.some((t) => t.DesiredState === 'running' && t.Status?.State !== 'running')
  );
}

/** Tasks Swarm wants running for a service: its replicas, or its global tasks. */
export function desiredCount(service: RawService, tasks: RawTask[]): number {
  const replicas = service.Spec.Mode?.Replicated?.Replicas;
  if (replicas !== undefined) return replicas;
  if (service.Spec.Mode?.Replicated) return 1;
  return tasks.filter((t) => t.ServiceID === service.ID && t.DesiredState === 'running').length;
}

export interface Snapshot {
  services: RawService[];
  /** Tasks Swarm wants running (or accepted). */
  tasks: RawTask[];
  /** Every task the engine keeps, ended ones included: where the errors are. */
  history: RawTask[];
  nodes: Map<string, string>;
}

export async function snapshot(
  docker: Docker,
  serviceFilter?: Record<string, string[]>,
): Promise<Snapshot> {
  const [services, tasks, nodes] = await Promise.all([
    docker.listServices(serviceFilter ? { filters: serviceFilter } : {}) as unknown as Promise<
      RawService[]
    >,
    docker.listTasks() as Promise<RawTask[]>,
    docker.listNodes() as Promise<{ ID: string; Description?: { Hostname?: string } }[]>,
  ]);
  return {
    services,
    tasks: tasks.filter((t) => t.DesiredState === 'running' || t.DesiredState === 'accepted'),
    history: tasks,
    nodes: new Map(nodes.map((n) => [n.ID, n.Description?.Hostname ?? n.ID])),
  };
}
