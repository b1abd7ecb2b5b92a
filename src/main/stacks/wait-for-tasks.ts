// The wait after a deploy, scale or start: until every named service has its wanted tasks
// running, until the engine's repeated answer says they will not, or until the time is up.
import type Docker from 'dockerode';
import type { Progress } from '../operations/progress.js';
import { stuckDetector } from './task-problems.js';
import { nodeNames, taskReporter } from './tasks.js';
import { desiredCount, isRunning, type RawService, type RawTask } from '../swarm/objects.js';
import { waitFor } from '../swarm/poll.js';

export interface TaskWaitOutcome {
  /** Every named service has its wanted tasks running. */
  converged: boolean;
  /** The services that had not converged when the wait ended, and why it ended for each. */
  unconverged: { service: string; reason: string }[];
}

/**
 * Waits for the services' tasks, reporting task state changes. Ends early for a service the
 * engine keeps rejecting with the same error, or cannot schedule (the reason is the engine's
 * error); a timeout is not a failure of the deploy itself: the tasks may still come up.
 */
export async function waitForTasks(
  docker: Docker,
  serviceNames: string[],
  progress: Progress,
  timeoutMs: number,
  now: () => number = Date.now,
): Promise<TaskWaitOutcome> {
  const report = taskReporter(progress, await nodeNames(docker));
  const stuck = stuckDetector();
  let ended: TaskWaitOutcome['unconverged'] = [];
  let waiting: { service: RawService; own: RawTask[] }[] = [];
  await waitFor(
    async () => {
      const services = (await docker.listServices({
        filters: { name: serviceNames },
      })) as unknown as RawService[];
      const wanted = services.filter((s) => serviceNames.includes(s.Spec.Name));
      const ids = new Set(wanted.map((s) => s.ID));
      const tasks = (
        (await docker.listTasks({ filters: { service: wanted.map((s) => s.ID) } })) as RawTask[]
      ).filter((t) => ids.has(t.ServiceID));
      ended = [];
      waiting = [];
      for (const service of wanted) {
        const own = tasks.filter((t) => t.ServiceID === service.ID);
        if (report(service, own).settled) continue;
        const reason = stuck(service, own, now());
        if (reason) ended.push({ service: service.Spec.Name, reason });
        else waiting.push({ service, own });
      }
      return waiting.length === 0;
    },
    { timeoutMs, intervalMs: 500 },
  );
  for (const { service, own } of waiting) {
    const counts = `${own.filter(isRunning).length}/${desiredCount(service, own)}`;
    ended.push({ service: service.Spec.Name, reason: `${counts} running when the wait ended` });
  }
  for (const { service, reason } of ended)
    progress(`tasks:${service}`, 'failed', `${service}: stopped waiting: ${reason}`);
  return { converged: ended.length === 0, unconverged: ended };
}
