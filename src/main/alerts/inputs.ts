// What the alert rules observe, read from the rest of the console: services' running vs desired
// tasks from a manager, unrequested container exits from the hosts' Docker event streams, and
// host CPU/memory from whatever samples them (the metrics sampler).
import type Docker from 'dockerode';
import type { ContainerEvent } from '../containers/events.js';
import { LABEL_SERVICE } from '../containers/list.js';
import { describeProblem } from '../../shared/service-problem.js';
import { serviceInfo } from '../stacks/inventory.js';
import type { HostUsage, ServiceTasks } from './rules.js';
import { snapshot } from '../swarm/objects.js';
import { LABEL_NAMESPACE } from '../swarm/labels.js';

/** Where host CPU/memory samples come from; the metrics sampler implements it. */
export interface HostUsageSource {
  /** Returns the unsubscribe function. */
  subscribe(listener: (hostId: number, usage: HostUsage) => void): () => void;
}

/** Every long-running service as the manager sees it now (jobs run to completion: skipped). */
export async function readServiceTasks(docker: Docker): Promise<ServiceTasks[]> {
  const { services, ...tasks } = await snapshot(docker);
  return services
    .filter((s) => !s.Spec.Mode?.ReplicatedJob && !s.Spec.Mode?.GlobalJob)
    .map((s) => {
      const info = serviceInfo(s, tasks);
      return {
        name: info.name,
        stack: info.stack,
        running: info.runningTasks,
        desired: info.desiredTasks,
        updating: ['updating', 'rollback_started'].includes(s.UpdateStatus?.State ?? ''),
        problem: info.problem ? describeProblem(info.problem) : null,
      };
    });
}

/** A failed container exit as the rules take it; undefined for any other event. */
export interface ExitFilter {
  (
    event: ContainerEvent,
  ):
    | { service: string | null; stack: string | null; exitCode: string | null; name: string }
    | undefined;
}

/**
 * Tells failures from stops and normal ends: Docker sends `kill` before the `die` of a container
 * that was stopped, removed or scaled away, and nothing before one whose process ended; of
 * those, exit code 0 is a job or one-off command that finished (Swarm jobs, `docker run --rm`).
 */
export function unrequestedExits(): ExitFilter {
  const killed = new Set<string>();
  return (e) => {
    if (e.action === 'kill') {
      killed.add(e.containerId);
      return undefined;
    }
    if (e.action === 'start' || e.action === 'destroy') killed.delete(e.containerId);
    if (e.action !== 'die') return undefined;
    if (killed.delete(e.containerId) || e.labels.exitCode === '0') return undefined;
    return {
      service: e.labels[LABEL_SERVICE] ?? null,
      stack: e.labels[LABEL_NAMESPACE] ?? null,
      exitCode: e.labels.exitCode ?? null,
      name: e.labels.name ?? e.containerId.slice(0, 12),
    };
  };
}
