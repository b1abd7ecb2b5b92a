// Tasks as the manager reports them: counts per service, and a wait for convergence that reports
// every task's state change (preparing, starting, running, failed with the engine's error).
import type Docker from 'dockerode';
import type { TaskInfo } from '../../shared/types.js';
import type { Progress } from '../operations/progress.js';
import {
  desiredCount,
  isRunning,
  isSettled,
  type RawService,
  type RawTask,
} from '../swarm/objects.js';

export function taskInfo(
  task: RawTask,
  hostOf: (nodeId: string) => string | null,
  droverName: (nodeId: string) => string | null = () => null,
): TaskInfo {
  const hostname = task.NodeID ? hostOf(task.NodeID) : null;
  return {
    id: task.ID,
    slot: task.Slot ?? null,
    nodeId: task.NodeID ?? null,
    host: (task.NodeID ? droverName(task.NodeID) : null) ?? hostname,
    nodeHostname: hostname,
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
        undefined,
        failed ? task.Status?.Err : undefined,
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
