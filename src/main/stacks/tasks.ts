// Tasks as the manager reports them: counts per service, and a wait for convergence that reports
// every task's state change (preparing, starting, running, failed with the engine's error).
import type Docker from 'dockerode';
import type { TaskInfo } from '../../shared/types.js';
import type { Progress } from '../operations/progress.js';

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

export function taskInfo(task: RawTask, hostOf: (nodeId: string) => string | null): TaskInfo {
  return {
    id: task.ID,
    slot: task.Slot ?? null,
    nodeId: task.NodeID ?? null,
    host: task.NodeID ? hostOf(task.NodeID) : null,
    state: task.Status?.State ?? 'unknown',
    desiredState: task.DesiredState ?? 'unknown',
    error: task.Status?.Err || null,
    message: task.Status?.Message ?? '',
    containerId: task.Status?.ContainerStatus?.ContainerID ?? null,
    updatedAt: task.UpdatedAt ?? '',
  };
}

/** Node id → hostname, for progress lines. */
export async function nodeNames(docker: Docker): Promise<Map<string, string>> {
  const nodes = (await docker.listNodes()) as { ID: string; Description?: { Hostname?: string } }[];
  return new Map(nodes.map((n) => [n.ID, n.Description?.Hostname ?? n.ID]));
}

/**
 * Reports each task's state changes (preparing, running, failed with the engine's error) and a
 * service's running count when it moves; answers whether the service has settled.
 */
export function taskReporter(progress: Progress, nodes: Map<string, string>) {
  const lastState = new Map<string, string>();
  const lastCount = new Map<string, number>();
  return (service: RawService, own: RawTask[]): { settled: boolean; errors: string[] } => {
    const desired = desiredCount(service, own);
    const running = own.filter(isRunning).length;
    const settled = isSettled(service, own);
    const errors: string[] = [];
    for (const task of own) {
      const state = task.Status?.State ?? 'unknown';
      const failed = ['failed', 'rejected'].includes(state);
      if (failed && task.Status?.Err) errors.push(task.Status.Err);
      const key = `${state}|${task.DesiredState}`;
      if (lastState.get(task.ID) === key) continue;
      lastState.set(task.ID, key);
      if (task.DesiredState !== 'running' && !failed) continue;
      const where = task.NodeID ? ` on ${nodes.get(task.NodeID) ?? task.NodeID}` : '';
      const label = `${service.Spec.Name}.${task.Slot ?? task.NodeID ?? task.ID.slice(0, 8)}`;
      progress(
        `task:${task.ID}`,
        failed ? 'failed' : state === 'running' ? 'done' : 'running',
        `${label}${where}: ${state}${task.Status?.Err ? ` (${task.Status.Err})` : ''}`,
      );
    }
    if (lastCount.get(service.ID) !== running) {
      lastCount.set(service.ID, running);
      progress(
        `tasks:${service.Spec.Name}`,
        running === desired ? 'done' : 'running',
        `${service.Spec.Name}: ${running}/${desired} running`,
        desired ? running / desired : 1,
      );
    }
    return { settled, errors };
  };
}
